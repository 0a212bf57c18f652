"""The rota pages: who sees and changes what, what the secretary and the lead see, query counts."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from activities import rota
from activities.models import Activity, ActivitySeries
from tests.activities.conftest import at
from tests.activities.test_rota_plan import make_series
from tests.factories import make_member
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def leads(branch_a_members):
    return branch_a_members[:4]


@pytest.fixture
def series(court, types, leads):
    return make_series(court, types, leads=leads)


@pytest.fixture
def planned(court, series):
    """理论日 planned for four weeks from Saturday 2026-03-14: 03-20, 03-27, 04-03, 04-10."""
    return rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=4, by=court.secretary_a.user)


ROTA_PAGES = {
    "rota": "activities:series_rota",
    "edit": "activities:series_edit",
    "leads": "activities:rota_leads",
    "plan": "activities:rota_plan",
    "swap": "activities:rota_swap",
    "move": "activities:rota_move",  # with the session
}

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = set(ROTA_PAGES.values())


def urls(series, activity):
    return {
        key: reverse(name, args=[series.pk, activity.pk] if key == "move" else [series.pk])
        for key, name in ROTA_PAGES.items()
    }


# --- who may do what -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("admin", 200, 302),
        ("committee", 200, 302),
        ("secretary_a", 200, 302),
        ("member_a", 200, 403),
        ("member_b", 404, 404),
    ],
)
def test_permissions_on_branch_as_rota(as_persona, series, planned, persona, get, post):
    client = as_persona(persona)
    pages = urls(series, planned[0])
    assert client.get(pages["rota"]).status_code == get
    for name in ("edit", "move"):
        assert client.get(pages[name]).status_code == (200 if post == 302 else post)
    for name in ("leads", "plan", "swap", "move", "edit"):
        assert client.post(pages[name], {}).status_code in (
            {200, 302} if post == 302 else {post}
        ), name


def test_anonymous_is_sent_to_sign_in(as_persona, series, planned):
    client = as_persona("anonymous")
    for url in [*urls(series, planned[0]).values(), reverse("activities:series_list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_member_sees_the_rota_read_only(as_persona, series, planned, leads):
    page = as_persona("member_a").get(urls(series, planned[0])["rota"]).content.decode()
    assert "理论日" in page
    assert leads[1].name in page
    assert 'name="weeks"' in page  # the "show N weeks" filter
    assert urls(series, planned[0])["plan"] not in page
    assert urls(series, planned[0])["move"] not in page
    assert "csrfmiddlewaretoken" not in page.split("</nav>", 1)[1]


def test_a_member_of_another_branch_does_not_see_the_series(as_persona, series, court, types):
    make_series(court, types, branch=court.branch_b, name="刑庭理论日")
    page = as_persona("member_b").get(reverse("activities:series_list")).content.decode()
    assert "刑庭理论日" in page
    assert urls(series, Activity(pk=1))["rota"] not in page


# --- the secretary's rota page -------------------------------------------------------------
def test_the_rota_page_shows_sessions_leads_and_skipped_holidays(
    time_machine, as_persona, court, series, leads
):
    time_machine.move_to(at("2026-09-14", "10:00"), tick=False)
    rota.rota_plan(series=series, start=D(2026, 9, 14), weeks=1, by=None)

    page = as_persona("secretary_a").get(urls(series, Activity(pk=1))["rota"] + "?weeks=4")
    html = page.content.decode()

    assert page.status_code == 200
    assert "2026-09-18" in html  # planned, with its lead
    assert "中秋节" in html and "国庆节" in html  # 09-25 and 10-02: why there is no session
    assert "2026-10-09" in html  # not planned yet, with the lead it would get
    entries = page.context["entries"]
    assert [(e.day, e.kind) for e in entries] == [
        (D(2026, 9, 18), "existing"),
        (D(2026, 9, 25), "skipped"),
        (D(2026, 10, 2), "skipped"),
        (D(2026, 10, 9), "new"),
    ]
    assert entries[3].lead == leads[1]
    assert page.context["to_plan"] == 1


def test_the_secretary_plans_the_next_weeks(as_persona, court, series, leads):
    client = as_persona("secretary_a")
    response = client.post(urls(series, Activity(pk=1))["plan"], {"weeks": "3"})
    assert response.status_code == 302
    assert response["Location"].endswith("?weeks=3")
    sessions = Activity.objects.filter(series=series).order_by("start")
    # Today's 14:30 has passed (it is 18:00): the three weeks hold two sessions to plan.
    assert [a.start for a in sessions] == [at("2026-03-20"), at("2026-03-27")]
    assert [a.lead for a in sessions] == leads[:2]
    assert all(a.created_by == court.secretary_a.user for a in sessions)

    client.post(urls(series, Activity(pk=1))["plan"], {"weeks": "3"})
    assert Activity.objects.filter(series=series).count() == 2


def test_the_secretary_reorders_the_leads(as_persona, court, series, leads, branch_a_members):
    newcomer = branch_a_members[5]
    data = {
        f"position_{leads[3].pk}": "1",
        f"position_{newcomer.pk}": "2",
        f"position_{leads[0].pk}": "3",
    }
    response = as_persona("secretary_a").post(urls(series, Activity(pk=1))["leads"], data)
    assert response.status_code == 302
    assert [lead.member for lead in rota.rota_leads(series)] == [leads[3], newcomer, leads[0]]


def test_the_secretary_swaps_two_leads(as_persona, series, planned, leads):
    first, _, third, _ = planned
    response = as_persona("secretary_a").post(
        urls(series, first)["swap"], {"first": first.pk, "second": third.pk}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.lead, third.lead) == (leads[2], leads[0])


def test_moving_a_session_to_a_day_off_is_refused_on_the_page(
    time_machine, as_persona, series, court
):
    time_machine.move_to(at("2026-09-14", "10:00"), tick=False)
    session = rota.rota_plan(series=series, start=D(2026, 9, 14), weeks=1, by=None)[0]
    client = as_persona("secretary_a")
    move = urls(series, session)["move"]

    refused = client.post(move, {"date": "2026-10-02", "start_time": "14:30"})
    assert refused.status_code == 200
    assert "国庆节" in refused.content.decode()
    session.refresh_from_db()
    assert session.start == at("2026-09-18", "14:30")

    moved = client.post(move, {"date": "2026-09-17", "start_time": "15:00"})
    assert moved.status_code == 302
    session.refresh_from_db()
    assert session.start == at("2026-09-17", "15:00")


def test_the_secretary_creates_and_edits_a_series(as_persona, court, types):
    client = as_persona("secretary_a")
    assert client.get(reverse("activities:series_new")).status_code == 200
    response = client.post(
        reverse("activities:series_new"),
        {
            "branch": court.branch_a.pk,
            "name": "青年说",
            "activity_type": types["youth_talk"].pk,
            "cadence": "monthly",
            "week_of_month": "3",
            "weekday": "3",
            "start_time": "16:00",
            "end_time": "17:00",
            "default_location": "三楼会议室",
            "is_active": "on",
        },
    )
    series = ActivitySeries.objects.get(name="青年说")
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:series_rota", args=[series.pk])
    assert (series.branch, series.cadence, series.week_of_month) == (court.branch_a, "monthly", 3)

    response = client.post(
        reverse("activities:series_edit", args=[series.pk]),
        {
            "name": "青年说",
            "activity_type": types["youth_talk"].pk,
            "cadence": "monthly",
            "week_of_month": "",
            "weekday": "3",
            "start_time": "16:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # a monthly series needs its week
    assert response.context["form"].errors["week_of_month"]


def test_a_member_cannot_create_a_series_in_another_branch(as_persona, court, types):
    assert as_persona("member_a").get(reverse("activities:series_new")).status_code == 403
    response = as_persona("secretary_a").post(
        reverse("activities:series_new"),
        {
            "branch": court.branch_b.pk,
            "name": "刑庭理论日",
            "activity_type": types["study_day"].pk,
            "cadence": "weekly",
            "weekday": "4",
            "start_time": "14:30",
        },
    )
    assert response.status_code == 200
    assert not ActivitySeries.objects.filter(name="刑庭理论日").exists()


# --- the lead's own page -------------------------------------------------------------------
def test_a_lead_sees_the_sessions_they_lead(as_persona, court, series, planned, leads):
    assert leads[1] == court.member_a
    page = as_persona("member_a").get(reverse("activities:rota_mine"))
    assert [a.start for a in page.context["page"].object_list] == [at("2026-03-27")]
    assert "2026-03-27" in page.content.decode()

    panel = render_to_string(
        "activities/rota_home_panel.html",
        {"lead_duties": rota.upcoming_lead_duties(court.member_a, today=D(2026, 3, 13))},
    )
    assert "2026-03-27" in panel and "理论日" in panel
    assert render_to_string("activities/rota_home_panel.html", {"lead_duties": []}).strip() == ""


# --- query counts ----------------------------------------------------------------------------


def grow(court, types, series, n_members, weeks):
    """More branch members on the rota, more planned sessions, and more series."""
    members = [make_member(court.branch_a, name=f"乙{i}", login=False) for i in range(n_members)]
    rota.rota_leads_set(series=series, members=[*rota_leads_members(series), *members])
    rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=weeks, by=None)
    for i in range(n_members):
        make_series(court, types, name=f"系列{n_members}-{i}", leads=members[:2])


def rota_leads_members(series):
    return [lead.member for lead in rota.rota_leads(series)]


@pytest.mark.parametrize("persona", ["secretary_a", "member_a", "committee"])
def test_rota_pages_cost_the_same_queries_at_two_sizes(as_persona, court, types, series, persona):
    client = as_persona(persona)
    pages = [
        reverse("activities:series_rota", args=[series.pk]) + "?weeks=26",
        reverse("activities:series_list"),
        reverse("activities:series_list") + "?q=系列&page=2",
        reverse("activities:rota_mine"),
    ]
    grow(court, types, series, 2, 4)
    client.get(pages[0])  # the holiday calendar loads its years once per process
    small = [count_queries(client, url) for url in pages]
    grow(court, types, series, 25, 26)
    assert Activity.objects.filter(series=series).count() > 20
    large = [count_queries(client, url) for url in pages]
    assert small == large
