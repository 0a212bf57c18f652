"""Pre-load the three star titles of seed 001 (editable in the admin).

* 审判之星 (trial star): judges, judges' assistants and clerks;
* 执行之星 (enforcement star): members of the enforcement departments (department name
  contains 执行: 执行局, 执行一庭 ...);
* 服务之星 (service star): every member.

Each adds the points of the honours rule `star_award` (loaded by 0002) to a winner.
"""

from django.db import migrations

TITLES = [
    ("trial_star", "审判之星", ["judge", "assistant", "clerk"], [], "审判质效突出、办案公正高效的审判人员。"),
    ("enforcement_star", "执行之星", [], ["执行"], "执行攻坚成效显著、兑现胜诉权益突出的执行干警。"),
    ("service_star", "服务之星", [], [], "诉讼服务、综合保障和为群众办实事表现突出的党员。"),
]


def load(apps, schema_editor):
    StarTitle = apps.get_model("points", "StarTitle")
    PointRule = apps.get_model("points", "PointRule")
    rule = PointRule.objects.filter(code="star_award").first()
    for order, (code, name, jobs, departments, description) in enumerate(TITLES, start=1):
        StarTitle.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "job_categories": jobs,
                "departments": departments,
                "description": description,
                "rule": rule,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("points", "0004_star_awards_evaluation")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
