"""Demo ledgers: the demo court's lists of this year, filled from the demo activities.

`seed_demo_ledgers(today=...)` runs after activities.demo and points.demo (seed_demo, on an
empty database) and writes through the services, as people would, for the demo court
(the first; the copies of ``--scale N`` get none):

* the organ committee's 《党建工作责任清单》 (seed 001): for every branch a task to set its
  yearly work plan, a quarterly report to the party-building meeting and a half-yearly
  business task (司法责任制改革), published; the 民一庭 branch breaks its business task
  down to its two party groups and its member my002 (责任分解);
* every branch's list: the eight standard targets (8+X defaults, counted from the demo
  activities) plus its own X — volunteer service counted per quarter, monthly case
  review, a quarterly business task and a special task (seed 003's 司法改革 and 专项);
* each party group's list (its 党小组会, counted) and each member's own list
  (attendance rate ≥ 80 % per quarter, counted; a yearly study plan ticked by hand);
* progress notes on the hand-ticked tasks up to last month, leaving a few deliberately
  overdue in the current quarter (the November case review of some branches, the
  廉政风险点排查 due mid-November of others);
* the monthly assessment of every month before this one, with one adjustment by the
  committee; 民一庭's secretary's annual report (submitted) and 刑事审判庭's (graded).
"""

import datetime
import random

from django.db import transaction

from activities.demo.courts import demo_courts, load_courts
from activities.models import ActivityType
from branches.models import Member, Post, User
from ledgers import services
from ledgers.models import (
    AnnualReport,
    MonthlyAssessment,
    ResponsibilityList,
    Task,
    TaskPeriod,
    TaskUpdate,
)

SEED = 2026


@transaction.atomic
def seed_demo_ledgers(*, today: datetime.date) -> dict[str, int]:
    roots = demo_courts()
    if roots:
        court = load_courts(roots[:1])[0]
        _demo_court(court, today=today, rng=random.Random(SEED))
    return demo_counts()


def demo_counts() -> dict[str, int]:
    return {
        "responsibility lists": ResponsibilityList.objects.count(),
        "ledger tasks": Task.objects.count(),
        "task periods": TaskPeriod.objects.count(),
        "progress notes": TaskUpdate.objects.count(),
        "monthly assessments": MonthlyAssessment.objects.count(),
    }


def _staff_user(court):
    post = (
        Post.objects.current()
        .filter(organisation=court.committee, kind=Post.Kind.COMMITTEE_STAFF)
        .select_related("member__user")
        .order_by("start", "pk")
        .first()
    )
    return post.member.user if post else User.objects.filter(is_superuser=True).first()


def _tick(task: Task, *, today, before: datetime.date, by, note: str, skip=()):
    """Progress notes marking the task's periods due before `before` done (except `skip`)."""
    for period in task.periods.filter(due_date__lt=before).order_by("first_day"):
        if period.period in skip:
            continue
        services.period_report(period=period, by=by, note=note, done=True, today=today)


def _demo_court(court, *, today, rng):
    year = today.year
    staff = _staff_user(court)
    types = {t.code: t for t in ActivityType.objects.all()}
    month_start = today.replace(day=1)

    committee_list = services.list_create(
        year=year,
        organisation=court.committee,
        title=f"{court.committee.name}{year}年党建工作责任清单",
    )
    received = {}
    for branch in court.branches:
        organisation = branch.organisation
        plan = services.task_create(
            responsibility_list=committee_list,
            by=staff,
            title="制定支部年度党建工作要点",
            description="按照机关党委部署，年初制定党建工作要点等工作计划，确保工作有序推进。",
            category="party_building",
            period_kind="annual",
            due_date=datetime.date(year, 3, 31),
            assignee_organisation=organisation,
            role="secretary",
            today=today,
        )
        services.task_create(
            responsibility_list=committee_list,
            by=staff,
            title="季度党建工作会议汇报支部工作",
            category="party_building",
            period_kind="quarterly",
            assignee_organisation=organisation,
            role="secretary",
            today=today,
        )
        received[organisation.pk] = services.task_create(
            responsibility_list=committee_list,
            by=staff,
            title="落实司法责任制改革重点任务",
            description="统筹党建目标责任与业务目标责任，协同推进改革任务落实。",
            category="business",
            period_kind="half_year",
            assignee_organisation=organisation,
            role="committee",
            weight=2,
            today=today,
        )
        secretary = (
            branch.secretary.user if branch.secretary and branch.secretary.user_id else staff
        )
        _tick(
            plan,
            today=today,
            before=month_start,
            by=secretary,
            note="支部党建工作要点已制定并报机关党委备案。",
        )
    services.list_publish(responsibility_list=committee_list, by=staff)

    for number, branch in enumerate(court.branches):
        _demo_branch(
            branch, received[branch.organisation.pk], today=today, types=types, number=number
        )

    # The committee's own quarterly reports: ticked by the committee up to last quarter.
    for task in committee_list.tasks.filter(period_kind="quarterly"):
        _tick(task, today=today, before=month_start, by=staff, note="已在季度党建工作会议上汇报。")

    for month in range(1, today.month):
        services.assessments_compute(
            year=year, month=month, branches=[b.organisation for b in court.branches]
        )
    minyi = next((b for b in court.branches if b.organisation.department == "民一庭"), None)
    if minyi is not None and today.month > 1:
        assessment = MonthlyAssessment.objects.get(
            organisation=minyi.organisation, year=year, month=today.month - 1
        )
        services.assessment_adjust(
            assessment=assessment,
            score=min(100, assessment.computed_score + 5),
            reason="本月承办院级示范庭审观摩，酌情加分。",
            by=staff,
        )
        if minyi.secretary and minyi.secretary.user_id:
            services.report_submit(
                organisation=minyi.organisation,
                year=year,
                by=minyi.secretary.user,
                text="一年来，支部坚持党建与审判业务同谋划、同部署、同考核，"
                "落实“三会一课”，开展“我为群众办实事”实践活动，支部战斗堡垒作用进一步增强。",
                today=today,
            )
    xs = next((b for b in court.branches if b.organisation.department == "刑事审判庭"), None)
    if xs is not None and xs.secretary and xs.secretary.user_id:
        report = services.report_submit(
            organisation=xs.organisation,
            year=year,
            by=xs.secretary.user,
            text="支部围绕“从政治上看、从法治上办”开展案例讲评，组织生活规范有序。",
            today=today,
        )
        services.report_grade(
            report=report,
            grade=AnnualReport.Grade.FAIRLY_GOOD,
            comments="组织生活规范，品牌特色有待提炼。",
            by=staff,
        )


