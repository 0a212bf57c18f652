"""Changing points: the only code that writes point entries, summaries and claims.

Every entry goes through `_append`, which inserts the rows and adds them to the
members' yearly summaries in the same transaction, while the summary rows are locked
(`_lock_summaries`), so two transactions touching one member's year queue up and caps
are counted on settled numbers.

Caps: a rule's monthly and yearly caps limit the points (for a deduction: the points
deducted) one member gets from that rule in the calendar month and year of the entry's
date. An occurrence that would go over gets only what is left; none is given when
nothing is left.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.models import Activity
from branches.access import scope_for
from branches.models import Member, User
from notices.outbox import notify
from points import notifications
from points.evidence import check_evidence
from points.models import (
    CATEGORIES,
    PointClaim,
    PointEntry,
    PointRule,
    PointsError,
    PointsSettings,
    PointSummary,
    Source,
)

ZERO = Decimal(0)


# --- dates -----------------------------------------------------------------------------
def month_bounds(day):
    """The first day of the day's month and the first day of the next month."""
    first = day.replace(day=1)
    after = (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else first.replace(month=first.month + 1)
    )
    return first, after


# --- the point entries and the summaries ---------------------------------------------------
def _lock_summaries(keys: Iterable[tuple[int, int]]) -> None:
    """Make sure the (member pk, year) summary rows exist and lock them until the commit."""
    by_year: dict[int, set[int]] = defaultdict(set)
    for member_id, year in keys:
        by_year[year].add(member_id)
    if not by_year:
        return
    base = PointsSettings.load().base_score
    PointSummary.objects.bulk_create(
        [
            PointSummary(member_id=member_id, year=year, base=base, total=base)
            for year, member_ids in by_year.items()
            for member_id in member_ids
        ],
        ignore_conflicts=True,
    )
    condition = Q(pk__in=[])
    for year, member_ids in by_year.items():
        condition |= Q(year=year, member_id__in=member_ids)
    list(PointSummary.objects.select_for_update().filter(condition).order_by("pk").values("pk"))


def _new_entry(
    *,
    member_id: int,
    rule: PointRule,
    points: Decimal,
    date,
    source: str,
    by: User | None = None,
    note: str = "",
    activity: Activity | None = None,
    claim: PointClaim | None = None,
) -> PointEntry:
    return PointEntry(
        member_id=member_id,
        rule=rule,
        category=rule.category,
        points=points,
        date=date,
        year=date.year,
        source=source,
        note=note[:300],
        activity=activity,
        claim=claim,
        created_by=by,
    )


def _reversal_of(entry: PointEntry, *, by: User | None = None, note: str = "") -> PointEntry:
    """The entry that cancels `entry`: negated points on the original's rule, category and date."""
    return PointEntry(
        member_id=entry.member_id,
        rule_id=entry.rule_id,
        category=entry.category,
        points=-entry.points,
        date=entry.date,
        year=entry.year,
        source=entry.source,
        note=note[:300],
        activity_id=entry.activity_id,
        claim_id=entry.claim_id,
        reverses=entry,
        created_by=by,
    )


def _append(entries: list[PointEntry]) -> list[PointEntry]:
    """Insert entries and add them to their summaries. The caller holds the summary locks."""
    if not entries:
        return []
    created = PointEntry.objects.bulk_create(entries)
    deltas: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for entry in entries:
        deltas[(entry.member_id, entry.year)][entry.category] += entry.points
    for (member_id, year), by_category in deltas.items():
        PointSummary.objects.filter(member_id=member_id, year=year).update(
            total=F("total") + sum(by_category.values()),
            **{category: F(category) + points for category, points in by_category.items()},
        )
    return created


def cap_room(
    rule: PointRule, member_ids: Iterable[int], day, *, exclude_activity: Activity | None = None
) -> dict[int, Decimal | None]:
    """How many more points each member may get from the rule in the day's month and year.

    None means the rule has no cap. Counts the member's entries of the rule (reversals
    cancel what they reverse), leaving out those of `exclude_activity`. One query.
    """
    member_ids = list(member_ids)
    if not rule.has_cap:
        return dict.fromkeys(member_ids)
    first, after = month_bounds(day)
    rows = PointEntry.objects.filter(rule=rule, member_id__in=member_ids, year=day.year)
    if exclude_activity is not None:
        rows = rows.exclude(activity=exclude_activity)
    used = {
        row["member_id"]: row
        for row in rows.values("member_id").annotate(
            in_year=Sum("points"), in_month=Sum("points", filter=Q(date__gte=first, date__lt=after))
        )
    }
    room = {}
    for member_id in member_ids:
        row = used.get(member_id, {})
        room[member_id] = room_under_caps(
            rule, in_month=row.get("in_month") or ZERO, in_year=row.get("in_year") or ZERO
        )
    return room


