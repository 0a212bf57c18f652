import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = ["organisation", "member", "membership", "post", "activityroom", "studygroup", "user"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_search_and_add_pages_open(client, court, model):
    client.force_login(court.admin)
    assert (
        client.get(reverse(f"admin:branches_{model}_changelist") + "?q=民一庭").status_code == 200
    )
    assert client.get(reverse(f"admin:branches_{model}_add")).status_code in (200, 403)


@pytest.mark.parametrize(("model", "obj"), [("organisation", "branch_a"), ("member", "member_a")])
def test_admin_change_and_history_pages_open(client, court, model, obj):
    client.force_login(court.admin)
    pk = getattr(court, obj).pk
    assert client.get(reverse(f"admin:branches_{model}_change", args=[pk])).status_code == 200
    assert client.get(reverse(f"admin:branches_{model}_history", args=[pk])).status_code == 200
