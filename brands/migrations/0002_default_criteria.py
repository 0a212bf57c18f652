"""The default certification criteria: the five marks (五有), equally weighted."""

from django.db import migrations

FIVE_MARKS = [("名称", 20), ("标识", 20), ("内涵", 20), ("载体", 20), ("影响", 20)]


def add_defaults(apps, schema_editor):
    Criterion = apps.get_model("brands", "CertificationCriterion")
    for position, (name, weight) in enumerate(FIVE_MARKS, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": weight, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("brands", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
