"""Demo points: the point entries that follow from the demo activities, and a little of everything else.

`seed_demo_points(today=...)` runs after activities.demo (seed_demo, on an empty database):

1. Attendance points. The demo activities are bulk-inserted without the activity_recorded
   signal, so the points are derived here, in bulk, exactly as
   points.services.points_sync_activity would derive them: every attendance row of a held
   activity earns the active attendance rules of its type whose status (and role) match,
   at the activity's local date, within the rules' monthly and yearly caps. Activities
   are taken in the order they were held, so a cap is used up by the earliest ones, and
   syncing any demo activity afterwards changes nothing. The yearly summaries are then
   written from the entries, so `rebuild_point_summaries --check` finds no difference.
2. In the demo court (the first): claims in the 民一庭 and 刑事审判庭 branches, pending,
   approved and rejected (through the services, with a small PDF as evidence); one closed
   star-award selection (审判之星 of the last complete quarter) with two winners; and one
   confirmed democratic evaluation of the 民一庭 branch for last year, with every form,
   the leader review and the final grades.

The random choices come from generators with fixed seeds: the same courts and `today`
give the same data.
"""

import datetime
import io
import random
from collections import defaultdict
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from activities.demo.courts import demo_courts
from activities.models import Activity, Attendance
from branches.models import Member, Organisation, Post, User
from branches.periods import PeriodKind
from points import awards, evaluation, services
from points.models import (
    CATEGORIES,
    EvaluationRound,
    Grade,
    PointClaim,
    PointEntry,
    PointRule,
    PointsSettings,
    PointSummary,
    Source,
    StarAward,
    StarTitle,
)

BATCH = 5000
SEED = 2026
ZERO = Decimal(0)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


@transaction.atomic
def seed_demo_points(*, today: datetime.date) -> dict[str, int]:
    """Add the demo points to what seed_demo built; return what the database now holds."""
    award_attendance_points()
    courts = demo_courts()
    if courts:
        court, rng = courts[0], random.Random(SEED)
        _demo_claims(court, today=today, rng=rng)
        _demo_star_awards(court, today=today)
        _demo_evaluation(court, today=today, rng=rng)
    return demo_counts()


def demo_counts() -> dict[str, int]:
    return {
        "point entries": PointEntry.objects.count(),
        "point summaries": PointSummary.objects.count(),
        "point claims": PointClaim.objects.count(),
        "star awards": StarAward.objects.count(),
        "evaluation rounds": EvaluationRound.objects.count(),
    }


# --- 1. attendance points, in bulk ------------------------------------------------------------
def award_attendance_points() -> int:
    """Give every held activity's attendance its points, as points_sync_activity would.

    Meant for activities inserted in bulk that have no attendance entries yet; then
    writes the yearly summaries of the members concerned. Returns the entries made.
    """
    rules_by_type: dict[int, list[PointRule]] = defaultdict(list)
    for rule in PointRule.objects.active().filter(source=Source.ATTENDANCE).order_by("pk"):
        rules_by_type[rule.activity_type_id].append(rule)
    if not rules_by_type:
        return 0
    done = set(
        PointEntry.objects.filter(source=Source.ATTENDANCE).values_list("activity_id", flat=True)
    )
    rows = (
        Attendance.objects.filter(
            activity__state=Activity.State.HELD,
            activity__activity_type_id__in=list(rules_by_type),
        )
        .order_by("activity__start", "activity_id", "pk")
        .values_list(
            "activity_id",
            "activity__start",
            "activity__activity_type_id",
            "member_id",
            "status",
            "role",
        )
    )
    used_year: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
    used_month: dict[tuple[int, int, int, int], Decimal] = defaultdict(Decimal)
    batch: list[PointEntry] = []
    made = 0
    dates: dict[int, datetime.date] = {}
    for activity_id, start, type_id, member_id, status, role in rows.iterator(chunk_size=BATCH):
        if activity_id in done:
            continue
        day = dates.get(activity_id)
        if day is None:
            day = dates[activity_id] = timezone.localdate(start)
        attendance = Attendance(status=status, role=role)
        for rule in rules_by_type[type_id]:
            if not rule.applies_to(attendance):
                continue
            points = rule.points
            if rule.has_cap:
                # The caps as points.services applies them, with this run's sums so far.
                year_key = (rule.pk, member_id, day.year)
                month_key = (*year_key, day.month)
                room = services.room_under_caps(
                    rule, in_month=used_month[month_key], in_year=used_year[year_key]
                )
                points = services.capped_points(rule, room)
                if not points:
                    continue
                used_month[month_key] += points
                used_year[year_key] += points
            batch.append((member_id, rule.pk, rule.category, points, day, activity_id))
        if len(batch) >= BATCH:
            made += _insert_entries(batch)
            batch = []
    made += _insert_entries(batch)
    _write_summaries()
    return made


