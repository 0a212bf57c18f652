"""The admin: rules and settings are edited; entries are added and viewed, never changed or deleted."""

from decimal import Decimal

import pytest
from django.urls import reverse

from points.models import PointEntry, PointRule, PointsSettings
from tests.points.conftest import manual_bonus, points_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, court):
    client.force_login(court.admin)
    return client


@pytest.fixture
def entry(court, rules):
    return manual_bonus(court, rules)


def test_an_entry_can_be_viewed_but_not_changed(admin_client, entry):
    url = reverse("admin:points_pointentry_change", args=[entry.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = admin_client.post(url, {"note": "改过", "points": "9"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.points == Decimal("1")


def test_an_entry_cannot_be_deleted_in_the_admin(admin_client, entry):
    url = reverse("admin:points_pointentry_delete", args=[entry.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:points_pointentry_changelist")
    admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert PointEntry.objects.filter(pk=entry.pk).exists()


def test_a_manual_entry_is_added_through_the_service(admin_client, court, rules):
    response = admin_client.post(
        reverse("admin:points_pointentry_add"),
        {
            "member": court.member_a.pk,
            "rule": rules["manual_casework"].pk,
            "points": "4",
            "date": "2026-03-02",
            "note": "调解成功率第一",
        },
    )
    assert response.status_code == 302
    added = PointEntry.objects.get()
    assert (added.points, added.source, added.category, added.created_by) == (
        Decimal("4"),
        "manual",
        "casework",
        court.admin,
    )
    assert points_of(court.member_a) == Decimal("74")


def test_the_admin_cannot_add_attendance_points_by_hand(admin_client, court, rules):
    response = admin_client.post(
        reverse("admin:points_pointentry_add"),
        {
            "member": court.member_a.pk,
            "rule": rules["attend_general_meeting"].pk,
            "date": "2026-03-02",
        },
    )
    assert response.status_code == 200
    assert not PointEntry.objects.exists()


def test_the_reverse_action_corrects_an_entry(admin_client, court, entry):
    admin_client.post(
        reverse("admin:points_pointentry_changelist"),
        {"action": "reverse_entries", "_selected_action": [entry.pk]},
    )
    assert PointEntry.objects.filter(reverses=entry).exists()
    assert points_of(court.member_a) == Decimal("70")


def test_rules_are_edited_not_deleted(admin_client, rules):
    rule = rules["claim_study_article"]
    assert (
        admin_client.get(reverse("admin:points_pointrule_change", args=[rule.pk])).status_code
        == 200
    )
    assert (
        admin_client.post(
            reverse("admin:points_pointrule_delete", args=[rule.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert PointRule.objects.filter(pk=rule.pk).exists()


def test_the_settings_are_one_row_edited_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:points_pointssettings_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("admin:points_pointssettings_change", args=[1])
    assert admin_client.get(reverse("admin:points_pointssettings_add")).status_code == 403
    data = {
        "base_score": "80",
        "show_rank_to_members": "on",
        "weight_study": "1",
        "weight_organisational_life": "1",
        "weight_casework": "2",
        "weight_volunteer_service": "1",
        "weight_honours": "1",
        "weight_deductions": "1",
    }
    assert admin_client.post(response.url, data).status_code == 302
    settings = PointsSettings.load()
    assert (settings.base_score, settings.show_rank_to_members, settings.weight_casework) == (
        Decimal("80"),
        True,
        Decimal("2"),
    )


def test_every_admin_list_opens(admin_client, court, entry):
    for name in ("pointrule", "pointentry", "pointsummary", "pointclaim"):
        assert admin_client.get(reverse(f"admin:points_{name}_changelist")).status_code == 200
