"""Issue 14, build 4: the register of partner organisations (共建单位), its pages, the record
form's choice of registered partners, each partner's history, and the results page's partners."""

from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from activities import selectors, services
from activities.models import Activity, ActivityError, PartnerOrganisation
from tests.activities.conftest import at, record
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

LIST = reverse("activities:partner_list")
NEW = reverse("activities:partner_new")


def add_partner(name="城东社区党委", kind=PartnerOrganisation.Kind.COMMUNITY, **fields):
    return services.partner_save(by=None, name=name, kind=kind, **fields)


def serve(court, types, partners, *, day="2026-03-06", organisation=None, people=10, **fields):
    return record(
        court,
        types,
        code="volunteer_service",
        organisation=organisation or court.branch_a,
        start=at(day),
        topic="民法典宣传进社区",
        people_served=people,
        disputes_resolved=fields.pop("disputes", 1),
        suggestions_collected=fields.pop("suggestions", 2),
        service_hours=Decimal(fields.pop("hours", "2.5")),
        partner_organisations=partners,
        attendance=[],
        **fields,
    )


# --- the register ----------------------------------------------------------------------------
def test_a_secretary_adds_a_partner_and_it_is_kept_with_history(as_persona):
    client = as_persona("secretary_a")
    response = client.post(
        NEW,
        {
            "name": "  江城市实验小学  党支部 ",
            "kind": "school",
            "contact_person": "刘芳",
            "contact_phone": "138-1234-5678",
            "address": "学府路6号",
            "note": "",
        },
    )
    partner = PartnerOrganisation.objects.get()
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    assert partner.name == "江城市实验小学 党支部"  # trimmed, spaces made single
    assert partner.contact_phone == "13812345678"
    assert partner.history.count() == 1
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "138****5678" in page and "学校" in page


def test_the_same_name_in_another_case_or_spacing_is_refused(as_persona):
    add_partner("Jiangcheng Bank 城东支行")
    response = as_persona("secretary_a").post(
        NEW, {"name": " jiangcheng  bank 城东支行", "kind": "enterprise"}
    )
    assert response.status_code == 200
    assert "共建单位名录中已有" in response.content.decode()
    assert PartnerOrganisation.objects.count() == 1


def test_a_bad_phone_is_refused_in_chinese(as_persona):
    response = as_persona("secretary_a").post(
        NEW, {"name": "城东社区党委", "kind": "community", "contact_phone": "12ab"}
    )
    assert response.status_code == 200
    assert "7至15位" in response.content.decode()
    assert not PartnerOrganisation.objects.exists()


