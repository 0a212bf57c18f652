"""Installing the default standard targets (8+X) after `migrate`: a default installed while
the activity types were missing (a flushed database) is bound to its type by code once the
types are back; installing again changes nothing; a type an admin changed or cleared stays."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from activities.models import ActivityType
from ledgers.defaults import DEFAULTS, install_standard_targets
from ledgers.models import StandardTarget

pytestmark = pytest.mark.django_db

COUNTED = {code: type_code for code, _t, _p, type_code, _r, _o in DEFAULTS if type_code}


def load_types():
    importlib.import_module("activities.migrations.0002_activity_types").load_types(apps, None)


@pytest.fixture
def installed_without_types():
    """The defaults as a flush leaves them (a browser test's teardown): installed by the
    flush's post_migrate while no activity type existed; then the types are loaded again."""
    call_command("flush", interactive=False, verbosity=0)
    assert StandardTarget.objects.count() == len(DEFAULTS)
    assert not StandardTarget.objects.filter(activity_type__isnull=False).exists()
    load_types()


def bindings() -> dict[str, str | None]:
    return {
        target.code: target.activity_type.code if target.activity_type else None
        for target in StandardTarget.objects.select_related("activity_type")
    }


def test_install_binds_the_defaults_left_without_their_type(installed_without_types):
    assert install_standard_targets() == len(COUNTED)

    found = bindings()
    assert len(found) == len(DEFAULTS)  # bound, not duplicated
    assert {code: found[code] for code in COUNTED} == COUNTED
    assert found["heart_to_heart"] is None  # ticked by hand, as the default says


def test_installing_again_changes_nothing(installed_without_types):
    install_standard_targets()
    before = bindings()
    history = StandardTarget.history.count()

    assert install_standard_targets() == 0
    assert bindings() == before
    assert StandardTarget.history.count() == history


def test_a_type_an_admin_cleared_or_changed_is_kept(installed_without_types, django_user_model):
    admin = django_user_model.objects.create_superuser("admin-defaults", password="x")
    cleared = StandardTarget.objects.get(code="committee_meeting")
    cleared._history_user = admin
    cleared.description = "按本院规定手工勾选"
    cleared.save()  # saved by hand while it had no type: "no type" is now the admin's choice
    changed = StandardTarget.objects.get(code="group_meeting")
    changed.activity_type = ActivityType.objects.get(code="theme_party_day")
    changed._history_user = admin
    changed.save()

    install_standard_targets()

    found = bindings()
    assert found["committee_meeting"] is None
    assert found["group_meeting"] == "theme_party_day"
    assert found["general_meeting"] == "general_meeting"  # untouched ones are still bound


def test_a_bound_default_whose_type_an_admin_removed_stays_unbound():
    target = StandardTarget.objects.get(code="committee_meeting")
    assert target.activity_type.code == "committee_meeting"  # as migrate installed it
    target.activity_type = None
    target.save()

    assert install_standard_targets() == 0
    target.refresh_from_db()
    assert target.activity_type is None
