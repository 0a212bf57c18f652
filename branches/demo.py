"""Demo data: a realistic court, its branches and members, and the personas to sign in as.

`build_court_plan(number, today=...)` describes one court as plain data, drawn from a
random generator with a fixed seed, so every run yields the same people. `seed_demo_data()`
writes the first court through the services (as an administrator would, with history) and
the copies that `seed_demo --scale N` asks for with bulk inserts, computing treebeard's
paths itself; bulk rows get no history records, which load tests do not need.

Dates are relative to today: one branch's election is overdue and one branch's term ends
within 90 days whenever the demo is loaded, so the warnings have something to show.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from branches import services
from branches.models import (
    ActivityRoom,
    Member,
    Membership,
    Organisation,
    Post,
    StudyGroup,
    User,
)

DEMO_PASSWORD = "demo-2026"

# (persona, employee number); seed_demo gives these, and only these, a usable password.
DEMO_PERSONAS = [
    ("Administrator", "admin"),
    ("Committee staff", "jg001"),
    ("Secretary of the 民一庭 branch", "my001"),
    ("Member of the 民一庭 branch", "my002"),
    ("Group leader in the 民一庭 branch", "my003"),
    ("Member of the 刑事审判庭 branch", "xs002"),
]

SEED = 2026  # the same seed gives the same court
COURT_NAME = "江城市中级人民法院"

Kind = Organisation.Kind
Job = Member.JobCategory
Education = Member.Education
Tier = Member.TalentTier


def demo_logins() -> list[tuple[str, str, str]]:
    users = {
        u.employee_number: u
        for u in User.objects.filter(employee_number__in=[n for _, n in DEMO_PERSONAS])
    }
    return [
        (persona, number, str(users[number]))
        for persona, number in DEMO_PERSONAS
        if number in users
    ]


def database_has_data() -> bool:
    return User.objects.exists() or Organisation.objects.exists() or Member.objects.exists()


# --- what a court looks like ---------------------------------------------------------


@dataclass(frozen=True)
class BranchSpec:
    code: str  # employee-number prefix of its members
    department: str
    short_name: str
    size: int
    staff: str  # key of STAFF: which titles and job categories its members have
    head: str  # post title of the department head, who is the branch secretary
    groups: int = 0
    room: str = ""
    parent: str = ""  # code of the general branch it sits under
    tribunal: bool = False
    term: str = "fine"  # "fine", "ending" (within 90 days) or "overdue"
    retired: bool = False  # the last member has retired
    probationary: int = 0  # members who must be probationary (the small branch)
    # Members numbered first who hold a post above the branch: (title, job, ages, organisation, post).
    leaders: tuple = ()
    name: str = ""  # "<department>党支部" unless given

    @property
    def branch_name(self) -> str:
        return self.name or f"{self.department}党支部"


# General branches by code: (name, short name, department).
GENERAL_BRANCHES = {"zxj": ("执行局党总支", "执行局总支", "执行局")}

COMMITTEE_OFFICE = (  # the organ committee's staff and secretary sit in the 政治部 branch
    ("机关党委办公室主任", Job.ADMINISTRATIVE, (42, 48), "committee", Post.Kind.COMMITTEE_STAFF),
    ("一级主任科员", Job.ADMINISTRATIVE, (30, 36), "committee", Post.Kind.COMMITTEE_STAFF),
    ("政治部主任", Job.ADMINISTRATIVE, (50, 55), "committee", Post.Kind.SECRETARY),
)
ENFORCEMENT_BUREAU = (("执行局局长", Job.JUDGE, (50, 55), "zxj", Post.Kind.SECRETARY),)

# fmt: off
BRANCHES = [
    BranchSpec("jg", "政治部", "机关党办支部", 12, "office", "政治部副主任", 2, "综合楼3楼 305室",
               leaders=COMMITTEE_OFFICE, name="机关党委办公室党支部"),
    BranchSpec("yj", "研究室", "研究室支部", 8, "research", "主任", 0, "综合楼4楼 412室"),
    BranchSpec("la", "立案庭", "立案庭支部", 14, "trial", "庭长", 2, "诉讼服务中心2楼 203室",
               term="ending", retired=True),
    BranchSpec("my", "民一庭", "民一庭支部", 18, "trial", "庭长", 2, "审判楼5楼 512室"),
    BranchSpec("me", "民二庭", "民二庭支部", 14, "trial", "庭长", 2, "审判楼6楼 608室", retired=True),
    BranchSpec("xs", "刑事审判庭", "刑庭支部", 16, "trial", "庭长", 2, "审判楼3楼 316室", retired=True),
    BranchSpec("xz", "行政审判庭", "行政庭支部", 10, "trial", "庭长", 0, "审判楼4楼 421室",
               term="overdue"),
    BranchSpec("zy", "执行一庭", "执行一庭支部", 14, "enforcement", "庭长", 2, "执行指挥中心2楼 党员之家",
               parent="zxj", retired=True, leaders=ENFORCEMENT_BUREAU),
    BranchSpec("ze", "执行二庭", "执行二庭支部", 12, "enforcement", "庭长", 2, "执行指挥中心3楼 302室",
               parent="zxj"),
    BranchSpec("sg", "审判管理办公室", "审管办支部", 6, "management", "主任", 0, "综合楼4楼 403室"),
    BranchSpec("jc", "司法警察支队", "法警支队支部", 12, "police", "支队长", 2, "法警楼1楼 106室"),
    BranchSpec("cd", "城东人民法庭", "城东法庭支部", 8, "trial", "庭长", 0, "城东人民法庭2楼 党员活动室",
               tribunal=True),
    BranchSpec("jb", "江北人民法庭", "江北法庭支部", 4, "trial", "庭长", 0, "江北人民法庭1楼 调解室旁",
               tribunal=True, probationary=2),
]
# fmt: on

# Per kind of department: (post title, job category, weight, ages); the first two are senior.
STAFF = {
    "trial": [
        ("审判员", Job.JUDGE, 4, (32, 55)),
        ("法官助理", Job.ASSISTANT, 4, (25, 38)),
        ("书记员", Job.CLERK, 2, (23, 34)),
        ("综合内勤", Job.ADMINISTRATIVE, 1, (26, 50)),
    ],
    "enforcement": [
        ("执行法官", Job.JUDGE, 3, (32, 55)),
        ("执行员", Job.OTHER, 2, (28, 50)),
        ("法官助理", Job.ASSISTANT, 3, (25, 38)),
        ("书记员", Job.CLERK, 2, (23, 34)),
    ],
    "research": [
        ("审判员", Job.JUDGE, 3, (32, 50)),
        ("法官助理", Job.ASSISTANT, 3, (25, 36)),
        ("一级主任科员", Job.ADMINISTRATIVE, 1, (35, 50)),
    ],
    "management": [
        ("审判员", Job.JUDGE, 2, (32, 52)),
        ("法官助理", Job.ASSISTANT, 2, (25, 36)),
        ("四级主任科员", Job.ADMINISTRATIVE, 2, (28, 45)),
    ],
    "office": [
        ("一级主任科员", Job.ADMINISTRATIVE, 2, (38, 55)),
        ("二级主任科员", Job.ADMINISTRATIVE, 2, (32, 48)),
        ("四级主任科员", Job.ADMINISTRATIVE, 2, (27, 40)),
        ("一级科员", Job.ADMINISTRATIVE, 2, (23, 30)),
    ],
    "police": [
        ("一级警长", Job.POLICE, 2, (38, 55)),
        ("二级警长", Job.POLICE, 2, (32, 48)),
        ("一级警员", Job.POLICE, 3, (24, 35)),
        ("二级警员", Job.POLICE, 2, (22, 30)),
    ],
}
HEAD_JOB = {"office": Job.ADMINISTRATIVE, "police": Job.POLICE}  # otherwise a judge
DEPUTY_TITLE = {
    "trial": "副庭长",
    "enforcement": "副庭长",
    "research": "副主任",
    "management": "副主任",
    "office": "组织宣传科科长",
    "police": "副支队长",
}
# Branch posts by position among the branch's own members (after any `leaders`):
# 0 secretary, 1 a plain member (a persona), 2 leader of the second group,
# 3–6 the committee (branches with at least seven members), 7 leader of the first group.
COMMITTEE_POSTS = {
    3: Post.Kind.DEPUTY_SECRETARY,
    4: Post.Kind.ORGANISATION_MEMBER,
    5: Post.Kind.PUBLICITY_MEMBER,
    6: Post.Kind.DISCIPLINE_MEMBER,
}
COMMITTEE_SIZE = 7  # fewer members: a secretary only, no branch committee

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
COMMON_SURNAMES = "王李张刘陈杨黄赵吴周"  # drawn more often, as in life
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健亮俊峰浩宇轩博志国建东海林凯晨阳旭振航毅诚锋"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳倩洁萍红梅兰莉欣怡璐瑶佳悦雯蕾蓉琪萱彤妍婧"
GIVEN_ANY = "文晓子一嘉思雨明新春永金立云天"
MINORITIES = ["回族", "满族", "壮族", "蒙古族", "土家族"]
PHONE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151"]
PHONE_PREFIXES += ["152", "153", "155", "156", "158", "159", "177", "180", "182", "186", "187"]
PHONE_PREFIXES += ["188", "189", "199"]
ROOM_EQUIPMENT = [
    "投影仪",
    "电子显示屏",
    "党建书架",
    "远程视频会议终端",
    "音响话筒",
    "入党誓词墙",
    "党员学习电脑",
    "党旗",
]
STUDY_GROUPS = [
    ("“奋楫笃行”青年理论学习小组", 15, "青年干警每月集中学习一次，轮流领学、分享学习心得。"),
    ("“候英·善读”青年读书小组", 10, "每季度共读一本书，举办读书分享会。"),
]
ID_REGION = "990102"  # province 99 does not exist: no demo ID number is a real person's


# --- the plan: one court as plain data -----------------------------------------------


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


def _plus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _People:
    """Draws names, dates and numbers for one court from its own seeded generator."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng, self.today = rng, today
        self.names: set[str] = set()
        self.phones: set[str] = set()

    def name(self, gender: str) -> str:
        rng = self.rng
        while True:
            surname = rng.choice(COMMON_SURNAMES if rng.random() < 0.4 else SURNAMES)
            pool = GIVEN_MALE if gender == Member.Gender.MALE else GIVEN_FEMALE
            given = rng.choice(pool)
            if rng.random() < 0.7:  # most given names have two characters
                given = rng.choice(GIVEN_ANY + pool) + given
            if surname + given not in self.names:
                self.names.add(surname + given)
                return surname + given

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def birth_date(self, ages: tuple[int, int]) -> datetime.date:
        age = self.rng.randint(*ages)
        return _plus_years(self.today, -age) - datetime.timedelta(days=self.rng.randint(1, 364))

    def id_number(self, birth: datetime.date, gender: str) -> str:
        sequence = self.rng.randrange(100, 999)
        if (sequence % 2 == 1) != (gender == Member.Gender.MALE):  # odd for men
            sequence += 1 if sequence < 998 else -1
        body = f"{ID_REGION}{birth:%Y%m%d}{sequence:03d}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
        return body + check

    def education(self, job: str) -> str:
        rng = self.rng
        if job in (Job.JUDGE, Job.ASSISTANT):
            return rng.choices(
                [Education.DOCTORATE, Education.MASTER, Education.BACHELOR], weights=[1, 6, 5]
            )[0]
        if job in (Job.CLERK, Job.POLICE, Job.OTHER):
            return rng.choices([Education.BACHELOR, Education.COLLEGE], weights=[7, 3])[0]
        return rng.choices([Education.MASTER, Education.BACHELOR], weights=[3, 7])[0]


