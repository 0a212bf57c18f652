"""Planning the demo activities: who held what, when, with whom (plain data, no writes).

`plan_court_activities(court, today=...)` returns one court's ActivityPlans from
1 January of last year to yesterday. Each branch draws from its own random generator,
seeded by the court's position and the branch's name, so the same courts and `today`
give the same plans; the only other input is the holiday calendar (notices.calendar).
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from activities.demo.content import (
    CASE_REVIEW_DEPARTMENTS,
    CASE_TOPICS,
    CASES,
    CO_BUILDING_TOPICS,
    COMMITTEE_AGENDAS,
    CURRENT_GAPS,
    GAPS,
    GENERAL_AGENDAS,
    GROUP_POINTS,
    LEAVE_REASONS,
    LEAVE_WEIGHTS,
    LECTURE_TITLES,
    MICRO_LECTURE,
    MICRO_LECTURE_DEPARTMENTS,
    MICRO_TITLES,
    PARTNERS,
    SERIES,
    SPRING_TOPIC,
    STUDY_DAY,
    STUDY_DAY_DEPARTMENTS,
    THEME_DAY_NOTES,
    THEME_DAYS,
    THEORY_POINTS,
    THEORY_TOPICS,
    VOLUNTEER_DEPARTMENTS,
    VOLUNTEER_TOPICS,
    WARNING_TOPICS,
    WORK,
    YOUTH_TALK,
    YOUTH_TALK_DEPARTMENTS,
    YOUTH_TITLES,
)
from activities.demo.courts import Branch, Court, Group
from activities.models import Attendance
from branches.models import ActivityRoom, Member, Organisation
from notices.calendar import is_working_day

SEED = 4
Status = Attendance.Status
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class ActivityPlan:
    organisation: Organisation
    code: str
    topic: str
    start: datetime.datetime
    end: datetime.datetime
    lead: Member | None
    attendance: list[tuple[Member, str, str]]  # (member, status, reason)
    created_by_id: int | None
    series: str = ""
    minutes: str = ""
    location: str = ""
    room: ActivityRoom | None = None
    partner_names: str = ""
    results: dict = field(default_factory=dict)

    def snapshot(self) -> tuple:
        """What a user sees of it, without database keys (for comparing two runs)."""
        return (
            self.organisation.name,
            self.code,
            self.series,
            self.topic,
            self.start,
            self.end,
            self.lead.employee_number if self.lead else "",
            tuple(sorted((m.employee_number, s, r) for m, s, r in self.attendance)),
            self.minutes,
            self.partner_names,
            tuple(sorted(self.results.items())),
        )


def _eligible(court: Court, members: list[Member], day: datetime.date) -> list[Member]:
    """Who was a member of the branch, and of the Party, on the day."""
    return [
        m
        for m in members
        if court.since.get(m.pk, day) <= day and (m.joined_on is None or m.joined_on <= day)
    ]


def _attendance(rng: random.Random, members, *, lead=None, present_rate=0.9):
    """About 90% present, most of the others on leave with a reason, the rest absent."""
    rows = []
    for member in members:
        draw = rng.random()
        if member == lead or draw < present_rate:
            rows.append((member, Status.PRESENT, ""))
        elif draw < present_rate + (1 - present_rate) * 0.75:
            reason = rng.choices(LEAVE_REASONS, weights=LEAVE_WEIGHTS)[0]
            rows.append((member, Status.ON_LEAVE, reason))
        else:
            rows.append((member, Status.ABSENT, ""))
    return rows


class _Planner:
    """Plans one branch's activities from `first` to `last` (both included)."""

    def __init__(self, court: Court, branch: Branch, first: datetime.date, last: datetime.date):
        self.court, self.branch = court, branch
        self.first, self.last = first, last
        self.last_year = first.year
        self.rng = random.Random(f"{SEED}:{court.number}:{branch.organisation.name}")
        self.zone = timezone.get_default_timezone()
        self.plans: list[ActivityPlan] = []
        self.topic_turn = self.rng.randrange(len(THEORY_TOPICS))

    # -- helpers ----------------------------------------------------------------------
    def at(self, day: datetime.date, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(day, time, tzinfo=self.zone)

    def in_window(self, day: datetime.date) -> bool:
        return self.first <= day <= self.last

    def working_day_from(self, day: datetime.date) -> datetime.date:
        while not is_working_day(day):
            day += ONE_DAY
        return day

    def skipped(self, code: str, day: datetime.date, name: str | None = None) -> bool:
        name = name or self.branch.organisation.department
        today = self.last + ONE_DAY
        quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return any(
            gap.code == code
            and gap.organisation == name
            and day.year == self.last_year
            and day.month in gap.months
            for gap in GAPS
        ) or any(
            gap.code == code and gap.organisation == name and day >= quarter_start
            for gap in CURRENT_GAPS
        )

    def eligible(self, members: list[Member], day: datetime.date) -> list[Member]:
        return _eligible(self.court, members, day)

    def attendance(self, members, day, *, lead=None):
        return _attendance(self.rng, members, lead=lead)

    def add(self, code, day, start, end, topic, *, members, lead=None, organisation=None, **extra):
        if extra.pop("all_present", False):
            rows = [(member, Status.PRESENT, "") for member in members]
        else:
            rows = self.attendance(members, day, lead=lead)
        if lead is not None and lead not in members:
            # The lead counts as present, so only a member of the branch on the day may lead
            # (the same rule as the activity import: activities/importing.py).
            if lead in self.branch.members and self.eligible([lead], day):
                rows.append((lead, Status.PRESENT, ""))
            else:
                lead = None
        secretary = self.branch.secretary
        plan = ActivityPlan(
            organisation=organisation or self.branch.organisation,
            code=code,
            topic=topic,
            start=self.at(day, start),
            end=self.at(day, end),
            lead=lead,
            attendance=rows,
            created_by_id=self.court.users.get(secretary.pk) if secretary else None,
            room=extra.pop("room", self.branch.room),
            **extra,
        )
        present = sum(1 for _m, status, _r in rows if status == Status.PRESENT)
        plan.minutes = plan.minutes.format(expected=len(rows), present=present)
        self.plans.append(plan)
        return plan

    def months(self):
        year, month = self.first.year, self.first.month
        while datetime.date(year, month, 1) <= self.last:
            yield year, month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def theory_topic(self, day: datetime.date) -> str:
        if day.month in (3, 4) and self.rng.random() < 0.3:
            return SPRING_TOPIC.format(year=day.year)
        fitting = [t for t, start, end in THEORY_TOPICS if (start or day) <= day <= (end or day)]
        self.topic_turn += 1
        return fitting[self.topic_turn % len(fitting)]

    def chair(self) -> str:
        return self.branch.secretary.name if self.branch.secretary else "支部书记"

    def work(self) -> str:
        return WORK[self.branch.staff]

    # -- the cadence ----------------------------------------------------------------------
    def plan_all(self) -> list[ActivityPlan]:
        members = self.branch.members
        if not members:
            return []
        self.theme_day = (self.rng.choice([1, 2, 3]), self.rng.choice([1, 2, 3]))  # (week, weekday)
        for year, month in self.months():
            self.committee_meeting(year, month)
            self.theme_party_day(year, month)
            for group in self.branch.groups:
                self.group_meeting(group, year, month)
            if month % 3 == 2:
                self.general_meeting(year, month)
            if month % 3 == 0:
                self.party_lecture(year, month)
            if month == 1:
                self.annual_review(year)
            if month in (1, 9):
                self.warning_education(year, month)
            dept = self.branch.organisation.department
            if dept in CASE_REVIEW_DEPARTMENTS and month % 2 == 0:
                self.case_review(year, month)
            if dept in PARTNERS and month in (4, 10):
                self.co_building(year, month, PARTNERS[dept])
            if dept in VOLUNTEER_DEPARTMENTS and month in (3, 5, 9, 12):
                self.volunteer_service(year, month)
            if dept in MICRO_LECTURE_DEPARTMENTS:
                self.micro_lecture(year, month)
            if dept in YOUTH_TALK_DEPARTMENTS:
                self.youth_talk(year, month)
        if self.branch.organisation.department in STUDY_DAY_DEPARTMENTS:
            self.study_days()
        return self.plans

    def committee_meeting(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 3))
        if not self.in_window(day) or self.skipped("committee_meeting", day):
            return
        committee = self.branch.committee if len(self.branch.committee) > 1 else self.branch.members
        agenda = self.rng.choice(COMMITTEE_AGENDAS)
        self.add(
            "committee_meeting",
            day,
            datetime.time(16, 30),
            datetime.time(17, 30),
            f"{month}月支部委员会会议：{agenda.split('，')[0]}",
            members=self.eligible(committee, day),
            lead=self.branch.secretary,
            minutes=f"会议由{self.chair()}主持，应到{{expected}}人，实到{{present}}人。会议{agenda}。",
        )

    def theme_party_day(self, year, month):
        week, weekday = self.theme_day
        day = datetime.date(year, month, 1)
        day += datetime.timedelta(days=(weekday - day.weekday()) % 7 + 7 * (week - 1))
        day = self.working_day_from(day)
        if not self.in_window(day) or self.skipped("theme_party_day", day):
            return
        topic = THEME_DAYS[month].format(n=year - 1921)
        self.add(
            "theme_party_day",
            day,
            datetime.time(15, 0),
            datetime.time(17, 0),
            topic,
            members=self.eligible(self.branch.members, day),
            lead=self.branch.secretary,
            minutes=(
                f"支部开展“{topic}”主题党日活动，应到{{expected}}人，实到{{present}}人。"
                f"{self.rng.choice(THEME_DAY_NOTES).format(chair=self.chair(), work=self.work())}"
            ),
        )

    def group_meeting(self, group: Group, year, month):
        day = self.working_day_from(datetime.date(year, month, 12 + self.rng.randrange(6)))
        if not self.in_window(day) or self.skipped("group_meeting", day, group.organisation.name):
            return
        members = self.eligible(group.members, day)
        if not members:
            return
        lead = group.leader if group.leader in members else members[0]
        self.add(
            "group_meeting",
            day,
            datetime.time(12, 30),
            datetime.time(13, 20),
            f"{month}月党小组会：交流学习体会和近期工作",
            members=members,
            lead=lead,
            organisation=group.organisation,
            room=None,
            location="庭室会议室",
            minutes=(
                f"党小组长{lead.name}主持，小组成员逐一交流近期思想和{self.work()}情况，"
                f"{self.rng.choice(GROUP_POINTS)}。"
            ),
        )

    def general_meeting(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 15 + self.rng.randrange(5)))
        if not self.in_window(day) or self.skipped("general_meeting", day):
            return
        quarter = (month - 1) // 3 + 1
        agenda = self.rng.choice(GENERAL_AGENDAS)
        self.add(
            "general_meeting",
            day,
            datetime.time(15, 0),
            datetime.time(16, 30),
            f"{year}年第{quarter}季度支部党员大会",
            members=self.eligible(self.branch.members, day),
            lead=self.branch.secretary,
            minutes=f"会议由{self.chair()}主持，应到{{expected}}人，实到{{present}}人。会议{agenda}。",
        )

    def party_lecture(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 20 + self.rng.randrange(4)))
        if not self.in_window(day) or self.skipped("party_lecture", day):
            return
        quarter = month // 3
        speakers = self.branch.committee or [self.branch.members[0]]
        speaker = (
            self.branch.secretary
            if quarter in (1, 3) or len(speakers) < 2
            else speakers[quarter % len(speakers)]
        )
        title = self.rng.choice(LECTURE_TITLES)
        role = "书记讲党课" if speaker == self.branch.secretary else "支委讲党课"
        self.add(
            "party_lecture",
            day,
            datetime.time(15, 0),
            datetime.time(16, 30),
            f"{role}：{title}",
            members=self.eligible(self.branch.members, day),
            lead=speaker,
            minutes=(
                f"{speaker.name}以《{title}》为题讲授专题党课，结合{self.work()}实际，强调"
                f"{self.rng.choice(THEORY_POINTS)}。"
            ),
        )

    def annual_review(self, year):
        day = self.working_day_from(datetime.date(year, 1, 20 + self.rng.randrange(6)))
        if not self.in_window(day):
            return
        members = self.eligible(self.branch.members, day)
        self.add(
            "annual_review",
            day,
            datetime.time(14, 30),
            datetime.time(17, 0),
            f"{year - 1}年度组织生活会",
            members=members,
            lead=self.branch.secretary,
            minutes=(
                f"{self.chair()}代表支部委员会对照检查，党员逐一发言，开展批评和自我批评，"
                "明确整改措施和完成时限。"
            ),
        )
        day = self.working_day_from(day + ONE_DAY)
        if self.in_window(day):
            self.add(
                "democratic_evaluation",
                day,
                datetime.time(15, 0),
                datetime.time(16, 30),
                f"{year - 1}年度民主评议党员",
                members=self.eligible(self.branch.members, day),
                lead=self.branch.secretary,
                minutes="党员个人自评、党员互评、支部点评，评定等次并报机关党委。",
            )

    def warning_education(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 8 + self.rng.randrange(5)))
        if not self.in_window(day):
            return
        topic = WARNING_TOPICS[0] if month == 1 else self.rng.choice(WARNING_TOPICS[1:])
        self.add(
            "warning_education",
            day,
            datetime.time(15, 30),
            datetime.time(17, 0),
            topic,
            members=self.eligible(self.branch.members, day),
            lead=self.branch.secretary,
            minutes="全体党员观看警示教育片，结合岗位廉政风险点逐一发言，签订廉洁司法承诺书。",
        )

    def case_review(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 24))
        if not self.in_window(day):
            return
        case = self.rng.choice(
            CASES["enforcement" if self.branch.staff == "enforcement" else "trial"]
        )
        members = self.eligible(self.branch.members, day)
        speaker = self.rng.choice(members) if members else None
        self.add(
            "case_review",
            day,
            datetime.time(16, 0),
            datetime.time(17, 30),
            self.rng.choice(CASE_TOPICS).format(case=case),
            members=members,
            lead=speaker,
            minutes=(
                f"{speaker.name if speaker else self.chair()}介绍案情和裁判思路，与会党员从政治效果、"
                "法律效果和社会效果相统一的角度讨论，形成统一裁判尺度的意见。"
            ),
        )

    def co_building(self, year, month, partner):
        day = self.working_day_from(datetime.date(year, month, 16))
        if not self.in_window(day):
            return
        members = self.eligible(self.branch.members, day)
        self.add(
            "co_building",
            day,
            datetime.time(9, 30),
            datetime.time(11, 30),
            self.rng.choice(CO_BUILDING_TOPICS).format(partner=partner),
            members=members,
            lead=self.branch.secretary,
            room=None,
            location=partner.removesuffix("党委").removesuffix("党支部") + "党群服务中心",
            partner_names=partner,
            results={
                "people_served": self.rng.randint(20, 80),
                "suggestions_collected": self.rng.randint(2, 12),
            },
            minutes=f"与{partner}开展联建共建，双方交流党建工作经验，商定下一步共建事项。",
        )

    def volunteer_service(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 10 + self.rng.randrange(10)))
        if not self.in_window(day):
            return
        members = self.eligible(self.branch.members, day)
        volunteers = self.rng.sample(members, min(len(members), self.rng.randint(4, 8)))
        if not volunteers:
            return
        hours = self.rng.choice([2, 2.5, 3, 4])
        topic = self.rng.choice(VOLUNTEER_TOPICS)
        served = self.rng.randint(30, 200)
        disputes = self.rng.randint(0, 6)
        self.add(
            "volunteer_service",
            day,
            datetime.time(9, 0),
            datetime.time(9 + int(hours), 30 if hours % 1 else 0),
            topic,
            members=volunteers,
            all_present=True,
            lead=volunteers[0],
            room=None,
            location=PARTNERS.get(self.branch.organisation.department, "城东社区")
            .removesuffix("党委")
            .removesuffix("党支部")
            + "便民服务站",
            results={
                "people_served": served,
                "disputes_resolved": disputes,
                "suggestions_collected": self.rng.randint(0, 15),
                "service_hours": round(hours * len(volunteers), 1),
            },
            minutes=(
                f"{len(volunteers)}名党员干警开展志愿服务，接待群众{served}人次，"
                f"现场化解矛盾纠纷{disputes}件。"
            ),
        )

    def micro_lecture(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 7 + self.rng.randrange(10)))
        if not self.in_window(day):
            return
        members = self.eligible(self.branch.members, day)
        if not members:
            return
        speaker = members[(year * 12 + month) % len(members)]
        title = MICRO_TITLES[(year * 12 + month) % len(MICRO_TITLES)]
        self.add(
            "micro_lecture",
            day,
            *SERIES[MICRO_LECTURE][2:],
            f"一刻钟微党课：{title}",
            members=members,
            lead=speaker,
            series=MICRO_LECTURE,
            minutes=f"{speaker.name}讲述{title}，大家交流了学习体会。",
        )

    def youth_talk(self, year, month):
        day = self.working_day_from(datetime.date(year, month, 20 + self.rng.randrange(6)))
        if not self.in_window(day):
            return
        members = self.eligible(self.branch.members, day)
        young = [
            m for m in members if m.birth_date and day.year - m.birth_date.year <= 35
        ] or members
        if not young:
            return
        speaker = young[(year * 12 + month) % len(young)]
        title = YOUTH_TITLES[(year * 12 + month) % len(YOUTH_TITLES)]
        self.add(
            "youth_talk",
            day,
            *SERIES[YOUTH_TALK][2:],
            f"青年说：{title}",
            members=members,
            lead=speaker,
            series=YOUTH_TALK,
            minutes=f"青年干警{speaker.name}作主题分享，{self.chair()}点评并勉励青年党员在{self.work()}中勇挑重担。",
        )

    def study_days(self):
        day = self.first + datetime.timedelta(days=(4 - self.first.weekday()) % 7)
        order = list(self.branch.members)
        self.rng.shuffle(order)
        turn = 0
        while day <= self.last:
            if is_working_day(day) and self.rng.random() >= 0.05:  # a busy week now and then
                members = self.eligible(self.branch.members, day)
                lead = None
                for _ in range(len(order)):  # the next lead on the rotation who was there
                    candidate = order[turn % len(order)]
                    turn += 1
                    if candidate in members:
                        lead = candidate
                        break
                topic = self.theory_topic(day)
                others = [m for m in members if m != lead]
                speakers = "、".join(m.name for m in self.rng.sample(others, min(2, len(others))))
                self.add(
                    "study_day",
                    day,
                    *SERIES[STUDY_DAY][2:],
                    topic,
                    members=members,
                    lead=lead,
                    series=STUDY_DAY,
                    minutes=(
                        f"{lead.name if lead else self.chair()}领学，{speakers}结合{self.work()}作交流发言。"
                        f"{self.chair()}总结指出，{self.rng.choice(THEORY_POINTS)}。"
                    ),
                )
            day += datetime.timedelta(days=7)


