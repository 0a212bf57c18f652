"""Pre-load the activity types; cadences follow the 中国共产党支部工作条例 (editable in the admin)."""

from django.db import migrations

# code, name, category, statutory, level, audience, attendance, results, count, period
TYPES = [
    ("general_meeting", "支部党员大会", "three_meetings", True, "branch", "members", True, False, 1, "quarter"),
    ("committee_meeting", "支部委员会会议", "three_meetings", True, "branch", "committee", True, False, 1, "month"),
    ("group_meeting", "党小组会", "three_meetings", True, "group", "members", True, False, 1, "month"),
    ("party_lecture", "党课", "three_meetings", True, "any", "members", True, False, 1, "quarter"),
    ("theme_party_day", "主题党日", "theme_party_day", False, "branch", "members", True, False, 1, "month"),
    ("study_day", "理论学习日", "study", False, "branch", "members", True, False, None, None),
    ("micro_lecture", "微党课", "study", False, "any", "members", True, False, None, None),
    ("youth_talk", "青年说", "study", False, "any", "members", True, False, None, None),
    ("annual_review", "组织生活会", "review", False, "branch", "members", True, False, 1, "year"),
    ("democratic_evaluation", "民主评议党员", "review", False, "branch", "members", True, False, 1, "year"),
    ("heart_to_heart", "谈心谈话", "review", False, "branch", "members", False, False, None, None),
    ("co_building", "联建共建", "co_building", False, "branch", "members", True, True, None, None),
    ("volunteer_service", "志愿服务", "service", False, "any", "members", True, True, None, None),
    ("warning_education", "警示教育", "education", False, "any", "members", True, False, None, None),
    ("case_review", "案例讲评会", "education", False, "branch", "members", True, False, None, None),
    ("knowledge_contest", "知识竞赛", "education", False, "any", "members", True, False, None, None),
    ("other", "其他", "other", False, "any", "members", True, False, None, None),
]


def load_types(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    for order, row in enumerate(TYPES, start=1):
        code, name, category, statutory, level, audience, attendance, results, count, period = row
        ActivityType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "is_statutory": statutory,
                "level": level,
                "audience": audience,
                "takes_attendance": attendance,
                "has_results": results,
                "cadence_count": count,
                "cadence_period": period,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(load_types, migrations.RunPython.noop)]
