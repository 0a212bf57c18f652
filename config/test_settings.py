"""Settings for the test suite: the production profile with test-friendly defaults.

`make test` exports DATABASE_URL (PostgreSQL) and REDIS_URL; these defaults only fill
what a test run must not depend on the caller for.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("PLAIN_STATIC_STORAGE", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The tests' own folder; a worker started by an integration test is given the test's
# folder through MEDIA_ROOT in its environment (tests/integration/conftest.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "test-media")
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic before tests

# Integration tests only: make an import job wait after N rows (branches/import_jobs.py),
# so that a test can kill its worker at a known point.
if os.environ.get("IMPORT_JOB_PAUSE_DIR"):
    IMPORT_JOB_PAUSE = (
        int(os.environ.get("IMPORT_JOB_PAUSE_ROWS", "1")),
        os.environ["IMPORT_JOB_PAUSE_DIR"],
    )
# A test app above notices that registers a notification kind and a default schedule
# without touching notices/ (tests/notices/test_registries.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_app"]  # noqa: F405
