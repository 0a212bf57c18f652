"""The demo with copies of the court: the copies get activities too, without history."""

import pytest
from django.db.models import Count

from activities.models import Activity, Attendance
from branches.models import Member, Organisation
from tests.activities.test_demo import seed

pytestmark = pytest.mark.django_db


def test_copies_of_the_court_get_activities_too_without_history():
    seed(courts=2)
    roots = Organisation.objects.filter(depth=1).order_by("path")
    demo, copy = roots
    in_demo = Activity.objects.filter(organisation__path__startswith=demo.path)
    in_copy = Activity.objects.filter(organisation__path__startswith=copy.path)
    assert in_copy.count() > 1000
    assert abs(in_copy.count() - in_demo.count()) < 0.1 * in_demo.count()
    assert Attendance.objects.filter(activity__in=in_copy).count() > 10 * in_copy.count() / 2
    copied = list(in_copy.values_list("pk", flat=True))
    assert not Activity.history.filter(id__in=copied).exists()
    assert Activity.history.count() == in_demo.count()  # one "created" record each
    # Rows written by COPY read back like any other.
    activity = in_copy.filter(activity_type__code="volunteer_service").first()
    assert activity.people_served and activity.service_hours and activity.end > activity.start
    assert activity.created and activity.updated
    members = Member.objects.filter(branch__path__startswith=copy.path)
    assert set(
        Attendance.objects.filter(activity=activity).values_list("member_id", flat=True)
    ) <= set(members.values_list("pk", flat=True))
    # New activities still get fresh keys after the copied ones.
    assert Activity.objects.aggregate(n=Count("pk", distinct=True))["n"] == Activity.objects.count()