def _insert_entries(rows: list[tuple]) -> int:
    """Insert attendance entries (member, rule, category, points, day, activity).

    PostgreSQL: one COPY per batch, about ten times faster than bulk_create for the
    million rows of `seed_demo --scale 100`; other databases: bulk_create.
    """
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        PointEntry.objects.bulk_create(
            [
                PointEntry(
                    member_id=member_id,
                    rule_id=rule_id,
                    category=category,
                    points=points,
                    date=day,
                    year=day.year,
                    source=Source.ATTENDANCE,
                    activity_id=activity_id,
                )
                for member_id, rule_id, category, points, day, activity_id in rows
            ]
        )
        return len(rows)
    now = timezone.now().isoformat()
    data = io.StringIO()
    for member_id, rule_id, category, points, day, activity_id in rows:
        data.write(
            f"{member_id}\t{rule_id}\t{category}\t{points}\t{day.isoformat()}\t{day.year}\t"
            f"{Source.ATTENDANCE}\t\t{now}\t{activity_id}\n"
        )
    data.seek(0)
    table = PointEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} (member_id, rule_id, category, points, date, year, source, note, "
            "created, activity_id) FROM STDIN",
            data,
        )
    return len(rows)


def _write_summaries() -> None:
    """Create or rewrite the yearly summary of every member-year that has entries."""
    base = PointsSettings.load().base_score
    sums: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for row in (
        PointEntry.objects.values("member_id", "year", "category")
        .annotate(points=Sum("points"))
        .order_by()
    ):
        sums[(row["member_id"], row["year"])][row["category"]] = row["points"]
    existing = {(s.member_id, s.year): s for s in PointSummary.objects.all()}
    new, changed = [], []
    for (member_id, year), by_category in sums.items():
        summary = existing.get((member_id, year)) or PointSummary(
            member_id=member_id, year=year, base=base
        )
        for category in CATEGORIES:
            setattr(summary, category, by_category.get(category, ZERO))
        summary.total = summary.base + sum(by_category.values(), ZERO)
        (changed if summary.pk else new).append(summary)
    PointSummary.objects.bulk_create(new, batch_size=BATCH)
    PointSummary.objects.bulk_update(changed, ["total", *CATEGORIES], batch_size=BATCH)


# --- 2. the demo court: claims, a star-award selection, an evaluation -------------------------
def _branch(court: Organisation, department: str) -> Organisation | None:
    return Organisation.objects.branches().filter(court.subtree_q(), department=department).first()


def _post_holder(organisation: Organisation, kind: str) -> User | None:
    post = (
        Post.objects.current()
        .filter(organisation=organisation, kind=kind, member__user__isnull=False)
        .select_related("member__user")
        .order_by("pk")
        .first()
    )
    return post.member.user if post else None


def _members(branch: Organisation) -> list[Member]:
    return list(
        Member.objects.current()
        .filter(branch=branch, user__isnull=False)
        .select_related("user")
        .order_by("employee_number")
    )


