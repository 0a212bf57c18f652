"""The database itself refuses to change or delete point entries (the ledger is append-only).

PostgreSQL: a BEFORE UPDATE OR DELETE trigger raises. SQLite (the embedded development
default): two triggers that abort. TRUNCATE, used only by test-database flushes, is not
affected.
"""

from django.db import migrations

POSTGRESQL = [
    (
        """
        CREATE FUNCTION points_pointentry_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'points_pointentry is append-only: % refused (correct with a reversing entry)', TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$ LANGUAGE plpgsql;
        """,
        "DROP FUNCTION IF EXISTS points_pointentry_append_only();",
    ),
    (
        """
        CREATE TRIGGER points_pointentry_append_only
            BEFORE UPDATE OR DELETE ON points_pointentry
            FOR EACH ROW EXECUTE FUNCTION points_pointentry_append_only();
        """,
        "DROP TRIGGER IF EXISTS points_pointentry_append_only ON points_pointentry;",
    ),
]

SQLITE = [
    (
        """
        CREATE TRIGGER points_pointentry_no_update BEFORE UPDATE ON points_pointentry
        BEGIN SELECT RAISE(ABORT, 'points_pointentry is append-only: UPDATE refused'); END;
        """,
        "DROP TRIGGER IF EXISTS points_pointentry_no_update;",
    ),
    (
        """
        CREATE TRIGGER points_pointentry_no_delete BEFORE DELETE ON points_pointentry
        BEGIN SELECT RAISE(ABORT, 'points_pointentry is append-only: DELETE refused'); END;
        """,
        "DROP TRIGGER IF EXISTS points_pointentry_no_delete;",
    ),
]


def _statements(schema_editor):
    vendor = schema_editor.connection.vendor
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, [])


def create(apps, schema_editor):
    for forward, _backward in _statements(schema_editor):
        schema_editor.execute(forward, params=None)


def drop(apps, schema_editor):
    for _forward, backward in reversed(_statements(schema_editor)):
        schema_editor.execute(backward, params=None)


class Migration(migrations.Migration):
    dependencies = [("points", "0002_default_rules")]

    operations = [migrations.RunPython(create, drop)]