def _committee_events(
    court: Court, first: datetime.date, last: datetime.date
) -> list[ActivityPlan]:
    """Organ-wide events: a warning education every July and a knowledge contest every June."""
    rng = random.Random(f"{SEED}:{court.number}:committee")
    zone = timezone.get_default_timezone()
    plans = []
    for year in range(first.year, last.year + 1):
        for month, code, topic, minutes, everyone in (
            (
                6,
                "knowledge_contest",
                f"{year}年党纪法规知识竞赛",
                "各支部选派代表参赛，围绕党章党规、法律法规和审判业务知识同台竞技。",
                False,
            ),
            (
                7,
                "warning_education",
                f"{year}年党风廉政建设宣传教育月警示教育大会",
                "全院党员干警集中观看警示教育片，通报法院系统违纪违法典型案例。",
                True,
            ),
        ):
            day = datetime.date(year, month, 10 + rng.randrange(5))
            while not is_working_day(day):
                day += ONE_DAY
            if not first <= day <= last:
                continue
            if everyone:
                rows = _attendance(rng, _eligible(court, court.members, day))
            else:  # two contestants from each branch
                rows = [
                    (member, Status.PRESENT, "")
                    for branch in court.branches
                    for member in _eligible(court, branch.members, day)[:2]
                ]
            plans.append(
                ActivityPlan(
                    organisation=court.committee,
                    code=code,
                    topic=topic,
                    start=datetime.datetime.combine(day, datetime.time(14, 30), tzinfo=zone),
                    end=datetime.datetime.combine(day, datetime.time(17, 0), tzinfo=zone),
                    lead=None,
                    attendance=rows,
                    created_by_id=None,
                    location="审判楼一楼大会议室",
                    minutes=minutes,
                )
            )
    return plans


def plan_court_activities(court: Court, *, today: datetime.date) -> list[ActivityPlan]:
    """One court's activities from 1 January of last year to yesterday (no query but the calendar)."""
    first, last = datetime.date(today.year - 1, 1, 1), today - ONE_DAY
    plans = []
    for branch in court.branches:
        plans += _Planner(court, branch, first, last).plan_all()
    plans += _committee_events(court, first, last)
    return plans