def test_editing_keeps_the_history(as_persona):
    partner = add_partner()
    client = as_persona("committee")
    response = client.post(
        reverse("activities:partner_edit", args=[partner.pk]),
        {"name": "城东社区党委", "kind": "community", "contact_person": "王秀兰"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.contact_person == "王秀兰"
    assert partner.history.count() == 2


def test_archiving_keeps_the_partner_and_its_history_and_hides_it_from_the_form(
    as_persona, court, types
):
    partner = add_partner()
    activity = serve(court, types, [partner])
    client = as_persona("secretary_a")
    page = client.get(partner.get_absolute_url()).content.decode()
    assert 'data-confirm="' in page  # the browser asks before archiving
    response = client.post(reverse("activities:partner_archive", args=[partner.pk]))
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.is_archived and list(partner.activities.all()) == [activity]
    client.get(LIST)  # shows the message of the archiving
    assert partner.name not in client.get(LIST).content.decode()
    assert partner.name in client.get(LIST, {"archived": "on"}).content.decode()
    form = client.get(
        reverse("activities:new") + f"?organisation={court.branch_a.pk}&type=volunteer_service"
    )
    assert partner.name not in form.content.decode()
    # The activity already linked keeps it in its form.
    edit = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert partner.name in edit
    # A new record cannot choose an archived partner.
    with pytest.raises(ActivityError, match="归档"):
        serve(court, types, [partner], day="2026-03-09")
    client.post(reverse("activities:partner_archive", args=[partner.pk]), {"archive": "0"})
    partner.refresh_from_db()
    assert not partner.is_archived


def test_archive_is_a_post_only_and_members_cannot(as_persona):
    partner = add_partner()
    url = reverse("activities:partner_archive", args=[partner.pk])
    assert as_persona("secretary_a").get(url).status_code == 405
    assert as_persona("member_a").post(url).status_code == 404
    partner.refresh_from_db()
    assert not partner.is_archived


def test_members_see_no_register_but_their_activity_names_its_partner(as_persona, court, types):
    partner = add_partner()
    activity = serve(court, types, [partner])
    member = as_persona("member_a")
    assert member.get(LIST).status_code == 404
    assert member.post(NEW, {"name": "新单位", "kind": "other"}).status_code == 404
    assert not PartnerOrganisation.objects.filter(name="新单位").exists()
    page = member.get(activity.get_absolute_url()).content.decode()
    assert partner.name in page and partner.get_absolute_url() not in page


def test_the_list_searches_filters_and_pages(as_persona):
    for i in range(30):
        add_partner(f"第{i:02d}社区党支部")
    add_partner("江城市第一中学党委", PartnerOrganisation.Kind.SCHOOL)
    client = as_persona("secretary_a")
    assert len(client.get(LIST).context["page"].object_list) == 25
    second = client.get(LIST, {"page": 2}).context["page"]
    assert len(second.object_list) == 6
    found = client.get(LIST, {"q": "第一中学"}).context["page"].object_list
    assert [p.name for p in found] == ["江城市第一中学党委"]
    schools = client.get(LIST, {"kind": "school"}).context["page"].object_list
    assert [p.name for p in schools] == ["江城市第一中学党委"]
    assert "没有符合条件的共建单位" in client.get(LIST, {"q": "没有"}).content.decode()


def test_the_list_costs_the_same_queries_for_few_or_many_partners(as_persona):
    client = as_persona("committee")
    add_partner("甲社区")
    count_queries(client, LIST)  # the access scope is cached after the first page
    few = count_queries(client, LIST)
    for i in range(40):
        add_partner(f"乙{i}社区", contact_phone="13800001111")
    assert count_queries(client, LIST) == few
    assert count_queries(client, LIST, {"page": 2}) == few


# --- a partner's history ----------------------------------------------------------------------
def test_the_history_lists_what_was_done_with_the_partner_and_totals_it(as_persona, court, types):
    partner, other = add_partner(), add_partner("江北街道桥头村党支部")
    serve(court, types, [partner], day="2026-01-15", people=30, hours="6", disputes=3)
    serve(court, types, [partner, other], day="2026-02-20", people=12, hours="2.5")
    serve(court, types, [other], day="2026-02-21", people=99)  # another partner
    serve(court, types, [partner], day="2026-02-27", organisation=court.branch_b, people=7)
    record(
        court,
        types,
        code="co_building",
        start=at("2026-03-02"),
        topic="联学共建",
        people_served=40,
        suggestions_collected=5,
        partner_organisations=[partner],
        attendance=[],
    )
    withdrawn = serve(court, types, [partner], day="2026-03-03", people=1000)
    services.activity_withdraw(activity=withdrawn, reason="录入错误", by=court.secretary_a.user)

    response = as_persona("committee").get(partner.get_absolute_url())
    totals = response.context["totals"]
    held = Activity.objects.filter(partner_organisations=partner, state="held")
    assert totals["activities"] == held.count() == 4
    assert totals["people_served"] == sum(a.people_served for a in held) == 89
    assert totals["disputes_resolved"] == 3 + 1 + 1
    assert totals["suggestions_collected"] == 2 + 2 + 2 + 5
    assert totals["service_hours"] == Decimal("11.0")
    page = response.content.decode()
    assert "联学共建" in page and court.branch_b.display_name in page
    # A secretary sees their own branch's part of the history only.
    mine = as_persona("secretary_a").get(partner.get_absolute_url()).context
    assert mine["totals"]["activities"] == 3
    assert mine["totals"]["people_served"] == 82


def test_the_history_costs_the_same_queries_for_few_or_many_activities(as_persona, court, types):
    partner = add_partner()
    client = as_persona("committee")
    serve(court, types, [partner])
    count_queries(client, partner.get_absolute_url())
    few = count_queries(client, partner.get_absolute_url())
    for day in range(1, 29):
        serve(court, types, [partner], day=f"2026-02-{day:02d}")
    assert count_queries(client, partner.get_absolute_url()) == few
    assert count_queries(client, partner.get_absolute_url(), {"page": 2}) == few


# --- the record form ----------------------------------------------------------------------------
def test_the_record_form_chooses_registered_partners(as_persona, court, types):
    partner, other = add_partner(), add_partner("江城市实验小学党支部", "school")
    client = as_persona("secretary_a")
    url = reverse("activities:new") + f"?organisation={court.branch_a.pk}&type=co_building"
    page = client.get(url).content.decode()
    assert partner.name in page and other.name in page
    assert f"{NEW}?next=" in page  # add a partner and come back
    response = client.post(
        url,
        {
            "activity_type": types["co_building"].pk,
            "topic": "法律进社区：联建共建",
            "date": "2026-03-10",
            "start_time": "09:30",
            "partner_organisations": [partner.pk, other.pk],
            "people_served": "25",
            "action": "record",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(topic="法律进社区：联建共建")
    assert set(activity.partner_organisations.all()) == {partner, other}
    assert activity.partner_names == ""


def test_adding_a_partner_from_the_record_form_comes_back_to_it(as_persona, court):
    back = reverse("activities:new") + f"?organisation={court.branch_a.pk}&type=co_building"
    client = as_persona("secretary_a")
    response = client.post(NEW, {"name": "紫芳园社区党支部", "kind": "community", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert "紫芳园社区党支部" in client.get(back).content.decode()
    elsewhere = client.post(
        NEW, {"name": "某企业", "kind": "enterprise", "next": "https://evil.example/"}
    )
    assert (
        elsewhere["Location"] == PartnerOrganisation.objects.get(name="某企业").get_absolute_url()
    )


# --- the results page ---------------------------------------------------------------------------
def test_the_results_page_names_the_top_partners_and_exports(as_persona, court, types):
    partner, other = add_partner(), add_partner("=HYPERLINK(1)社区")
    serve(court, types, [partner], day="2026-01-15", people=30)
    serve(court, types, [partner, other], day="2026-02-20", people=12, hours="1")
    client = as_persona("committee")
    response = client.get(reverse("activities:service_results"), {"period": "2026"})
    top = response.context["partners"]
    assert [(p["name"], p["activities_count"], p["people_served"]) for p in top] == [
        (partner.name, 2, 42),
        (other.name, 1, 12),
    ]
    assert partner.get_absolute_url() in response.content.decode()

    export = client.get(reverse("activities:results_export"), {"period": "2026"})
    assert export.status_code == 200
    workbook = load_workbook(BytesIO(export.content))
    branches, partners = workbook.worksheets
    rows = {row[0]: row for row in branches.iter_rows(values_only=True)}
    assert rows[court.branch_a.name][1:] == (2, 42, 2, 4, 3.5)
    assert rows["合计"][2] == 42
    names = [row[0] for row in partners.iter_rows(min_row=2, values_only=True)]
    assert names == [partner.name, other.name]
    assert partners["A3"].data_type == "s"  # the formula-like name stays text


def test_members_cannot_export_the_results(as_persona):
    assert as_persona("member_a").get(reverse("activities:results_export")).status_code == 404


def test_top_partners_cost_one_query(court, types, django_assert_num_queries):
    partner = add_partner()
    serve(court, types, [partner])
    period = selectors.Period.parse("2026")
    with django_assert_num_queries(1):
        selectors.top_partners([court.branch_a, court.branch_b], period)


# --- one register per court ------------------------------------------------------------------
@pytest.fixture
def other_court(court):
    """A second court in the same database (a province's server): its committee and a branch
    whose secretary keeps that court's register."""
    from branches.models import Organisation, Post
    from tests.factories import give_post, make_member, make_organisation

    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "某某区法院机关党委")
    branch = make_organisation(committee, Organisation.Kind.BRANCH, "立案庭党支部")
    secretary = make_member(branch, name="周书记", employee_number="93001")
    give_post(secretary, branch, Post.Kind.SECRETARY)
    return SimpleNamespace(committee=committee, branch=branch, secretary=secretary)


def test_a_partner_joins_its_courts_register_only(as_persona, court, other_court):
    as_persona("secretary_a").post(NEW, {"name": "城东社区党委", "kind": "community"})
    ours = PartnerOrganisation.objects.get()
    assert ours.court == court.committee

    client = Client()  # the other court's secretary, in a browser of their own
    client.force_login(other_court.secretary.user)
    assert "城东社区党委" not in client.get(LIST).content.decode()
    assert client.get(ours.get_absolute_url()).status_code == 404
    form = client.get(
        reverse("activities:new") + f"?organisation={other_court.branch.pk}"
    ).content.decode()
    assert "城东社区党委" not in form

    # The other court may register a partner of the same name in its own register.
    response = client.post(NEW, {"name": "城东社区党委", "kind": "community"})
    assert response.status_code == 302
    theirs = PartnerOrganisation.objects.exclude(pk=ours.pk).get()
    assert theirs.court == other_court.committee
    assert client.get(theirs.get_absolute_url()).status_code == 200


def test_a_shared_partner_is_offered_to_every_court(as_persona, court, other_court):
    shared = add_partner("江城市法律援助志愿者协会", kind=PartnerOrganisation.Kind.SOCIAL)
    assert shared.court is None  # added by an admin without a court: shared
    client = Client()  # the other court's secretary, in a browser of their own
    client.force_login(other_court.secretary.user)
    assert "江城市法律援助志愿者协会" in client.get(LIST).content.decode()
    page = (
        as_persona("secretary_a")
        .get(reverse("activities:new") + f"?organisation={court.branch_a.pk}")
        .content.decode()
    )
    assert "江城市法律援助志愿者协会" in page
    # A court cannot add a second partner under a shared partner's name.
    response = client.post(NEW, {"name": "江城市法律援助志愿者协会", "kind": "social"})
    assert response.status_code == 200
    assert PartnerOrganisation.objects.count() == 1
