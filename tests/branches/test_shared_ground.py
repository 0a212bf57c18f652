"""The shared ground the apps build on: one period type, one error root with its form and
message helpers, one subtree filter, the roles as named predicates, one fetch rule."""

import datetime

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from activities.importing import ActivityImportError
from activities.models import ActivityError
from branches.access import scope_for
from branches.errors import PortalError, ServiceErrorFormMixin, message_service_error
from branches.fetch import fetch, require_change, require_page
from branches.importing import MemberImportError
from branches.models import BranchesError, Member, Organisation
from branches.periods import Period
from points.models import PointEntryIsAppendOnly, PointsError

D = datetime.date


# --- Period ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "first", "after"),
    [
        ("2026-W05", D(2026, 1, 26), D(2026, 2, 2)),
        ("2026-03", D(2026, 3, 1), D(2026, 4, 1)),
        ("2026-Q4", D(2026, 10, 1), D(2027, 1, 1)),
        ("2026-H1", D(2026, 1, 1), D(2026, 7, 1)),
        ("2026", D(2026, 1, 1), D(2027, 1, 1)),
    ],
)
def test_a_period_reads_and_writes_its_url_value(value, first, after):
    period = Period.parse(value)
    assert (period.first, period.after, period.value) == (first, after, value)
    assert period.contains(first) and not period.contains(after)
    assert period.next().previous() == period


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "2026-H3", "2026-W54", "March"])
def test_a_value_that_names_no_period_gives_none(text):
    assert Period.parse(text) is None


def test_periods_have_chinese_labels():
    with translation.override("zh-hans"):
        assert Period.parse("2026-03").label == "2026年3月"
        assert Period.parse("2026-Q2").label == "2026年第二季度"
        assert Period.parse("2026-H1").label == "2026年上半年"
        assert Period.parse("2026-W05").label == "2026年第5周"


def test_a_year_splits_into_its_quarters_and_months():
    year = Period.year(2026)
    assert [p.value for p in year.split(Period.Kind.QUARTER)] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert len(year.split(Period.Kind.MONTH)) == 12
    assert Period.parse("2026-Q1").next() == Period.parse("2026-Q2")
    assert Period.parse("2026-01").previous() == Period.parse("2025-12")


# --- one error root --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "error",
    [
        BranchesError,
        ActivityError,
        PointsError,
        PointEntryIsAppendOnly,
        MemberImportError,
        ActivityImportError,
    ],
)
def test_every_domain_error_is_a_portal_error(error):
    assert issubclass(error, PortalError)


class EndForm(ServiceErrorFormMixin, forms.Form):
    FIELD_FOR = {"end": "end_time"}
    end_time = forms.TimeField()


def test_a_service_error_goes_to_its_form_field_or_above_the_form():
    form = EndForm({"end_time": "10:00"})
    assert form.is_valid()
    form.add_service_error(ActivityError("结束时间早于开始时间。", field="end"))
    form.add_service_error(PointsError("已经关闭。"))
    form.add_service_error(BranchesError("字段不在表单上。", field="nowhere"))
    assert form.errors["end_time"] == ["结束时间早于开始时间。"]
    assert form.non_field_errors() == ["已经关闭。", "字段不在表单上。"]


def test_a_service_error_without_a_form_becomes_a_message(rf_with_messages):
    request = rf_with_messages
    message_service_error(request, PointsError("这个申请已经处理过了。"))
    assert [str(m) for m in get_messages(request)] == ["这个申请已经处理过了。"]


@pytest.fixture
def rf_with_messages():
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


# --- access in one place ---------------------------------------------------------------------
@pytest.mark.django_db
def test_a_subtree_holds_the_node_and_its_descendants_only(court):
    under_a = Organisation.objects.filter(court.branch_a.subtree_q())
    assert set(under_a) == {court.branch_a, court.group_a1, court.group_a2}
    both = Organisation.objects.filter(
        Organisation.subtrees_q([court.branch_a.path, court.branch_b.path])
    )
    assert court.branch_b in both and court.office not in both
    assert not Organisation.objects.filter(Organisation.subtrees_q([])).exists()
    members = Member.objects.filter(court.branch_a.subtree_q("branch__"))
    assert set(members) == {court.secretary_a, court.member_a}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "leader", "leads_anyone", "secretary"),
    [
        ("committee", True, True, False),
        ("secretary_a", True, True, True),
        ("member_a", False, False, False),
    ],
)
def test_each_role_is_one_named_predicate(court, persona, leader, leads_anyone, secretary):
    user = {
        "committee": court.staff.user,
        "secretary_a": court.secretary_a.user,
        "member_a": court.member_a.user,
    }[persona]
    scope = scope_for(user)
    assert (scope.is_leader, scope.leads_anyone, scope.is_secretary) == (
        leader,
        leads_anyone,
        secretary,
    )


@pytest.mark.django_db
def test_fetch_outsiders_get_404_and_who_may_see_but_not_change_403(court):
    member_a, member_b = court.member_a.user, court.member_b.user
    branch = court.branch_a.pk

    def visible(user):
        return Organisation.objects.visible_to(user)

    with pytest.raises(Http404):
        fetch(visible(member_b), pk=branch, user=member_b, change="branches.change_organisation")
    with pytest.raises(PermissionDenied):
        fetch(visible(member_a), pk=branch, user=member_a, change="branches.change_organisation")
    secretary = court.secretary_a.user
    assert fetch(visible(secretary), pk=branch, user=secretary) == court.branch_a
    with pytest.raises(Http404):
        fetch(visible(member_a), pk=branch, user=member_a, see="points.view_branch_points")
    with pytest.raises(Http404):
        require_page(member_a, "branches.view_organisation_tree")
    with pytest.raises(PermissionDenied):
        require_change(member_a, "branches.change_organisation", court.branch_a)
