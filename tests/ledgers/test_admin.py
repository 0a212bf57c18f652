"""The admin: standard targets are edited there; lists, tasks and reviews are looked at."""

import pytest
from django.urls import reverse

from ledgers import services
from ledgers.models import StandardTarget

pytestmark = pytest.mark.django_db


def test_default_standard_targets_are_installed():
    targets = {t.code: t for t in StandardTarget.objects.select_related("activity_type")}
    assert len(targets) == 8
    assert targets["committee_meeting"].title == "支部委员会每月1次"
    assert targets["committee_meeting"].activity_type.code == "committee_meeting"
    assert targets["party_lecture"].period_kind == "quarterly"  # LEDGERS_PARTY_LECTURE_PERIOD
    assert targets["heart_to_heart"].activity_type is None  # ticked by hand


def test_admin_pages_load(client, court, branch_list):
    services.assessments_compute(year=2026, month=11)
    client.force_login(court.admin)
    task = branch_list.tasks.first()
    for url in [
        reverse("admin:ledgers_standardtarget_changelist"),
        reverse("admin:ledgers_standardtarget_change", args=[StandardTarget.objects.first().pk]),
        reverse("admin:ledgers_responsibilitylist_changelist"),
        reverse("admin:ledgers_task_changelist"),
        reverse("admin:ledgers_task_change", args=[task.pk]),
        reverse("admin:ledgers_monthlyassessment_changelist"),
        reverse("admin:ledgers_annualreport_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
    # Lists are not deleted through the admin.
    url = reverse("admin:ledgers_responsibilitylist_delete", args=[branch_list.pk])
    assert client.get(url).status_code == 403