def room_under_caps(rule: PointRule, *, in_month: Decimal, in_year: Decimal) -> Decimal | None:
    """What the rule's caps still leave, given the member's points from it so far.

    `in_month`, `in_year`: the sums of the member's entries of the rule in the month and
    the year (negative for a deduction). None when the rule has no cap.
    """
    if not rule.has_cap:
        return None
    sign = -1 if rule.is_deduction else 1
    limits = []
    if rule.monthly_cap is not None:
        limits.append(rule.monthly_cap - sign * in_month)
    if rule.yearly_cap is not None:
        limits.append(rule.yearly_cap - sign * in_year)
    return max(min(limits), ZERO)


def capped_points(rule: PointRule, room: Decimal | None) -> Decimal:
    """The rule's points, cut down to what fits in `room` (zero when nothing fits)."""
    if room is None:
        return rule.points
    amount = min(abs(rule.points), room)
    return -amount if rule.is_deduction else amount


# --- points from activities --------------------------------------------------------------
@dataclass(frozen=True)
class SyncResult:
    added: int
    reversed: int


@transaction.atomic
def points_sync_activity(*, activity: Activity) -> SyncResult:
    """Make the activity's attendance entries match its attendance as it now is.

    For a held activity, each attendance row earns the active attendance rules of the
    activity's type whose status (and role) match, within the rules' caps, unless another
    record of the same organisation, type and day already paid the member under that rule
    (one session recorded twice pays once). Entries that
    exist and are still wanted stay; missing ones are added; the others (attendance
    changed, rule changed, date moved, activity withdrawn) are reversed. Running it again
    changes nothing.
    """
    activity = Activity.objects.select_related("activity_type").get(pk=activity.pk)
    existing = list(PointEntry.objects.live().filter(activity=activity, source=Source.ATTENDANCE))
    day = timezone.localdate(activity.start)

    rules: dict[int, PointRule] = {}
    wanted: dict[tuple[int, int], Decimal] = {}
    if activity.state == Activity.State.HELD:
        rules = {
            rule.pk: rule
            for rule in PointRule.objects.active().filter(
                source=Source.ATTENDANCE, activity_type_id=activity.activity_type_id
            )
        }
        if rules:
            for attendance in activity.attendances.all():
                for rule in rules.values():
                    if rule.applies_to(attendance):
                        wanted[(attendance.member_id, rule.pk)] = rule.points

    if wanted:
        # One session recorded twice (the same organisation, type and day) pays once: a
        # member already paid under a rule by another record of that day is not paid again.
        paid = set(
            PointEntry.objects.live()
            .filter(
                source=Source.ATTENDANCE,
                rule_id__in=list(rules),
                date=day,
                member_id__in={member_id for member_id, _rule in wanted},
                activity__organisation_id=activity.organisation_id,
            )
            .exclude(activity=activity)
            .values_list("member_id", "rule_id")
        )
        for key in paid:
            wanted.pop(key, None)

    _lock_summaries(
        {(member_id, day.year) for member_id, _rule in wanted}
        | {(e.member_id, e.year) for e in existing}
    )

    for rule in rules.values():
        if not rule.has_cap:
            continue
        member_ids = [member_id for member_id, rule_pk in wanted if rule_pk == rule.pk]
        room = cap_room(rule, member_ids, day, exclude_activity=activity)
        for member_id in member_ids:
            amount = capped_points(rule, room[member_id])
            if amount:
                wanted[(member_id, rule.pk)] = amount
            else:
                del wanted[(member_id, rule.pk)]

    kept: set[tuple[int, int]] = set()
    stale = []
    for entry in existing:
        key = (entry.member_id, entry.rule_id)
        if key in kept or wanted.get(key) != entry.points or entry.date != day:
            stale.append(entry)
        else:
            kept.add(key)
    new = [
        _new_entry(
            member_id=member_id,
            rule=rules[rule_pk],
            points=points,
            date=day,
            source=Source.ATTENDANCE,
            activity=activity,
        )
        for (member_id, rule_pk), points in wanted.items()
        if (member_id, rule_pk) not in kept
    ]
    _append([_reversal_of(entry) for entry in stale] + new)
    return SyncResult(added=len(new), reversed=len(stale))


# --- manual points and corrections -------------------------------------------------------
def award_amount(
    *, member: Member, rule: PointRule, date, points: Decimal | None = None
) -> Decimal:
    """Check a manual or award entry before it is made; return its points."""
    if rule.source not in (Source.MANUAL, Source.AWARD):
        raise PointsError(
            _("Points under “%(rule)s” come from attendance or claims, not by hand.")
            % {"rule": rule.name},
            field="rule",
        )
    if not rule.is_active:
        raise PointsError(
            _("The rule “%(rule)s” is not active.") % {"rule": rule.name}, field="rule"
        )
    if date > timezone.localdate():
        raise PointsError(_("The date cannot be in the future."), field="date")
    amount = rule.points if points is None else points
    if not amount:
        raise PointsError(_("Give a number of points other than zero."), field="points")
    room = cap_room(rule, [member.pk], date)[member.pk]
    if room is not None and abs(amount) > room:
        raise PointsError(
            _("Only %(room)s more points fit under the caps of “%(rule)s” for %(name)s.")
            % {"room": room, "rule": rule.name, "name": member.name},
            field="points",
        )
    return amount