# (rule code, description, days before today, decision: approve / reject reason / None)
CLAIMS = [
    (
        "claim_study_article",
        "在《人民法院报》发表学习党的二十届四中全会精神体会文章一篇",
        40,
        "approve",
    ),
    (
        "claim_research_paper",
        "调研报告《家事审判中未成年人利益最大化原则的适用》获全市法院优秀调研成果三等奖",
        33,
        "approve",
    ),
    ("claim_excellent_judgment", "撰写的民事判决书入选全市法院优秀裁判文书", 26, "approve"),
    ("claim_party_information", "支部“枫桥式”调解工作信息被院机关党委公众号采用", 21, "approve"),
    (
        "claim_volunteer_outside",
        "参加社区“法律明白人”普法志愿服务活动",
        15,
        "证明材料为活动海报，未体现本人参加情况，请补充签到表或照片后重新申报。",
    ),
    (
        "claim_study_article",
        "在“学习强国”地方平台发表理论学习心得一篇",
        12,
        "已在本月理论学习日交流中计分，不重复计分。",
    ),
    ("claim_honour_court", "获评院级“办案标兵”", 6, None),
    ("claim_study_article", "在院内刊《审判研究》发表学习体会一篇", 3, None),
]


def _evidence(number: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"证明材料{number}.pdf", PDF, content_type="application/pdf")


def _demo_claims(court: Organisation, *, today: datetime.date, rng: random.Random) -> None:
    rules = {rule.code: rule for rule in PointRule.objects.claimable()}
    number = 0
    for department in ("民一庭", "刑事审判庭"):
        branch = _branch(court, department)
        secretary = _post_holder(branch, Post.Kind.SECRETARY) if branch else None
        if secretary is None:
            continue
        claimants = [m for m in _members(branch) if m.user_id != secretary.pk]
        for index, (code, description, days, decision) in enumerate(CLAIMS):
            if code not in rules or not claimants:
                continue
            member = claimants[0] if index % 3 == 0 else rng.choice(claimants)
            number += 1
            claim = services.claim_submit(
                member=member,
                rule=rules[code],
                date=today - datetime.timedelta(days=days),
                description=description,
                evidence=_evidence(number),
                by=member.user,
            )
            if decision == "approve":
                services.claim_approve(claim=claim, by=secretary)
            elif decision:
                services.claim_reject(claim=claim, reason=decision, by=secretary)


CITATIONS = [
    "{name}同志坚持“从政治上看、从法治上办”，{period}审结案件数量和质效均居全庭前列，"
    "发回改判率低，调解撤诉率高，所办案件实现了政治效果、法律效果和社会效果的有机统一。",
    "{name}同志{period}扎根审判一线，主动承办疑难复杂案件，坚持释法说理、案结事了，"
    "撰写的裁判文书获评优秀，以实干担当诠释了新时代人民法官的初心使命。",
]


