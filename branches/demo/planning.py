"""The plan: one court as plain data (organisations, members, posts, rooms, study groups).

`build_court_plan(number, today=...)` draws it from a random generator with a fixed seed,
so the same arguments give the same court.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from branches import services
from branches.demo.content import (
    BRANCHES,
    COMMITTEE_POSTS,
    COMMITTEE_SIZE,
    COURT_NAME,
    DEPUTY_TITLE,
    GENERAL_BRANCHES,
    HEAD_JOB,
    LARGE_BRANCH,
    MINORITIES,
    ROOM_EQUIPMENT,
    SEED,
    STAFF,
    STUDY_GROUPS,
    BranchSpec,
    Job,
    Kind,
    Tier,
)
from branches.demo.people import _date_between, _People, _plus_years, _term
from branches.models import Member, Post


@dataclass
class OrgPlan:
    key: str
    parent: str | None
    kind: str
    name: str
    fields: dict


@dataclass
class MemberPlan:
    number: str
    branch: str
    group: str | None
    since: datetime.date
    fields: dict


@dataclass
class PostPlan:
    organisation: str
    number: str
    kind: str
    start: datetime.date


@dataclass
class RoomPlan:
    organisation: str
    name: str
    location: str
    equipment: str


@dataclass
class StudyGroupPlan:
    name: str
    description: str
    leader: str
    members: list[str]


@dataclass
class CourtPlan:
    name: str
    orgs: list[OrgPlan] = field(default_factory=list)  # parents before children
    members: list[MemberPlan] = field(default_factory=list)
    posts: list[PostPlan] = field(default_factory=list)
    rooms: list[RoomPlan] = field(default_factory=list)
    study_groups: list[StudyGroupPlan] = field(default_factory=list)
    term_starts: dict[str, datetime.date] = field(default_factory=dict)  # posts begin no earlier

    def add_org(self, key: str, parent: str | None, kind: str, name: str, **fields):
        self.orgs.append(OrgPlan(key, parent, kind, name, fields))
        self.term_starts[key] = fields.get("term_start") or self.term_starts[parent]


def build_court_plan(number: int, *, today: datetime.date | None = None) -> CourtPlan:
    """The demo court (number 1) or its numbered copy; the same arguments, the same court."""
    today = today or timezone.localdate()
    rng = random.Random(SEED + number)
    people = _People(rng, today)
    name = COURT_NAME if number == 1 else f"第{number}法院"
    prefix = "" if number == 1 else f"c{number:03d}"
    plan = CourtPlan(name=name)

    term_start = today - datetime.timedelta(days=rng.randint(500, 900))
    term_end = _plus_years(term_start, 5)  # an organ committee is elected for five years
    plan.add_org(
        "committee",
        None,
        Kind.COMMITTEE,
        f"{name}机关党委",
        short_name="机关党委",
        department="政治部",
        established_on=datetime.date(1996, 7, 1),
        term_start=term_start,
        term_end=term_end,
        next_election_due=term_end,
    )
    for spec in BRANCHES:
        if spec.parent and spec.parent not in plan.term_starts:
            gb_name, gb_short, gb_department = GENERAL_BRANCHES[spec.parent]
            plan.add_org(
                spec.parent,
                "committee",
                Kind.GENERAL_BRANCH,
                gb_name,
                short_name=gb_short,
                department=gb_department,
                established_on=datetime.date(2017, 3, 15),
                **_term(rng, today, "fine"),
            )
        _plan_branch(plan, spec, people, prefix)
    _plan_probationary(plan, people, count=12)
    _plan_study_groups(plan, rng, today)
    _plan_branch(plan, LARGE_BRANCH, people, prefix)  # drawn last: the rest stays the same
    return plan


def _plan_branch(plan: CourtPlan, spec: BranchSpec, people: _People, prefix: str):
    rng, today = people.rng, people.today
    if spec.probationary:  # the small branch: a tribunal opened two years ago
        established = today - datetime.timedelta(days=700)
        end = _plus_years(established, services.TERM_YEARS)
        term = {"term_start": established, "term_end": end, "next_election_due": end}
    else:
        established = _date_between(rng, datetime.date(2003, 1, 1), datetime.date(2016, 12, 31))
        term = _term(rng, today, spec.term)
    plan.add_org(
        spec.code,
        spec.parent or "committee",
        Kind.BRANCH,
        spec.branch_name,
        short_name=spec.short_name,
        department=spec.department,
        is_tribunal=spec.tribunal,
        established_on=established,
        **term,
    )
    groups = []
    for g in range(spec.groups):
        groups.append(f"{spec.code}-g{g + 1}")
        plan.add_org(
            groups[-1],
            spec.code,
            Kind.GROUP,
            f"{spec.department}第{'一二三'[g]}党小组",
            department=spec.department,
            established_on=established,
        )
    equipment = "、".join(rng.sample(ROOM_EQUIPMENT, rng.randint(3, 5)))
    plan.rooms.append(RoomPlan(spec.code, f"{spec.department}党员活动室", spec.room, equipment))

    mix = STAFF[spec.staff]
    own = spec.size - len(spec.leaders)  # the branch's members after its committee-level leaders
    has_committee = own >= COMMITTEE_SIZE
    for i in range(spec.size):
        j = i - len(spec.leaders)  # position among the branch's own members; negative for leaders
        posts = []  # (organisation key, post kind)
        if j < 0:
            title, job, ages, organisation, kind = spec.leaders[i]
            posts.append((organisation, kind))
        elif j == 0:
            title, job, ages = spec.head, HEAD_JOB.get(spec.staff, Job.JUDGE), (46, 56)
            posts.append((spec.code, Post.Kind.SECRETARY))
        elif j == 3 and has_committee:
            title, job, ages = (
                DEPUTY_TITLE[spec.staff],
                HEAD_JOB.get(spec.staff, Job.JUDGE),
                (40, 52),
            )
        elif j >= own - spec.probationary:  # newly admitted: young assistants and clerks
            title, job, _weight, ages = rng.choice(mix[1:3])
            ages = (24, 30)
        else:
            choices = mix[:2] if j in (2, 4, 5, 6, 7) else mix  # post holders are senior staff
            title, job, _weight, ages = rng.choices(choices, weights=[c[2] for c in choices])[0]
        if j in COMMITTEE_POSTS and has_committee:
            posts.append((spec.code, COMMITTEE_POSTS[j]))
        group = None
        if groups:
            second = j in (1, 2) or (j not in (0, 7) and i % 2 == 1)
            group = groups[1 if second else 0]
            if j in (2, 7):
                posts.append((group, Post.Kind.GROUP_LEADER))

        retired = spec.retired and i == spec.size - 1
        member = _plan_member(
            people,
            number=f"{prefix}{spec.code}{i + 1:03d}",
            ages=(60, 62) if retired else ages,
            job=job,
            title=title,
            department=spec.department,
            staff=spec.staff,
            established=established,
            probationary=j >= own - spec.probationary,
            retired=retired,
        )
        member.branch, member.group = spec.code, group
        if posts:  # post holders have mostly been in the branch since before the election
            member.since = max(min(member.since, term["term_start"]), member.fields["joined_on"])
        plan.members.append(member)
        for organisation, kind in posts:
            start = max(member.since, plan.term_starts[organisation])
            plan.posts.append(PostPlan(organisation, member.number, kind, start))


def _plan_member(
    people: _People,
    *,
    number: str,
    ages: tuple[int, int],
    job: str,
    title: str,
    department: str,
    staff: str,
    established: datetime.date,
    probationary: bool,
    retired: bool,
) -> MemberPlan:
    rng, today = people.rng, people.today
    gender = rng.choices([Member.Gender.MALE, Member.Gender.FEMALE], weights=[55, 45])[0]
    if job == Job.POLICE:
        gender = rng.choices([Member.Gender.MALE, Member.Gender.FEMALE], weights=[85, 15])[0]
    birth = people.birth_date(ages)
    # Most join the Party at university or in their first years at the court.
    joined = _plus_years(birth, rng.randint(19, 28)) + datetime.timedelta(days=rng.randint(0, 300))
    latest = today - datetime.timedelta(days=rng.randint(400, 900))
    joined = max(min(joined, latest), _plus_years(birth, 18))
    if probationary:
        joined = today - datetime.timedelta(days=rng.randint(40, 320))
    fields = {
        "name": people.name(gender),
        "employee_number": number,
        "gender": gender,
        "ethnicity": "汉族" if rng.random() < 0.9 else rng.choice(MINORITIES),
        "birth_date": birth,
        "education": people.education(job),
        "joined_on": joined,
        "full_member_on": None if probationary else _plus_years(joined, 1),
        "status": Member.Status.PROBATIONARY if probationary else Member.Status.FULL,
        "state": Member.State.RETIRED if retired else Member.State.ACTIVE,
        "department": department,
        "job_category": job,
        "post_title": title,
        "phone": people.phone(),
        "talent_tier": _talent_tier(rng, job, today.year - birth.year, staff),
    }
    if rng.random() < 0.06:  # only a few records carry an ID number
        fields["id_number"] = people.id_number(birth, gender)
    since = max(joined, established, today - datetime.timedelta(days=rng.randint(200, 3650)))
    return MemberPlan(number, "", None, since, fields)


def _talent_tier(rng: random.Random, job: str, age: int, staff: str) -> str:
    """灯塔型 leaders, 火炬型 standard-bearers, 星火型 young talents (more in 研究室)."""
    boost = 2 if staff == "research" else 1
    if job == Job.JUDGE and age >= 45 and rng.random() < 0.06 * boost:
        return Tier.LIGHTHOUSE
    if job == Job.JUDGE and 35 <= age < 45 and rng.random() < 0.3 * boost:
        return Tier.TORCH
    if job in (Job.ASSISTANT, Job.JUDGE) and age < 32 and rng.random() < 0.35 * boost:
        return Tier.SPARK
    return ""


def _plan_probationary(plan: CourtPlan, people: _People, *, count: int):
    """Make about 8% of members probationary: young members without a post."""
    rng, today = people.rng, people.today
    holders = {post.number for post in plan.posts}
    already = sum(m.fields["status"] == Member.Status.PROBATIONARY for m in plan.members)
    candidates = [
        m
        for m in plan.members
        if m.number not in holders
        and m.fields["status"] == Member.Status.FULL
        and m.fields["state"] == Member.State.ACTIVE
        and today.year - m.fields["birth_date"].year <= 30
    ]
    for m in rng.sample(candidates, min(len(candidates), max(0, count - already))):
        joined = today - datetime.timedelta(days=rng.randint(40, 330))
        m.fields.update(joined_on=joined, full_member_on=None, status=Member.Status.PROBATIONARY)
        m.since = max(m.since, joined)


def _plan_study_groups(plan: CourtPlan, rng: random.Random, today: datetime.date):
    young = [
        m.number
        for m in plan.members
        if m.fields["state"] == Member.State.ACTIVE
        and today.year - m.fields["birth_date"].year <= 35
    ]
    rng.shuffle(young)
    for name, size, description in STUDY_GROUPS:
        chosen, young = young[:size], young[size:]
        if chosen:
            plan.study_groups.append(StudyGroupPlan(name, description, chosen[0], sorted(chosen)))