@transaction.atomic
def points_award(
    *,
    member: Member,
    rule: PointRule,
    date,
    by: User | None,
    points: Decimal | None = None,
    note: str = "",
) -> PointEntry:
    """Add a manual or award entry (the rule's points unless `points` says otherwise)."""
    _lock_summaries([(member.pk, date.year)])
    amount = award_amount(member=member, rule=rule, date=date, points=points)
    (entry,) = _append(
        [
            _new_entry(
                member_id=member.pk,
                rule=rule,
                points=amount,
                date=date,
                source=rule.source,
                by=by,
                note=note,
            )
        ]
    )
    return entry


@transaction.atomic
def entry_reverse(*, entry: PointEntry, by: User | None, note: str) -> PointEntry:
    """Cancel a manual, award or claim entry with a reversing entry (the original stays)."""
    note = (note or "").strip()
    if not note:
        raise PointsError(_("Give the reason for the correction."), field="note")
    entry = PointEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_reversal:
        raise PointsError(_("A reversing entry cannot be reversed; add a new entry instead."))
    if entry.source == Source.ATTENDANCE:
        raise PointsError(
            _("Attendance points follow the activity: correct the activity's attendance instead.")
        )
    if PointEntry.objects.filter(reverses=entry).exists():
        raise PointsError(_("This entry is already reversed."))
    _lock_summaries([(entry.member_id, entry.year)])
    (reversal,) = _append([_reversal_of(entry, by=by, note=note)])
    return reversal


# --- claims ------------------------------------------------------------------------------
@transaction.atomic
def claim_submit(
    *,
    member: Member,
    rule: PointRule,
    date,
    description: str,
    by: User | None,
    evidence=None,
) -> PointClaim:
    """A member claims points under a claimable rule, with evidence where the rule asks for it."""
    if rule.source != Source.CLAIM or not rule.is_active:
        raise PointsError(_("Points under this rule cannot be claimed."), field="rule")
    if member.branch_id is None or member.state != Member.State.ACTIVE:
        raise PointsError(_("Only an active member of a branch can claim points."))
    today = timezone.localdate()
    if date > today:
        raise PointsError(_("The date cannot be in the future."), field="date")
    if date.year < today.year - 1:
        raise PointsError(_("Claims are for work done this year or last year."), field="date")
    description = (description or "").strip()
    if not description:
        raise PointsError(_("Describe what you did."), field="description")
    fields = {}
    if evidence:
        try:
            checked = check_evidence(evidence)
        except ValidationError as error:
            raise PointsError(error.messages[0], field="evidence") from None
        fields = {
            "evidence": evidence,
            "evidence_name": checked.name,
            "evidence_size": evidence.size,
            "evidence_type": checked.content_type,
        }
    elif rule.evidence_required:
        raise PointsError(
            _("“%(rule)s” needs evidence: attach a file.") % {"rule": rule.name}, field="evidence"
        )
    return PointClaim.objects.create(
        member=member, rule=rule, date=date, description=description, **fields
    )


def _locked_claim(claim: PointClaim) -> PointClaim:
    return (
        PointClaim.objects.select_for_update(of=("self",))
        .select_related("rule", "member__branch")
        .get(pk=claim.pk)
    )


def _check_decider(claim: PointClaim, by: User) -> None:
    if not by.has_perm("points.decide_claim", claim):
        raise PointsError(_("You may not decide this claim."))


