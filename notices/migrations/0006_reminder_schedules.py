"""Install the reminder jobs' schedules as django-celery-beat periodic tasks.

Every reminder job of every app is installed here, by its Celery task's name (a string:
this app does not import the apps above it). Admins change the times, or switch a job
off, under "Periodic tasks"; `python manage.py reminders_plan` shows what the enabled
schedules will send. This migration only creates the entries that are missing and never
overwrites an admin's change. Times are Beijing time (the portal's TIME_ZONE). Each job
is idempotent (dedupe keys), so a rerun, a redelivered task or a second beat sends
nothing twice; see notices/reminders.py.
"""

import json

from django.conf import settings
from django.db import migrations
from django.utils import timezone

# name, task, (minute, hour, day of month, day of week), kwargs, enabled, description
SCHEDULES = [
    # Friday study day, default: at 08:30 on the day of each planned session, so members
    # plan their afternoon and the lead has the morning to prepare.
    (
        "reminders: study day (morning of the session)",
        "activities.send_study_day_reminders",
        ("30", "8", "*", "*"),
        {},
        True,
        "Daily 08:30: members of the branch are told today's planned study sessions "
        "(time, room, topic, lead); the lead gets a personal note. Sessions skipped for a "
        "holiday are not planned, so nothing is sent then.",
    ),
    # The day-before option: enable this one instead of (or with) the morning one. With
    # both, the day-before reminder wins and the morning run sends nothing again.
    (
        "reminders: study day (working day before, option)",
        "activities.send_study_day_reminders",
        ("0", "16", "*", "*"),
        {"days_before": 1},
        False,
        "Option, off by default: at 16:00 on the working day before each planned study "
        "session. Enable it (and disable the morning one) to warn a day ahead.",
    ),
    # Integrity notice: runs every morning; sends only on the day that is N working days
    # (ReminderSettings, default 2) before a public holiday's first day off.
    (
        "reminders: integrity notice before public holidays",
        "notices.send_integrity_notices",
        ("0", "9", "*", "*"),
        {},
        True,
        "Daily 09:00: on the N-th working day before each public holiday (reminder "
        "settings, default 2), every active member receives that holiday's integrity "
        "notice text.",
    ),
    # Theme party day: members are reminded a few working days ahead (ReminderSettings).
    (
        "reminders: theme party day",
        "activities.send_theme_day_reminders",
        ("0", "9", "*", "*"),
        {},
        True,
        "Daily 09:00: members are reminded of their branch's planned theme party day N "
        "working days before it (reminder settings, default 2).",
    ),
    # By the 20th every branch should have planned (or held) the month's theme party day:
    # the secretary is warned while ten days are left.
    (
        "reminders: theme party day not planned (20th)",
        "activities.send_theme_day_warnings",
        ("0", "9", "20", "*"),
        {},
        True,
        "On the 20th at 09:00: the secretary of each branch with no theme party day "
        "planned or held this month is warned.",
    ),
    # Early in the month, while there is time to act, each secretary sees what the
    # quarter still lacks (三会一课 and other cadence rules).
    (
        "reminders: meeting cadence (5th)",
        "activities.send_cadence_warnings",
        ("0", "9", "5", "*"),
        {},
        True,
        "On the 5th at 09:00: each secretary whose branch still lacks meetings required "
        "this quarter (compliance report) gets the list; nothing when there is no gap.",
    ),
    # Claims must not wait: a claim pending more than N working days (default 3) is
    # brought to the secretary once. Runs daily; only working days send.
    (
        "reminders: point claims waiting for a decision",
        "points.send_claim_reminders",
        ("30", "9", "*", "*"),
        {},
        True,
        "Daily 09:30 on working days: the secretary is reminded once of each point claim "
        "pending more than N working days (reminder settings, default 3).",
    ),
]


def install(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    created_any = False
    for name, task, (minute, hour, day_of_month, day_of_week), kwargs, enabled, text in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            day_of_week=day_of_week,
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        _task, created = PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "crontab": crontab,
                "kwargs": json.dumps(kwargs),
                "enabled": enabled,
                "description": text,
            },
        )
        created_any = created_any or created
    if created_any:
        _tell_running_beat(apps)


def uninstall(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[row[0] for row in SCHEDULES]).delete()
    _tell_running_beat(apps)


def _tell_running_beat(apps):
    # What django-celery-beat's signals do on save (migrations send none): a running
    # beat re-reads its schedule when this timestamp changes.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0005_integrity_texts"),
        ("notices", "0003_sweep_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
