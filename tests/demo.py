"""The demo, seeded once per test MODULE (seeding takes ~15 s; see STYLE.md, tests).

`seeded_once(seed, now=...)` makes a module-scoped fixture: it runs `seed()` once, at the
frozen time `now`, inside a transaction that stays open for the module's tests and is
rolled back after the last one. Each test still runs in its own savepoint (the `db`
fixture), so what one test changes is gone for the next::

    demo = seeded_once(lambda: call_command("seed_demo"), now=NOW)

    def test_something(demo): ...

A module that uses it must not have tests that expect an empty database (put those in a
module of their own).
"""

from contextlib import nullcontext

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from config.management.commands.seed_demo import analyze  # also after a module's own rows


def vacuum() -> None:
    """Clear what earlier seeds left in the tables, before seeding again (outside any
    transaction).

    Each seed is rolled back and leaves its rows dead. Autovacuum, cleaning them up while
    the next seed runs, counts none of that seed's uncommitted rows and records the tables
    as empty while keeping their pages: the planner then takes every table for a few rows
    and a seed that takes 40 s takes 10 minutes and more. A VACUUM first leaves autovacuum
    nothing to do, and tables that are empty and sized from their pages.
    """
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(connection.ops.quote_name(t) for t in connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {tables}")


def seeded_once(seed, *, now, language: str | None = None):
    """A module-scoped fixture whose value is what `seed()` returned."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp("demo-media")
        with django_db_blocker.unblock():
            vacuum()
        with django_db_blocker.unblock(), transaction.atomic():
            with (
                time_machine.travel(now, tick=False),
                override_settings(MEDIA_ROOT=media),
                translation.override(language) if language else nullcontext(),
            ):
                result = seed()
            analyze()
            yield result
            transaction.set_rollback(True)

    return fixture
