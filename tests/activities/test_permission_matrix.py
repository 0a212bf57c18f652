"""Every URL of the activities app for every persona, with the exact status expected.

anonymous → login redirect (302); outsiders → 404; may see but not change → 403.
Branch A's activity has member_a on leave; branch B's activity has no guests.
"""

import datetime

import pytest
from django.urls import reverse

from activities.services import AttendanceEntry
from tests.activities.conftest import at, record
from tests.conftest import PERSONAS, persona_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(court, types, recorded, photo):
    from activities import services
    from activities.services import activity_record

    activity_record(by=court.secretary_a.user, activity=recorded, attachments=[photo])
    activity_b = record(
        court,
        types,
        organisation=court.branch_b,
        by=court.admin,
        topic="刑庭理论学习",
        attendance=[AttendanceEntry(court.member_b)],
        start=at("2026-03-06", "15:00"),
    )
    from activities.rota import series_create

    series_a = series_create(
        branch=court.branch_a,
        name="理论日",
        activity_type=types["study_day"],
        weekday=4,
        start_time=datetime.time(14, 30),
    )
    partner = services.partner_save(by=court.admin, name="城东社区党委", kind="community")
    return {
        "partner": partner,
        "series_a": series_a,
        "a": recorded,
        "a_file": recorded.attachments.get(),
        "b": activity_b,
        "branch_a": court.branch_a,
        "branch_b": court.branch_b,
    }


# url name, args from the world, expected status per persona (PERSONAS order:
# admin, committee, secretary_a, member_a, member_b, anonymous).
MATRIX = [
    ("activities:list", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("activities:calendar", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("activities:mine", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("activities:import", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("activities:import_template", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("activities:export", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("activities:compliance", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("activities:compliance_branch", lambda w: [w["branch_a"].pk], [200, 200, 200, 404, 404, 302]),
    ("activities:compliance_branch", lambda w: [w["branch_b"].pk], [200, 200, 404, 404, 404, 302]),
    ("activities:series_list", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("activities:series_new", lambda w: [], [200, 200, 200, 403, 403, 302]),
    ("activities:service_results", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("activities:results_export", lambda w: [], [200, 200, 200, 404, 404, 302]),
    # The partner register: a leaders' tool (members 404); archiving is a POST.
    ("activities:partner_list", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("activities:partner_new", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("activities:partner_detail", lambda w: [w["partner"].pk], [200, 200, 200, 404, 404, 302]),
    ("activities:partner_edit", lambda w: [w["partner"].pk], [200, 200, 200, 404, 404, 302]),
    ("activities:partner_archive", lambda w: [w["partner"].pk], [405, 405, 405, 404, 404, 302]),
    ("activities:rota_mine", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("activities:series_prefill", lambda w: [w["series_a"].pk], [200, 200, 200, 403, 404, 302]),
    ("activities:detail", lambda w: [w["a"].pk], [200, 200, 200, 200, 404, 302]),
    ("activities:detail", lambda w: [w["b"].pk], [200, 200, 404, 404, 200, 302]),
    ("activities:print", lambda w: [w["a"].pk], [200, 200, 200, 200, 404, 302]),
    ("activities:print", lambda w: [w["b"].pk], [200, 200, 404, 404, 200, 302]),
    ("activities:edit", lambda w: [w["a"].pk], [200, 200, 200, 403, 404, 302]),
    ("activities:edit", lambda w: [w["b"].pk], [200, 200, 404, 404, 403, 302]),
    ("activities:withdraw", lambda w: [w["a"].pk], [200, 200, 200, 403, 404, 302]),
    ("activities:withdraw", lambda w: [w["b"].pk], [200, 200, 404, 404, 403, 302]),
    (
        "activities:attachment",
        lambda w: [w["a"].pk, w["a_file"].pk],
        [200, 200, 200, 200, 404, 302],
    ),
    (
        "activities:attachment",
        lambda w: [w["b"].pk, w["a_file"].pk],
        [404, 404, 404, 404, 404, 302],
    ),
]

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {name for name, _args, _expected in MATRIX} | {"activities:new"}

CASES = persona_cases(MATRIX)


@pytest.mark.parametrize(("name", "args", "persona", "status"), CASES)
def test_activities_urls_for_every_persona(as_persona, world, name, args, persona, status):
    client = as_persona(persona)
    response = client.get(reverse(name, args=args(world)))
    if response.streaming:
        b"".join(response.streaming_content)  # reading to the end closes the served file
    assert response.status_code == status


@pytest.mark.parametrize(
    ("branch", "expected"),
    [("branch_a", [200, 200, 200, 403, 404, 302]), ("branch_b", [200, 200, 404, 404, 403, 302])],
)
def test_new_activity_form_per_organisation(as_persona, world, branch, expected):
    url = reverse("activities:new") + f"?organisation={world[branch].pk}&type=study_day"
    for persona, status in zip(PERSONAS, expected, strict=True):
        assert as_persona(persona).get(url).status_code == status, persona


def test_outsiders_cannot_change_by_posting(as_persona, world):
    activity = world["a"]
    for persona, status in [("member_b", 404), ("member_a", 403)]:
        client = as_persona(persona)
        assert (
            client.post(reverse("activities:edit", args=[activity.pk]), {"topic": "x"}).status_code
            == status
        )
        assert (
            client.post(
                reverse("activities:withdraw", args=[activity.pk]), {"reason": "x"}
            ).status_code
            == status
        )
    activity.refresh_from_db()
    assert activity.state == "held"


def test_a_guest_sees_the_activity_they_attended(as_persona, court, world):
    from activities.services import activity_record

    activity_record(by=court.secretary_a.user, activity=world["a"], guests=["92001"])
    client = as_persona("member_b")
    assert client.get(reverse("activities:detail", args=[world["a"].pk])).status_code == 200
    assert client.get(reverse("activities:edit", args=[world["a"].pk])).status_code == 403


def test_history_is_shown_to_managers_only(as_persona, world):
    url = reverse("activities:detail", args=[world["a"].pk])
    assert "变更记录" in as_persona("secretary_a").get(url).content.decode()
    assert "变更记录" not in as_persona("member_a").get(url).content.decode()


def test_a_group_leader_records_for_their_group(client, court, types):
    from branches.models import Post
    from tests.factories import give_post

    give_post(court.member_a, court.group_a2, Post.Kind.GROUP_LEADER)
    client.force_login(court.member_a.user)
    url = reverse("activities:new") + f"?organisation={court.group_a2.pk}&type=group_meeting"
    assert client.get(url).status_code == 200
    other = reverse("activities:new") + f"?organisation={court.group_a1.pk}&type=group_meeting"
    assert client.get(other).status_code == 404