def _demo_branch(branch, received: Task, *, today, types, number: int):
    organisation = branch.organisation
    year = today.year
    month_start = today.replace(day=1)
    by = branch.secretary.user if branch.secretary and branch.secretary.user_id else None
    own = services.list_create(year=year, organisation=organisation)  # with the 8 standard targets
    services.task_create(
        responsibility_list=own,
        by=by,
        title="开展“我为群众办实事”志愿服务",
        category="party_building",
        period_kind="quarterly",
        target_kind="activities",
        target_activity_type=types["volunteer_service"],
        target_count=1,
        role="committee",
        today=today,
    )
    review = services.task_create(
        responsibility_list=own,
        by=by,
        title="庭审观摩与案例讲评",
        description="每月选取典型案件开展庭审观摩或案例讲评，“从政治上看、从法治上办”。",
        category="business",
        period_kind="monthly",
        role="committee",
        today=today,
    )
    cases = services.task_create(
        responsibility_list=own,
        by=by,
        title="清理长期未结案件",
        category="business",
        period_kind="quarterly",
        role="secretary",
        weight=2,
        today=today,
    )
    risk = services.task_create(
        responsibility_list=own,
        by=by,
        title="廉政风险点排查与防止干预司法“三个规定”记录报告",
        category="special",
        period_kind="annual",
        due_date=datetime.date(year, 11, 15),
        role="staff",
        today=today,
    )
    services.task_create(
        responsibility_list=own,
        by=by,
        title="节前廉政警示教育",
        category="special",
        period_kind="half_year",
        target_kind="activities",
        target_activity_type=types["warning_education"],
        target_count=1,
        role="staff",
        today=today,
    )
    # Hand-ticked progress up to last month; every third branch leaves last month's case
    # review open and every fourth the risk review (deliberately overdue in this quarter).
    last_month = (month_start - datetime.timedelta(days=1)).strftime("%Y-%m")
    _tick(
        review,
        today=today,
        before=month_start,
        by=by,
        note="已组织庭审观摩并开展案例讲评。",
        skip={last_month} if number % 3 == 0 else (),
    )
    _tick(cases, today=today, before=month_start, by=by, note="本季度长期未结案件已清理完毕。")
    if number % 4 != 1:
        _tick(
            risk,
            today=today,
            before=month_start,
            by=by,
            note="已完成廉政风险点排查，无干预司法情况。",
        )
    for task in own.tasks.filter(standard_target__code="heart_to_heart"):
        if number % 2 == 0:
            _tick(
                task,
                today=today,
                before=datetime.date(year + 1, 1, 1),
                by=by,
                note="支委之间、支委与党员之间、党员之间谈心谈话已全覆盖。",
            )
    services.list_publish(responsibility_list=own, by=by)

    # Breakdown of the committee's business task (民一庭 to its two groups and member my002;
    # the other branches to their groups).
    assignees = [group.organisation for group in branch.groups]
    if organisation.department == "民一庭":
        member = Member.objects.filter(employee_number="my002").first()
        if member is not None:
            assignees.append(member)
    if assignees:
        children = services.task_break_down(task=received, by=by, assignees=assignees, today=today)
        for child in children[:-1] if len(children) > 1 else []:
            _tick(child, today=today, before=month_start, by=by, note="已按分工完成阶段任务。")

    for group in branch.groups:
        group_list = services.list_create(year=year, organisation=group.organisation)
        services.task_create(
            responsibility_list=group_list,
            title="党小组会每月1次",
            category="party_building",
            period_kind="monthly",
            target_kind="activities",
            target_activity_type=types["group_meeting"],
            target_count=1,
            role="group_leader",
            today=today,
        )
        services.list_publish(responsibility_list=group_list, by=by)

    for member in branch.members:
        member_list = services.list_create(year=year, member=member)
        services.task_create(
            responsibility_list=member_list,
            title="参加组织生活出勤率不低于80%",
            category="party_building",
            period_kind="quarterly",
            target_kind="attendance",
            target_rate=80,
            today=today,
        )
        study = services.task_create(
            responsibility_list=member_list,
            title="制定并落实个人年度学习计划",
            category="party_building",
            period_kind="annual",
            due_date=datetime.date(year, 12, 31),
            today=today,
        )
        if member.user_id and member.pk % 3 == 0:
            services.period_report(
                period=study.periods.get(),
                by=None,
                note="已学习党的二十届四中全会精神，撰写心得体会。",
                today=today,
            )
        services.list_publish(responsibility_list=member_list, by=None)