def _term(rng: random.Random, today: datetime.date, term: str) -> dict:
    if term == "overdue":
        end = today - datetime.timedelta(days=40)
    elif term == "ending":
        end = today + datetime.timedelta(days=45)
    else:
        end = today + datetime.timedelta(days=rng.randint(180, 900))
    return {
        "term_start": _plus_years(end, -services.TERM_YEARS),
        "term_end": end,
        "next_election_due": end,
    }


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


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


# --- writing plans to the database ----------------------------------------------------


def _write_court(plan: CourtPlan) -> dict[str, Member]:
    """The demo court, through the services: every row as an administrator would make it."""
    orgs: dict[str, Organisation] = {}
    for org in plan.orgs:
        orgs[org.key] = services.organisation_create(
            parent=orgs.get(org.parent), kind=org.kind, name=org.name, **org.fields
        )
    members: dict[str, Member] = {}
    for m in plan.members:
        members[m.number] = services.member_create(
            branch=orgs[m.branch],
            group=orgs.get(m.group),
            since=m.since,
            create_login=True,
            **m.fields,
        )
    for post in plan.posts:
        services.post_assign(
            organisation=orgs[post.organisation],
            member=members[post.number],
            kind=post.kind,
            start=post.start,
        )
    for room in plan.rooms:
        ActivityRoom.objects.create(
            organisation=orgs[room.organisation],
            name=room.name,
            location=room.location,
            equipment=room.equipment,
        )
    for group in plan.study_groups:
        study_group = StudyGroup.objects.create(
            name=group.name,
            organisation=orgs["committee"],
            leader=members[group.leader],
            description=group.description,
        )
        study_group.members.set([members[n] for n in group.members])
    return members


