"""`manage.py seed_demo` on an empty database: refused over data, the same every time, scaled.

(The seeded demo itself is checked in test_seed_demo.py, seeded once for the module.)
"""

import pytest
from django.core.management import CommandError
from django.db import transaction

from branches.demo import build_court_plan, seed_demo_data
from branches.models import Member, Organisation, Post, User
from tests.branches.test_seed_demo import TODAY, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


def test_without_if_empty_a_database_with_data_is_refused():
    User.objects.create_user("10001", "x", name="张三")
    with pytest.raises(CommandError, match="already has data"):
        seed()
    assert Organisation.objects.count() == 0


def test_the_same_seed_gives_the_same_people():
    def names():
        with transaction.atomic():
            seed_demo_data()
            result = list(
                Member.objects.order_by("employee_number").values_list("employee_number", "name")
            )
            transaction.set_rollback(True)
        return result

    first, second = names(), names()
    assert len(first) > 100
    assert first == second
    assert Member.objects.count() == 0


def test_scale_builds_copies_of_the_court_with_a_sound_tree():
    seed("--scale", "3")

    court = build_court_plan(1)
    committees = Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE)
    assert committees.count() == 3
    assert Member.objects.count() == 3 * len(court.members)
    assert Organisation.objects.find_problems() == ([], [], [], [], [])
    for committee in committees:
        assert Organisation.objects.filter(path__startswith=committee.path).count() == len(
            court.orgs
        )
        in_court = Member.objects.filter(branch__path__startswith=committee.path)
        assert in_court.count() == len(court.members)
        assert Post.objects.filter(organisation__path__startswith=committee.path).count() == len(
            court.posts
        )
    copy = Member.objects.get(employee_number="c003my001").branch
    assert copy.path.startswith(committees.get(name="第3法院机关党委").path)
