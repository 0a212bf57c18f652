"""The Celery application.

Configuration comes from Django settings with the CELERY_ prefix; tasks are found
in each installed app's tasks.py. Periodic jobs are rows of django-celery-beat
(editable in the admin); each app installs its defaults after migrate
(notices/schedules.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="portal.ping", ignore_result=False)
def ping() -> str:
    """Answer "pong": used by the health check's worker probe and the integration tests."""
    return "pong"