BATCH = 2000


def _bulk_write_courts(plans: list[CourtPlan]):
    """Copies for load tests: bulk inserts, with treebeard's path, depth and numchild computed here."""
    if not plans:
        return
    last_root = Organisation.objects.get_last_root_node()
    next_root = (
        Organisation._str2int(last_root.path[: Organisation.steplen]) + 1 if last_root else 1
    )
    court_orgs: list[dict[str, Organisation]] = []
    for plan in plans:
        children = Counter(org.parent for org in plan.orgs)
        position: Counter = Counter()
        by_key: dict[str, Organisation] = {}
        for org in plan.orgs:
            if org.parent is None:
                path = Organisation._get_path(None, 1, next_root)
                next_root += 1
            else:
                position[org.parent] += 1
                parent_path = by_key[org.parent].path
                path = Organisation._get_path(
                    parent_path, len(parent_path) // Organisation.steplen + 1, position[org.parent]
                )
            by_key[org.key] = Organisation(
                path=path,
                depth=len(path) // Organisation.steplen,
                numchild=children[org.key],
                kind=org.kind,
                name=org.name,
                **org.fields,
            )
        court_orgs.append(by_key)
    Organisation.objects.bulk_create(
        [org for by_key in court_orgs for org in by_key.values()], batch_size=BATCH
    )

    users = [
        User(employee_number=m.number, name=m.fields["name"], password=make_password(None))
        for plan in plans
        for m in plan.members
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    users_by_number = {user.employee_number: user for user in users}

    court_members: list[dict[str, Member]] = []
    for plan, orgs in zip(plans, court_orgs, strict=True):
        court_members.append(
            {
                m.number: Member(
                    user=users_by_number[m.number],
                    branch=orgs[m.branch],
                    group=orgs.get(m.group),
                    **m.fields,
                )
                for m in plan.members
            }
        )
    Member.objects.bulk_create(
        [m for members in court_members for m in members.values()], batch_size=BATCH
    )

    memberships, posts, rooms, study_groups, study_group_members = [], [], [], [], []
    for plan, orgs, members in zip(plans, court_orgs, court_members, strict=True):
        memberships += [
            Membership(
                member=members[m.number],
                branch=orgs[m.branch],
                group=orgs.get(m.group),
                start=m.since,
            )
            for m in plan.members
        ]
        posts += [
            Post(
                organisation=orgs[p.organisation],
                member=members[p.number],
                kind=p.kind,
                start=p.start,
            )
            for p in plan.posts
        ]
        rooms += [
            ActivityRoom(
                organisation=orgs[r.organisation],
                name=r.name,
                location=r.location,
                equipment=r.equipment,
            )
            for r in plan.rooms
        ]
        for group in plan.study_groups:
            study_group = StudyGroup(
                name=group.name,
                organisation=orgs["committee"],
                leader=members[group.leader],
                description=group.description,
            )
            study_groups.append(study_group)
            study_group_members.append((study_group, [members[n] for n in group.members]))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    Post.objects.bulk_create(posts, batch_size=BATCH)
    ActivityRoom.objects.bulk_create(rooms, batch_size=BATCH)
    StudyGroup.objects.bulk_create(study_groups, batch_size=BATCH)
    Through = StudyGroup.members.through
    Through.objects.bulk_create(
        [
            Through(studygroup=group, member=member)
            for group, chosen in study_group_members
            for member in chosen
        ],
        batch_size=BATCH,
    )


def _seed_logins(members: dict[str, Member]):
    """The administrator, and a usable password for every persona (one hash for all)."""
    password = make_password(DEMO_PASSWORD)
    User.objects.create(
        employee_number="admin",
        name="系统管理员",
        is_staff=True,
        is_superuser=True,
        password=password,
    )
    for _persona, number in DEMO_PERSONAS:
        if number in members:
            user = members[number].user
            user.password = password
            user.save(update_fields=["password"])


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
