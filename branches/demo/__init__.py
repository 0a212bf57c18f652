"""Demo data: a realistic court, its branches and members, and the personas to sign in as.

`build_court_plan(number, today=...)` describes one court as plain data, drawn from a
random generator with a fixed seed, so every run yields the same people. `seed_demo_data()`
writes the first court through the services (as an administrator would, with history) and
the copies that `seed_demo --scale N` asks for with bulk inserts, computing treebeard's
paths itself; bulk rows get no history records, which load tests do not need.

Dates are relative to today: one branch's election is overdue and one branch's term ends
within 90 days whenever the demo is loaded, so the warnings have something to show.

Layout: content.py (what a court looks like: branches, staff, posts, name pools),
people.py (draws names, dates and numbers; election terms), planning.py (one court as
plain data), writing.py (the demo court through the services), copies.py (the bulk copies
of `seed_demo --scale N`), logins.py (the personas and the administrator).
"""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from branches.demo.content import (
    BRANCHES,
    COURT_NAME,
    SEED,
    BranchSpec,
    Education,
    Job,
    Kind,
    Tier,
)
from branches.demo.copies import BATCH, _bulk_write_courts
from branches.demo.logins import DEMO_PASSWORD, DEMO_PERSONAS, _seed_logins, demo_logins
from branches.demo.planning import (
    CourtPlan,
    MemberPlan,
    OrgPlan,
    PostPlan,
    RoomPlan,
    StudyGroupPlan,
    build_court_plan,
)
from branches.demo.writing import _write_court
from branches.models import ActivityRoom, Member, Organisation, Post, StudyGroup, User

__all__ = [
    "BATCH",
    "BRANCHES",
    "COURT_NAME",
    "DEMO_PASSWORD",
    "DEMO_PERSONAS",
    "SEED",
    "BranchSpec",
    "CourtPlan",
    "Education",
    "Job",
    "Kind",
    "MemberPlan",
    "OrgPlan",
    "PostPlan",
    "RoomPlan",
    "StudyGroupPlan",
    "Tier",
    "build_court_plan",
    "database_has_data",
    "demo_counts",
    "demo_logins",
    "seed_demo_data",
]


def database_has_data() -> bool:
    return User.objects.exists() or Organisation.objects.exists() or Member.objects.exists()


@transaction.atomic
def seed_demo_data(*, courts: int = 1, today: datetime.date | None = None) -> dict[str, int]:
    """Load the demo court (and `courts - 1` bulk copies); return what the database now holds."""
    today = today or timezone.localdate()
    members = _write_court(build_court_plan(1, today=today))
    _seed_logins(members)
    for start in range(2, courts + 1, 20):  # plans are built in chunks to bound memory
        numbers = range(start, min(courts, start + 19) + 1)
        _bulk_write_courts([build_court_plan(number, today=today) for number in numbers])
    return demo_counts()


def demo_counts() -> dict[str, int]:
    by_kind = dict(Organisation.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    return {
        "organ committees": by_kind.get(Kind.COMMITTEE, 0),
        "general branches": by_kind.get(Kind.GENERAL_BRANCH, 0),
        "branches": by_kind.get(Kind.BRANCH, 0),
        "party groups": by_kind.get(Kind.GROUP, 0),
        "members": Member.objects.count(),
        "probationary members": Member.objects.filter(status=Member.Status.PROBATIONARY).count(),
        "retired members": Member.objects.filter(state=Member.State.RETIRED).count(),
        "party posts": Post.objects.count(),
        "activity rooms": ActivityRoom.objects.count(),
        "youth study groups": StudyGroup.objects.count(),
        "logins": User.objects.count(),
    }
