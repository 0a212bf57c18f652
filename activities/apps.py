import json

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The activities app's own periodic tasks: name, task, (minute, hour, day of month, day of
# week), kwargs, enabled, description. Installed after every migrate when missing; an
# admin's changes (time, enabled) are kept.
PERIODIC_TASKS = [
    (
        "rota: keep study sessions planned ahead",
        "activities.plan_rotas",
        ("15", "2", "*", "*"),
        {},
        True,
        "Daily 02:15: every active series with a weekly or monthly schedule gets its sessions "
        "planned ROTA_WEEKS_AHEAD weeks ahead (default 8), leads rotating and days off "
        "skipped; sessions already there are never changed.",
    ),
]


def install_periodic_tasks(sender=None, using="default", **kwargs):
    """Create the app's default periodic tasks that are missing (idempotent)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

    created_any = False
    for name, task, (
        minute,
        hour,
        day_of_month,
        day_of_week,
    ), task_kwargs, enabled, text in PERIODIC_TASKS:
        if PeriodicTask.objects.using(using).filter(name=name).exists():
            continue
        crontab, _created = CrontabSchedule.objects.using(using).get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            day_of_week=day_of_week,
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.using(using).create(
            name=name,
            task=task,
            crontab=crontab,
            kwargs=json.dumps(task_kwargs),
            enabled=enabled,
            description=text,
        )
        created_any = True
    if created_any:
        PeriodicTasks.update_changed()


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        # The study day, theme party day and cadence reminder jobs (notices/reminders.py).
        from activities import reminders

        reminders.register_jobs()
        post_migrate.connect(
            install_periodic_tasks, sender=self, dispatch_uid="activities.periodic_tasks"
        )