@transaction.atomic
def claim_approve(*, claim: PointClaim, by: User) -> PointClaim:
    """Approve a pending claim: one entry under the claim's rule, within the rule's caps.

    When the member's points from the rule have reached a cap, the claim stays pending
    and the decider is told why. The member sees the decision on their claims and points
    pages and is notified (in this transaction; key ``claim-decided:<claim>``).
    """
    claim = _locked_claim(claim)
    _check_decider(claim, by)
    claim.transition_to(PointClaim.Status.APPROVED)
    rule = claim.rule
    _lock_summaries([(claim.member_id, claim.date.year)])
    amount = capped_points(rule, cap_room(rule, [claim.member_id], claim.date)[claim.member_id])
    if not amount:
        raise PointsError(
            _(
                "%(name)s has reached the cap of “%(rule)s” for %(month)s: approving would give no points. Reject the claim with that reason instead."
            )
            % {"name": claim.member.name, "rule": rule.name, "month": claim.date.strftime("%Y-%m")}
        )
    (entry,) = _append(
        [
            _new_entry(
                member_id=claim.member_id,
                rule=rule,
                points=amount,
                date=claim.date,
                source=Source.CLAIM,
                by=by,
                claim=claim,
            )
        ]
    )
    claim.entry = entry
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "entry", "decided_by", "decided_at"])
    if claim.member.user_id:
        with translation.override(settings.LANGUAGE_CODE):
            notify(
                recipient=claim.member.user,
                kind=notifications.CLAIM_DECIDED,
                title=_("Your point claim was approved: %(rule)s, %(points)s points")
                % {"rule": rule.name, "points": f"{amount.normalize():+f}"},
                body=claim.description[:200],
                link=claim.get_absolute_url(),
                dedupe_key=f"claim-decided:{claim.pk}",
            )
    return claim


@transaction.atomic
def claim_reject(*, claim: PointClaim, reason: str, by: User) -> PointClaim:
    """Reject a pending claim with a reason the member sees; the member is notified."""
    reason = (reason or "").strip()
    if not reason:
        raise PointsError(_("Give the reason for rejecting the claim."), field="reason")
    claim = _locked_claim(claim)
    _check_decider(claim, by)
    claim.transition_to(PointClaim.Status.REJECTED)
    claim.reason = reason
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    if claim.member.user_id:
        with translation.override(settings.LANGUAGE_CODE):
            notify(
                recipient=claim.member.user,
                kind=notifications.CLAIM_DECIDED,
                title=_("Your point claim was not approved: %(rule)s") % {"rule": claim.rule.name},
                body=_("Reason: %(reason)s") % {"reason": reason},
                link=claim.get_absolute_url(),
                dedupe_key=f"claim-decided:{claim.pk}",
            )
    return claim


@transaction.atomic
def claim_withdraw(*, claim: PointClaim, by: User) -> PointClaim:
    """The member takes back their own pending claim."""
    claim = _locked_claim(claim)
    member = scope_for(by).member
    if member is None or member.pk != claim.member_id:
        raise PointsError(_("Only the member who made a claim can withdraw it."))
    claim.transition_to(PointClaim.Status.WITHDRAWN)
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at"])
    return claim


# --- summaries -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SummaryDifference:
    member_id: int
    year: int
    field: str
    recorded: Decimal | None
    expected: Decimal


def _entry_sums(year: int | None) -> dict[tuple[int, int], dict[str, Decimal]]:
    entries = PointEntry.objects.all()
    if year is not None:
        entries = entries.filter(year=year)
    sums: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for row in (
        entries.values("member_id", "year", "category").annotate(points=Sum("points")).order_by()
    ):
        sums[(row["member_id"], row["year"])][row["category"]] = row["points"]
    return sums


def _differences(key, summary: PointSummary | None, sums: dict[str, Decimal], base: Decimal):
    member_id, year = key
    expected = {category: sums.get(category, ZERO) for category in CATEGORIES}
    expected["total"] = (summary.base if summary else base) + sum(expected.values())
    if summary is None:
        return [SummaryDifference(member_id, year, "total", None, expected["total"])]
    return [
        SummaryDifference(member_id, year, field, getattr(summary, field), value)
        for field, value in expected.items()
        if getattr(summary, field) != value
    ]


def summaries_rebuild(*, year: int | None = None, fix: bool = True) -> list[SummaryDifference]:
    """Compare every summary with the point entries; with `fix`, rewrite those that differ.

    Returns the differences found (before fixing). A member-year with entries but no
    summary row is a difference (the row is created with the current base score).
    """
    base = PointsSettings.load().base_score
    sums = _entry_sums(year)
    summaries = PointSummary.objects.all()
    if year is not None:
        summaries = summaries.filter(year=year)
    by_key = {(s.member_id, s.year): s for s in summaries}
    differences = []
    for key in sorted(set(sums) | set(by_key)):
        differences += _differences(key, by_key.get(key), sums.get(key, {}), base)
    if fix:
        for member_id, year_ in sorted({(d.member_id, d.year) for d in differences}):
            _rewrite_summary(member_id, year_)
    return differences


@transaction.atomic
def _rewrite_summary(member_id: int, year: int) -> None:
    _lock_summaries([(member_id, year)])
    summary = PointSummary.objects.get(member_id=member_id, year=year)
    sums = {
        row["category"]: row["points"]
        for row in PointEntry.objects.filter(member_id=member_id, year=year)
        .values("category")
        .annotate(points=Sum("points"))
        .order_by()
    }
    for category in CATEGORIES:
        setattr(summary, category, sums.get(category, ZERO))
    summary.total = summary.base + sum(sums.values(), ZERO)
    summary.save()
