"""The theory study day's point rules follow its one code name: `attend_theory_study` and
`lead_theory_study` (databases migrated before this one) become `attend_study_day` and
`lead_study_day`. The rows keep their ids, so every point entry stays with its rule."""

from django.db import migrations

RENAMES = {"attend_theory_study": "attend_study_day", "lead_theory_study": "lead_study_day"}


def forwards(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    for old, new in RENAMES.items():
        if not PointRule.objects.filter(code=new).exists():
            PointRule.objects.filter(code=old).update(code=new)


def backwards(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    for old, new in RENAMES.items():
        PointRule.objects.filter(code=new).update(code=old)


class Migration(migrations.Migration):
    dependencies = [("points", "0005_default_star_titles"), ("activities", "0004_study_day")]

    operations = [migrations.RunPython(forwards, backwards)]
