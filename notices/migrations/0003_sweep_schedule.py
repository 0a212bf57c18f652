"""Install the outbox sweep as a django-celery-beat periodic task.

When: every 5 minutes, all day.
Why: a notification's delivery is queued when its transaction commits; if the broker
was unreachable at that moment (or a task was lost, or a worker died while sending),
the delivery stays pending in the database. The sweep queues those again, so a Redis
outage delays messages by at most a few minutes and loses none. Running it more often,
or twice, sends nothing twice (deliveries are claimed before sending).

Admins may change the interval under "Periodic tasks"; this migration only creates the
entry when it is missing and never overwrites an admin's change.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "notices: deliver pending notifications (sweep)"


def install(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    _task, created = PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "notices.sweep_pending",
            "interval": every_five_minutes,
            "enabled": True,
            "description": (
                "Every 5 minutes: queue notification deliveries still pending a minute "
                "after they were due (broker down at commit, lost task) or stuck in "
                "'sending' for 10 minutes (worker died). Safe to run twice."
            ),
        },
    )
    if created:
        _tell_running_beat(apps)


def uninstall(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()
    _tell_running_beat(apps)


def _tell_running_beat(apps):
    # What django-celery-beat's signals do on save (migrations send none): a running
    # beat re-reads its schedule when this timestamp changes.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
