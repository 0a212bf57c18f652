"""Browser tests (Playwright in Chromium, tests/browser.py): shared fixtures."""

import importlib

import pytest
from django.apps import apps


@pytest.fixture
def activity_types(db):
    """A transactional test starts from empty tables: load the types as the migration does."""
    from activities.models import ActivityType

    if not ActivityType.objects.exists():
        migration = importlib.import_module("activities.migrations.0002_activity_types")
        migration.load_types(apps, None)
    return {t.code: t for t in ActivityType.objects.all()}
