"""Default periodic tasks (django-celery-beat rows), installed by the app that owns each job.

Every app that has a scheduled job declares its defaults next to the job and installs
them from its own ``post_migrate`` handler, so this lower app never names the apps above
it and a new app needs no migration in notices::

    # ledgers/apps.py
    def ready(self):
        from notices.schedules import DefaultSchedule, install_on_migrate

        install_on_migrate(self, [
            DefaultSchedule(
                name="reminders: tasks falling due",
                task="ledgers.send_task_reminders",
                crontab=("0", "8", "*", "*"),           # minute, hour, day of month, day of week
                description="Daily 08:00: assignees of periods due in N working days …",
            ),
        ])

Installing is idempotent and conservative: a row is created only when no periodic task
of that name exists, so an admin's changes (time, kwargs, enabled flag) are kept. A
deleted row is created again by the next ``migrate``: to switch a job off, untick
"enabled" in the admin rather than deleting it.
Times are in the portal's TIME_ZONE (Beijing). A running beat is told to re-read its
schedule when anything was created.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils import timezone


@dataclass(frozen=True)
class DefaultSchedule:
    """One default periodic task: a crontab (minute, hour, day of month, day of week)."""

    name: str
    task: str
    crontab: tuple[str, str, str, str]
    kwargs: dict = field(default_factory=dict)
    enabled: bool = True
    description: str = ""


def install_default_schedules(
    schedules: Iterable[DefaultSchedule], *, using: str = DEFAULT_DB_ALIAS
) -> list[str]:
    """Create the periodic tasks that do not exist yet (by name); returns their names."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

    created_names = []
    for schedule in schedules:
        if PeriodicTask.objects.using(using).filter(name=schedule.name).exists():
            continue
        minute, hour, day_of_month, day_of_week = schedule.crontab
        crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            day_of_week=day_of_week,
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.using(using).create(
            name=schedule.name,
            task=schedule.task,
            crontab=crontab,
            kwargs=json.dumps(schedule.kwargs),
            enabled=schedule.enabled,
            description=schedule.description,
        )
        created_names.append(schedule.name)
    if created_names:
        # What django-celery-beat's own signals do on save: a running beat re-reads its
        # schedule when this timestamp changes.
        PeriodicTasks.objects.using(using).update_or_create(
            ident=1, defaults={"last_update": timezone.now()}
        )
    return created_names


def install_on_migrate(app_config, schedules: Iterable[DefaultSchedule]) -> None:
    """Install `schedules` after every ``migrate`` of `app_config`'s app (post_migrate)."""
    schedules = list(schedules)

    def install(sender, using=DEFAULT_DB_ALIAS, plan=None, **kwargs):
        # A migrate that only rolled back (or ran for another database router) has no
        # beat tables to write to; then there is nothing to install.
        from django.db import connections

        tables = connections[using].introspection.table_names()
        if "django_celery_beat_periodictask" not in tables:
            return
        install_default_schedules(schedules, using=using)

    # Django sends post_migrate only for apps with a models module; an app without models
    # (a dashboard) installs when django_celery_beat's own post_migrate is sent.
    sender = app_config
    if app_config.models_module is None:
        sender = app_config.apps.get_app_config("django_celery_beat")
    post_migrate.connect(
        install, sender=sender, weak=False, dispatch_uid=f"schedules:{app_config.label}"
    )
