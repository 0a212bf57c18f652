"""The model-permission backend answers the portal's rules without loading permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.backends import model_permission_names


def permission_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_a_members_pages_load_no_model_permissions(as_persona):
    client = as_persona("member_a")
    for name in ("activities:list", "points:mine", "home"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert permission_queries(queries) == [], name


def test_a_rule_is_still_granted_by_its_predicate(court):
    secretary = court.secretary_a.user
    assert secretary.has_perm("activities.import_activities")
    assert not court.member_a.user.has_perm("activities.import_activities")


def test_model_permissions_from_a_group_still_count(court):
    user = court.member_b.user
    assert not user.has_perm("branches.view_member")
    group = Group.objects.create(name="档案查阅")
    group.permissions.add(Permission.objects.get(codename="view_member"))
    user.groups.add(group)
    user = type(user).objects.get(pk=user.pk)  # a fresh object: no permission cache
    assert user.has_perm("branches.view_member")


def test_the_names_are_those_migrate_creates(db):
    stored = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert model_permission_names() == stored
    assert "activities.import_activities" not in model_permission_names()