def _last_complete_quarter(today: datetime.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3  # the quarter before the current one, 0 = last year's Q4
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


def _demo_star_awards(court: Organisation, *, today: datetime.date) -> None:
    staff = _post_holder(court, Post.Kind.COMMITTEE_STAFF)
    title = StarTitle.objects.filter(code="trial_star", is_active=True).first()
    if staff is None or title is None:
        return
    year, quarter = _last_complete_quarter(today)
    selection = awards.star_selection_open(
        committee=court,
        title=title,
        period_kind=PeriodKind.QUARTER,
        year=year,
        number=quarter,
        by=staff,
    )
    winners = list(awards.shortlist(selection)[:2])
    members = Member.objects.in_bulk([row["member_id"] for row in winners])
    for index, row in enumerate(winners):
        member = members[row["member_id"]]
        awards.star_award_grant(
            selection=selection,
            member=member,
            citation=CITATIONS[index % len(CITATIONS)].format(
                name=member.name, period=selection.period_label
            ),
            by=staff,
        )
    awards.star_selection_close(selection=selection, by=staff)


SELF_ASSESSMENT = (
    "一年来，本人认真学习贯彻党的二十大和二十届历次全会精神，按时参加“三会一课”和理论学习日，"
    "严守政治纪律和政治规矩；立足岗位，{work}；严格落实中央八项规定精神，廉洁自律。"
    "不足之处是理论学习的系统性还不够，今后将进一步加强学习，发挥党员先锋模范作用。"
)
WORK = [
    "全年承办案件质效良好，坚持能调则调、当判则判",
    "协助法官做好庭前准备和调解工作，按期完成各项辅助事务",
    "认真做好庭审记录、送达和归档工作，未出现差错",
    "积极参加“我为群众办实事”志愿服务和普法宣传活动",
]
LEADER_COMMENTS = {
    Grade.EXCELLENT: "政治立场坚定，业务能力突出，在支部工作中发挥了先锋模范作用。",
    Grade.QUALIFIED: "能够履行党员义务，认真完成本职工作，希望在理论学习上再下功夫。",
    Grade.BASICALLY_QUALIFIED: "能完成本职工作，但参加组织生活不够积极，需进一步增强党员意识。",
}


def _demo_evaluation(court: Organisation, *, today: datetime.date, rng: random.Random) -> None:
    branch = _branch(court, "民一庭")
    secretary = _post_holder(branch, Post.Kind.SECRETARY) if branch else None
    if secretary is None:
        return
    year = today.year - 1
    evaluation_round = evaluation.evaluation_round_open(
        branch=branch, year=year, label=f"{year}年度", by=secretary
    )
    participants = list(
        evaluation_round.evaluations.select_related("member__user").order_by("member__name")
    )
    members = [e.member for e in participants]
    limit = evaluation.excellent_limit(len(members))
    standouts = rng.sample(members, k=min(limit, len(members)))  # the ones most peers rate highly
    for member in members:
        fellows = [m for m in members if m.pk != member.pk]
        grades = {}
        for fellow in fellows:
            draw = rng.random()
            if fellow in standouts and draw < 0.7:
                grades[fellow.pk] = Grade.EXCELLENT
            elif draw < 0.04:
                grades[fellow.pk] = Grade.BASICALLY_QUALIFIED
            else:
                grades[fellow.pk] = Grade.QUALIFIED
        excellent = [pk for pk, grade in grades.items() if grade == Grade.EXCELLENT]
        for pk in excellent[limit:]:
            grades[pk] = Grade.QUALIFIED  # a rater may give at most a third excellent
        evaluation.evaluation_submit(
            evaluation_round=evaluation_round,
            member=member,
            self_assessment=SELF_ASSESSMENT.format(work=rng.choice(WORK)),
            self_grade=Grade.QUALIFIED,
            peer_grades=grades,
            by=member.user,
        )
    counts = evaluation.received_counts(evaluation_round)
    reviews = {}
    for member in members:
        received = counts.get(member.pk, {})
        grade = max(received, key=lambda g: (received[g], g == Grade.QUALIFIED), default="")
        grade = grade or Grade.QUALIFIED
        reviews[member.pk] = (grade, LEADER_COMMENTS.get(grade, ""))
    excellent = [pk for pk, (grade, _c) in reviews.items() if grade == Grade.EXCELLENT]
    for pk in excellent[limit:]:
        reviews[pk] = (Grade.QUALIFIED, LEADER_COMMENTS[Grade.QUALIFIED])
    evaluation.evaluation_review(evaluation_round=evaluation_round, reviews=reviews, by=secretary)
    evaluation.evaluation_round_close(evaluation_round=evaluation_round, by=secretary)
    finals = {
        e.member_id: e.proposed_grade or Grade.QUALIFIED
        for e in evaluation_round.evaluations.order_by("member__name")
    }
    excellent = [pk for pk, grade in finals.items() if grade == Grade.EXCELLENT]
    for pk in excellent[limit:]:
        finals[pk] = Grade.QUALIFIED
    evaluation.evaluation_round_confirm(
        evaluation_round=evaluation_round, final_grades=finals, by=secretary
    )
