"""The theory study day has one name in code, `study_day`, and a weekly cadence.

* The activity type's code `theory_study` (databases migrated before this one) becomes
  `study_day`; its rows keep their id, so activities and point rules are unchanged.
* The type gets the cadence "1 every working week" (compliance: every working Friday of
  the branch's weekly series), unless an admin already gave it a cadence.
* A default type 集中研讨 (seminar, code `seminar`) joins 党课 and 警示教育.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    if not ActivityType.objects.filter(code="study_day").exists():
        ActivityType.objects.filter(code="theory_study").update(code="study_day")
    ActivityType.objects.filter(code="study_day", cadence_count__isnull=True).update(
        cadence_count=1, cadence_period="week"
    )
    ActivityType.objects.get_or_create(
        code="seminar",
        defaults={
            "name": "集中研讨",
            "category": "study",
            "level": "any",
            "audience": "members",
            "takes_attendance": True,
            "sort_order": 85,
        },
    )


def backwards(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    ActivityType.objects.filter(code="study_day", cadence_period="week").update(
        cadence_count=None, cadence_period=None
    )
    ActivityType.objects.filter(code="study_day").update(code="theory_study")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_rota"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activitytype",
            name="cadence_period",
            field=models.CharField(
                blank=True,
                choices=[
                    ("week", "working week"),
                    ("month", "month"),
                    ("quarter", "quarter"),
                    ("year", "year"),
                ],
                max_length=10,
                null=True,
                verbose_name="cadence period",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
