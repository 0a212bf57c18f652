"""The admin configures activity types and shows activities read-only; nothing is deleted there."""

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityType

pytestmark = pytest.mark.django_db


def test_the_data_migration_loads_the_types_with_their_cadence(types):
    assert len(types) == 18  # with 集中研讨 (seminar), added by 0004
    statutory = {code for code, t in types.items() if t.is_statutory}
    assert statutory == {"general_meeting", "committee_meeting", "group_meeting", "party_lecture"}
    cadence = {
        code: (t.cadence_count, t.cadence_period) for code, t in types.items() if t.cadence_count
    }
    assert cadence == {
        "general_meeting": (1, "quarter"),
        "committee_meeting": (1, "month"),
        "group_meeting": (1, "month"),
        "party_lecture": (1, "quarter"),
        "theme_party_day": (1, "month"),
        "annual_review": (1, "year"),
        "democratic_evaluation": (1, "year"),
        "study_day": (1, "week"),
    }
    assert types["group_meeting"].level == ActivityType.Level.GROUP
    assert types["volunteer_service"].has_results
    assert types["general_meeting"].name == "支部党员大会"


def test_admin_lists_and_edits_types(client, court, types):
    client.force_login(court.admin)
    assert client.get(reverse("admin:activities_activitytype_changelist")).status_code == 200
    url = reverse("admin:activities_activitytype_change", args=[types["theme_party_day"].pk])
    assert client.get(url).status_code == 200
    page = client.get(reverse("admin:activities_activitytype_delete", args=[types["other"].pk]))
    assert page.status_code == 403


def test_admin_shows_activities_read_only_and_never_deletes(client, court, recorded):
    client.force_login(court.admin)
    assert client.get(reverse("admin:activities_activity_changelist")).status_code == 200
    change = client.get(reverse("admin:activities_activity_change", args=[recorded.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert "王党员" in change.content.decode()  # attendance shown inline
    history = client.get(reverse("admin:activities_activity_history", args=[recorded.pk]))
    assert history.status_code == 200
    delete = client.get(reverse("admin:activities_activity_delete", args=[recorded.pk]))
    assert delete.status_code == 403
    client.post(reverse("admin:activities_activity_delete", args=[recorded.pk]), {"post": "yes"})
    assert Activity.objects.filter(pk=recorded.pk).exists()
