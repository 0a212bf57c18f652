"""Pre-load a court's default point rules and the points settings (all editable in the admin).

The scheme follows published court member-points schemes (基础分 + 加分 − 扣分):
every member starts the year with a base of 70 (PointsSettings); attending organisational
life earns points automatically from the activity records; study, casework, volunteer
and honour achievements beyond the records are claimed with evidence and approved by
the branch secretary; unexcused absence (缺席, not 请假) from 三会一课 is deducted.

Caps are in points per member per calendar month / year:
* theory study day: +1 per Friday study, at most 4 a month (one a week);
* study articles: +2 each, at most 10 a month (seed 003 asks 1–5 study articles a month);
* volunteer service: +3 per recorded service, at most 12 a year; claimed outside service
  +2 each, at most 10 a year;
* party information adopted (党建信息被采用): +1 each, at most 5 a month.
"""

from decimal import Decimal

from django.db import migrations

# code, name, category, points, source, activity type code, status, role, month cap, year cap, evidence
RULES = [
    # Organisational life: attendance (automatic).
    ("attend_general_meeting", "参加支部党员大会", "organisational_life", "2", "attendance", "general_meeting", "present", "", None, None, False),
    ("attend_committee_meeting", "参加支部委员会会议", "organisational_life", "2", "attendance", "committee_meeting", "present", "", None, None, False),
    ("attend_group_meeting", "参加党小组会", "organisational_life", "2", "attendance", "group_meeting", "present", "", None, None, False),
    ("attend_party_lecture", "参加党课", "organisational_life", "2", "attendance", "party_lecture", "present", "", None, None, False),
    ("attend_theme_party_day", "参加主题党日", "organisational_life", "2", "attendance", "theme_party_day", "present", "", None, None, False),
    ("attend_annual_review", "参加组织生活会", "organisational_life", "2", "attendance", "annual_review", "present", "", None, None, False),
    ("attend_democratic_evaluation", "参加民主评议党员", "organisational_life", "1", "attendance", "democratic_evaluation", "present", "", None, None, False),
    ("attend_co_building", "参加联建共建活动", "organisational_life", "2", "attendance", "co_building", "present", "", None, None, False),
    # Study: attendance and leading (automatic).
    ("attend_study_day", "参加理论学习日", "study", "1", "attendance", "study_day", "present", "", "4", None, False),
    ("lead_study_day", "理论学习日领学", "study", "2", "attendance", "study_day", "present", "lead", None, None, False),
    ("attend_micro_lecture", "参加微党课", "study", "1", "attendance", "micro_lecture", "present", "", None, None, False),
    ("speak_micro_lecture", "讲授微党课", "study", "3", "attendance", "micro_lecture", "present", "lead", None, None, False),
    ("attend_youth_talk", "参加青年说", "study", "1", "attendance", "youth_talk", "present", "", None, None, False),
    ("speak_youth_talk", "青年说主讲", "study", "3", "attendance", "youth_talk", "present", "lead", None, None, False),
    ("attend_warning_education", "参加警示教育", "study", "1", "attendance", "warning_education", "present", "", None, None, False),
    ("attend_knowledge_contest", "参加知识竞赛", "study", "1", "attendance", "knowledge_contest", "present", "", None, None, False),
    # Casework and business: attendance (automatic).
    ("attend_case_review", "参加案例讲评会", "casework", "1", "attendance", "case_review", "present", "", None, None, False),
    ("present_case_review", "案例讲评会主讲", "casework", "2", "attendance", "case_review", "present", "lead", None, None, False),
    # Volunteer service: attendance (automatic).
    ("attend_volunteer_service", "参加志愿服务", "volunteer_service", "3", "attendance", "volunteer_service", "present", "", None, "12", False),
    # Deductions: unexcused absence from 三会一课 (automatic).
    ("absent_general_meeting", "无故缺席支部党员大会", "deductions", "-2", "attendance", "general_meeting", "absent", "", None, None, False),
    ("absent_committee_meeting", "无故缺席支部委员会会议", "deductions", "-2", "attendance", "committee_meeting", "absent", "", None, None, False),
    ("absent_group_meeting", "无故缺席党小组会", "deductions", "-2", "attendance", "group_meeting", "absent", "", None, None, False),
    ("absent_party_lecture", "无故缺席党课", "deductions", "-2", "attendance", "party_lecture", "absent", "", None, None, False),
    # Claims with evidence.
    ("claim_study_article", "发表学习心得或理论文章", "study", "2", "claim", None, "", "", "10", None, True),
    ("claim_party_information", "党建信息被采用", "organisational_life", "1", "claim", None, "", "", "5", None, True),
    ("claim_research_paper", "调研文章、学术论文发表或获奖", "casework", "5", "claim", None, "", "", None, None, True),
    ("claim_excellent_judgment", "优秀裁判文书、精品案例入选", "casework", "3", "claim", None, "", "", None, None, True),
    ("claim_volunteer_outside", "参加院外志愿服务", "volunteer_service", "2", "claim", None, "", "", None, "10", True),
    ("claim_honour_court", "获院级表彰", "honours", "3", "claim", None, "", "", None, None, True),
    ("claim_honour_city", "获市级表彰", "honours", "5", "claim", None, "", "", None, None, True),
    ("claim_honour_province", "获省级及以上表彰", "honours", "8", "claim", None, "", "", None, None, True),
    # By hand (admin) and by star awards.
    ("manual_bonus", "其他加分（支部认定）", "organisational_life", "1", "manual", None, "", "", None, None, False),
    ("manual_casework", "审判执行业务加分（支部认定）", "casework", "1", "manual", None, "", "", None, None, False),
    ("manual_deduction", "违反纪律规定扣分", "deductions", "-5", "manual", None, "", "", None, None, False),
    ("star_award", "获评审判之星、执行之星、服务之星", "honours", "5", "award", None, "", "", None, None, False),
]


def load(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    PointsSettings = apps.get_model("points", "PointsSettings")
    ActivityType = apps.get_model("activities", "ActivityType")
    types = {t.code: t for t in ActivityType.objects.all()}
    for order, row in enumerate(RULES, start=1):
        code, name, category, points, source, type_code, status, role, month, year, evidence = row
        if type_code is not None and type_code not in types:
            continue  # an installation that removed the activity type
        PointRule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "points": Decimal(points),
                "source": source,
                "activity_type": types.get(type_code) if type_code else None,
                "attendance_status": status,
                "attendance_role": role,
                "monthly_cap": Decimal(month) if month else None,
                "yearly_cap": Decimal(year) if year else None,
                "evidence_required": evidence,
                "sort_order": order * 10,
            },
        )
    PointsSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0001_initial"),
        ("activities", "0002_activity_types"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
