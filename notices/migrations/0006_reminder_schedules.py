"""Formerly installed every reminder job's default schedule; now does nothing.

Each app now installs the default periodic tasks of its own jobs after every ``migrate``
(its ``AppConfig.ready()`` calls ``notices.schedules.install_on_migrate``), so this
lower app names no job of the apps above it. Databases that ran the old version keep
their rows (and an admin's changes to them); a new database gets them from post_migrate.
The migration stays so that the history of existing databases is intact.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0005_integrity_texts"),
        ("notices", "0003_sweep_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
