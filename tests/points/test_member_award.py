"""Issue 14, build 5: a secretary gives manual points (支部认定) in the portal with a reason,
an append-only entry made by points' own service; members and other branches cannot."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from points.models import PointEntry

pytestmark = pytest.mark.django_db


def url(member):
    return reverse("points:member_award", args=[member.pk])


def test_the_secretary_gives_branch_points_with_a_reason(as_persona, court, rules):
    secretary = as_persona("secretary_a")
    page = secretary.get(reverse("points:member", args=[court.member_a.pk])).content.decode()
    assert url(court.member_a) in page
    form = secretary.get(url(court.member_a)).content.decode()
    assert "其他加分（支部认定）" in form
    assert "参加支部党员大会" not in form  # attendance rules are not given by hand

    response = secretary.post(
        url(court.member_a),
        {
            "rule": rules["manual_bonus"].pk,
            "points": "2",
            "date": "2026-03-10",
            "note": "协助组织主题党日活动",
        },
    )
    assert response.status_code == 302
    entry = PointEntry.objects.get(member=court.member_a, rule=rules["manual_bonus"])
    assert entry.points == Decimal("2")
    assert entry.note == "协助组织主题党日活动"
    assert entry.date == datetime.date(2026, 3, 10)
    assert entry.created_by == court.secretary_a.user
    history = secretary.get(response.url).content.decode()
    assert "其他加分（支部认定）" in history


def test_a_reason_is_required_and_nothing_is_saved_without_one(as_persona, court, rules):
    secretary = as_persona("secretary_a")
    response = secretary.post(
        url(court.member_a),
        {"rule": rules["manual_bonus"].pk, "date": "2026-03-10", "note": "  "},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["这个字段是必填项。"]
    assert not PointEntry.objects.filter(member=court.member_a).exists()


def test_a_future_date_is_refused_in_chinese(as_persona, court, rules):
    secretary = as_persona("secretary_a")
    response = secretary.post(
        url(court.member_a),
        {"rule": rules["manual_bonus"].pk, "date": "2026-12-31", "note": "提前加分"},
    )
    assert response.status_code == 200
    assert not PointEntry.objects.filter(member=court.member_a).exists()


@pytest.mark.parametrize(("persona", "status"), [("member_a", 403), ("committee", 403)])
def test_others_cannot_give_branch_points(as_persona, court, rules, persona, status):
    client = as_persona(persona)
    response = client.post(
        url(court.member_a),
        {"rule": rules["manual_bonus"].pk, "date": "2026-03-10", "note": "自己加分"},
    )
    assert response.status_code == status
    assert not PointEntry.objects.exists()
