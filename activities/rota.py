"""The study rota of a series: its schedule, ordered leads, planned sessions, swaps and moves.

How sessions are planned
------------------------
* **Scheduled dates** ("slots"): a weekly series has one on every `weekday`; a monthly
  series on the `week_of_month`-th `weekday` of each month (5 = the month's last).
* **Days off.** A slot on a day off (`notices.calendar.is_working_day` is False: a
  public holiday, or a weekday given to a holiday break) gets no session, and the rota
  page says why ("国庆节：不安排"). A series held on a Saturday or Sunday skips only the
  holiday breaks, not every weekend.
* **Adjusted working days (调休).** A Saturday or Sunday that is worked is never a
  session day of a weekday series, unless the series `holds_on_adjusted_working_days`:
  then a session whose slot is a day off is held instead on the nearest adjusted working
  weekend day within three days of the slot (the earlier one on a tie), when there is
  one and it is not before the planning window. The official calendar does not say which
  weekday an adjusted day stands for, so this is the rule; without such a day the
  session is skipped as above.
* **Which slots are free.** A slot is taken when an activity was planned for it
  (`RotaSlot`, wherever the session was moved since), or, for activities of the series
  entered by hand, when one lies in the slot's week (Monday–Sunday) or, for a monthly
  series, its month. Planning fills only free slots: planning the same window again
  creates nothing, and sessions already there (planned, held or withdrawn: a withdrawn
  session keeps its week cancelled) are never changed.
* **Leads.** The series' `RotaLead` rows in order; until the secretary sets them, the
  branch's current full members by employee number (`default_leads`).
* **Planning ahead.** The daily job `activities.plan_rotas` (`rota_plan_ahead`) keeps
  every active scheduled series planned `settings.ROTA_WEEKS_AHEAD` weeks (8) ahead.
* **Rotation.** Leads take turns in `RotaLead` order by session, not by week: a new
  session's lead is the one after the lead of the previous planned or held session of
  the series (in date order), so a skipped week does not use up a lead, and a swap or a
  lead entered by hand is continued from.

Services (`rota_plan`, `rota_swap_leads`, `rota_move_session`, `rota_leads_set`,
`series_create`, `series_update`) are transactions raising ActivityError; planned
sessions are written through `activities.services.activity_plan`. Selectors
(`rota_preview`, `visible_series`, `series_list`, `lead_duties`, `upcoming_lead_duties`)
cost a fixed number of queries whatever the data size.
"""

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityError, ActivitySeries, RotaLead, RotaSlot
from activities.selectors import ancestor_paths, organisation_members
from activities.services import activity_plan
from branches.models import Member, Organisation, User
from notices.calendar import is_working_day
from notices.models import Holiday

logger = logging.getLogger(__name__)

ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(days=7)
MAX_WEEKS = 53  # a whole year from any start
ADJUSTED_DAY_REACH = 3  # days either side of a slot searched for an adjusted working day
SERIES_BRANCH_KINDS = (Organisation.Kind.BRANCH, Organisation.Kind.GENERAL_BRANCH)


# --- the calendar of a series -------------------------------------------------------------
def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th `weekday` of a month (n = 5: the last one)."""
    if n >= 5:
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        last = following - ONE_DAY
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def scheduled_days(
    series: ActivitySeries, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The series' scheduled dates from `first` to `last` (both included), in order."""
    if series.weekday is None:
        return []
    if series.cadence == ActivitySeries.Cadence.MONTHLY:
        if series.week_of_month is None:
            return []
        days, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month):
            day = _nth_weekday(year, month, series.weekday, series.week_of_month)
            if first <= day <= last:
                days.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return days
    day = first + datetime.timedelta(days=(series.weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += ONE_WEEK
    return days


def _slot_period(series: ActivitySeries, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[first, after) of the week (monthly: the month) a scheduled date stands for."""
    if series.cadence == ActivitySeries.Cadence.MONTHLY:
        first = day.replace(day=1)
        after = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, after
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + ONE_WEEK


def holiday_breaks(first: datetime.date, last: datetime.date) -> list[Holiday]:
    """The holiday breaks overlapping [first, last], loading the calendar's years first."""
    for year in range(first.year, last.year + 1):
        is_working_day(datetime.date(year, 1, 1))  # creates the year's holidays on first use
    return list(
        Holiday.objects.filter(first_day__lte=last, last_day__gte=first).order_by("first_day")
    )


def day_off_reason(
    series: ActivitySeries, day: datetime.date, breaks: Sequence[Holiday]
) -> str | None:
    """Why the series holds nothing on `day` (the holiday's name), or None if it may.

    A weekday series holds nothing on any day off; a series held on a Saturday or Sunday
    holds nothing in a holiday break but may use an ordinary weekend. `breaks` must
    cover `day` (see `holiday_breaks`).
    """
    if is_working_day(day):
        return None
    holiday = next((h for h in breaks if h.first_day <= day <= h.last_day), None)
    if holiday is not None:
        return holiday.name
    if day.weekday() >= 5:
        if series.weekday is not None and series.weekday >= 5:
            return None
        return _("weekend")
    return _("day off")


def _adjusted_day_near(
    day: datetime.date, not_before: datetime.date, taken: set[datetime.date]
) -> datetime.date | None:
    """The nearest adjusted working weekend day within reach of `day` (earlier on a tie)."""
    for distance in range(1, ADJUSTED_DAY_REACH + 1):
        for candidate in (day - distance * ONE_DAY, day + distance * ONE_DAY):
            if (
                candidate >= not_before
                and candidate not in taken
                and candidate.weekday() >= 5
                and is_working_day(candidate)
            ):
                return candidate
    return None


# --- the preview: what is, and what planning would add -----------------------------------
@dataclass
class RotaEntry:
    """One line of a series' rota: a session that exists, one planning would add, or a skip.

    `day` is the date it is (or would be) held; `slot` the scheduled date it stands for
    (None for an extra session entered by hand); `lead` the session's lead or the one it
    would get; `skipped_because` names the holiday of a skipped slot; `moved_because`
    names the holiday that sends a new session to an adjusted working day.
    """

    day: datetime.date
    slot: datetime.date | None
    activity: Activity | None = None
    lead: Member | None = None
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    skipped_because: str = ""
    moved_because: str = ""

    @property
    def kind(self) -> str:
        if self.activity is not None:
            return "existing"
        return "skipped" if self.skipped_because else "new"

    @property
    def is_new(self) -> bool:
        return self.kind == "new"

    @property
    def is_planned(self) -> bool:
        return self.activity is not None and self.activity.state == Activity.State.PLANNED


def rota_leads(series: ActivitySeries) -> list[RotaLead]:
    """The series' leads in rotation order, members loaded (one query)."""
    return list(
        RotaLead.objects.filter(series=series).select_related("member").order_by("position")
    )


def default_leads(series: ActivitySeries) -> list[RotaLead]:
    """Until the secretary sets the rota: the branch's current full members, by employee
    number (a stable order), as unsaved RotaLead rows (one query)."""
    members = (
        organisation_members(series.branch)
        .filter(status=Member.Status.FULL)
        .order_by("employee_number", "pk")
    )
    return [
        RotaLead(series=series, member=member, position=position)
        for position, member in enumerate(members, start=1)
    ]


def effective_leads(series: ActivitySeries) -> list[RotaLead]:
    """The leads the rota rotates: the ones set for the series, else `default_leads`."""
    return rota_leads(series) or default_leads(series)


def rota_lead_on(series: ActivitySeries, day: datetime.date) -> Member | None:
    """The lead the rota gives a session of the series on `day` (past or future): the one
    after the lead of the series' last planned or held session before that day."""
    leads = effective_leads(series)
    if not leads:
        return None
    previous = _lead_before(series, day, leads)
    ids = [lead.member_id for lead in leads]
    index = ids.index(previous) + 1 if previous in ids else 0
    return leads[index % len(leads)].member


def planned_session_on(series: ActivitySeries, day: datetime.date) -> Activity | None:
    """The planned session of the series held on `day`, or planned for that scheduled date."""
    return (
        Activity.objects.filter(series=series, state=Activity.State.PLANNED)
        .filter(
            Q(
                start__gte=_aware(day, datetime.time.min),
                start__lt=_aware(day + ONE_DAY, datetime.time.min),
            )
            | Q(rota_slot__day=day)
        )
        .order_by("start", "pk")
        .first()
    )


def rota_preview(
    series: ActivitySeries,
    start: datetime.date,
    weeks: int,
    *,
    leads: Sequence[RotaLead] | None = None,
) -> list[RotaEntry]:
    """The rota from `start` for `weeks` weeks: sessions there, sessions `rota_plan` would add
    (with their leads) and skipped dates with the holiday's name. Writes nothing.

    Five queries (leads unless given, sessions, the previous lead, holiday breaks, plus
    the calendar's own cache loads), whatever the number of sessions.
    """
    first, last = start, start + weeks * ONE_WEEK - ONE_DAY
    slots = scheduled_days(series, first, last) if has_schedule(series) else []
    if leads is None:
        leads = effective_leads(series)

    sessions = list(
        Activity.objects.filter(series=series)
        .filter(
            Q(start__gte=_aware(first - 31 * ONE_DAY, datetime.time.min))
            & Q(start__lt=_aware(last + 32 * ONE_DAY, datetime.time.min))
            | Q(rota_slot__day__range=(first, last))
        )
        .select_related("lead", "rota_slot")
        .order_by("start", "pk")
    )
    by_slot = {}
    by_hand = []
    for activity in sessions:
        slot = getattr(activity, "rota_slot", None)
        if slot is not None:
            by_slot[slot.day] = activity
        else:
            by_hand.append(activity)

    breaks = holiday_breaks(
        first - ADJUSTED_DAY_REACH * ONE_DAY, last + ADJUSTED_DAY_REACH * ONE_DAY
    )
    now = timezone.now()
    entries: list[RotaEntry] = []
    used: set[int] = set()
    new_days: set[datetime.date] = set()
    for slot in slots:
        activity = by_slot.get(slot)
        if activity is None:
            period_first, period_after = _slot_period(series, slot)
            activity = next(
                (
                    a
                    for a in by_hand
                    if a.pk not in used
                    and period_first <= timezone.localtime(a.start).date() < period_after
                ),
                None,
            )
        if activity is not None:
            used.add(activity.pk)
            entries.append(_existing(activity, slot))
            continue
        day, reason, moved_because = slot, day_off_reason(series, slot, breaks), ""
        if reason and series.holds_on_adjusted_working_days:
            taken = {timezone.localtime(a.start).date() for a in sessions} | new_days
            adjusted = _adjusted_day_near(slot, first, taken)
            if adjusted is not None:
                day, reason, moved_because = adjusted, None, reason
        if reason:
            entries.append(RotaEntry(day=slot, slot=slot, skipped_because=reason))
            continue
        entry = _new_entry(series, day, slot, moved_because)
        if entry.start > now:  # (today's session time may have passed: nothing to plan)
            new_days.add(day)
            entries.append(entry)
    for activity in sessions:
        slot = getattr(activity, "rota_slot", None)
        in_window = first <= timezone.localtime(activity.start).date() <= last or (
            slot is not None and first <= slot.day <= last
        )
        if activity.pk not in used and in_window:
            entries.append(_existing(activity, slot.day if slot else None))
    entries.sort(key=lambda e: (e.day, e.start or _aware(e.day, datetime.time.min)))

    _assign_leads(entries, [lead.member for lead in leads], _lead_before(series, first, leads))
    return entries


def _assign_leads(entries: list[RotaEntry], members: list[Member], previous: int | None) -> None:
    """Give each new entry the lead after the previous session's, in date order."""
    member_ids = [member.pk for member in members]
    for entry in entries:
        if entry.activity is not None:
            activity = entry.activity
            if activity.state != Activity.State.WITHDRAWN and activity.lead_id in member_ids:
                previous = activity.lead_id
        elif entry.is_new and members:
            index = member_ids.index(previous) + 1 if previous in member_ids else 0
            entry.lead = members[index % len(members)]
            previous = entry.lead.pk


def _new_entry(
    series: ActivitySeries, day: datetime.date, slot: datetime.date, moved_because: str
) -> RotaEntry:
    has_end = series.end_time is not None and series.end_time > series.start_time
    return RotaEntry(
        day=day,
        slot=slot,
        start=_aware(day, series.start_time),
        end=_aware(day, series.end_time) if has_end else None,
        moved_because=moved_because,
    )


def _existing(activity: Activity, slot: datetime.date | None) -> RotaEntry:
    return RotaEntry(
        day=timezone.localtime(activity.start).date(),
        slot=slot,
        activity=activity,
        lead=activity.lead,
        start=activity.start,
        end=activity.end,
    )


def _lead_before(
    series: ActivitySeries, day: datetime.date, leads: Sequence[RotaLead]
) -> int | None:
    """The rota lead of the series' last planned or held session before `day`, if any."""
    if not leads:
        return None
    return (
        Activity.objects.filter(
            series=series,
            state__in=[Activity.State.PLANNED, Activity.State.HELD],
            lead_id__in=[lead.member_id for lead in leads],
            start__lt=_aware(day, datetime.time.min),
        )
        .order_by("-start", "-pk")
        .values_list("lead_id", flat=True)
        .first()
    )


# --- services -------------------------------------------------------------------------------
def _locked_series(series: ActivitySeries) -> ActivitySeries:
    return (
        ActivitySeries.objects.select_for_update(of=("self",))
        .select_related("branch", "activity_type", "room__organisation")
        .get(pk=series.pk)
    )


def has_schedule(series: ActivitySeries) -> bool:
    """Whether the series says when it is held (weekday, time and, monthly, the week)."""
    monthly = series.cadence == ActivitySeries.Cadence.MONTHLY
    return (
        series.weekday is not None
        and series.start_time is not None
        and not (monthly and series.week_of_month is None)
    )


@transaction.atomic
def rota_plan(
    *, series: ActivitySeries, start: datetime.date, weeks: int, by: User | None
) -> list[Activity]:
    """Plan the series' sessions from `start` for `weeks` weeks, with their leads.

    Only free slots get a session (see the module's docstring), so planning a window
    again creates nothing. Returns the planned activities created.
    """
    series = _locked_series(series)
    if not series.is_active:
        raise ActivityError(_("The series is not active; activate it before planning."))
    if not has_schedule(series):
        raise ActivityError(_("Set the series' weekday and time before planning its rota."))
    if not 1 <= weeks <= MAX_WEEKS:
        raise ActivityError(
            _("Plan between 1 and %(max)s weeks at a time.") % {"max": MAX_WEEKS}, field="weeks"
        )
    if start < timezone.localdate():
        raise ActivityError(_("Sessions can only be planned from today on."), field="start")
    created = []
    for entry in rota_preview(series, start, weeks, leads=effective_leads(series)):
        if not entry.is_new:
            continue
        activity = activity_plan(
            by=by,
            organisation=series.branch,
            activity_type=series.activity_type,
            series=series,
            topic=series.name,
            start=entry.start,
            end=entry.end,
            room=series.room,
            location=series.default_location,
            lead=entry.lead,
        )
        RotaSlot.objects.create(series=series, day=entry.slot, activity=activity)
        created.append(activity)
    return created


def rota_plan_ahead(
    *, today: datetime.date | None = None, weeks: int | None = None, series=None
) -> int:
    """Keep every active series with a schedule planned `weeks` weeks ahead of `today`
    (settings.ROTA_WEEKS_AHEAD, default 8): the daily job. Each series is planned in its
    own transaction (`rota_plan`, which fills only free slots), so running it twice, or
    after a secretary planned by hand, adds nothing. Returns the sessions created.

    `series`: a queryset to limit the job to (all active series by default).
    """
    today = today or timezone.localdate()
    weeks = weeks or settings.ROTA_WEEKS_AHEAD
    candidates = ActivitySeries.objects.filter(is_active=True) if series is None else series
    created = 0
    for one in candidates.filter(is_active=True).order_by("pk"):
        if not has_schedule(one):
            continue
        try:
            created += len(rota_plan(series=one, start=today, weeks=weeks, by=None))
        except ActivityError as error:
            logger.warning("Rota of series %s not planned: %s", one.pk, error.message)
    return created


@transaction.atomic
def rota_swap_leads(
    *, first: Activity, second: Activity, by: User | None
) -> tuple[Activity, Activity]:
    """Two planned sessions of the same series swap their leads."""
    if first.pk == second.pk:
        raise ActivityError(_("Choose two different sessions to swap."))
    locked = {
        a.pk: a for a in Activity.objects.select_for_update().filter(pk__in=[first.pk, second.pk])
    }
    first, second = locked[first.pk], locked[second.pk]
    if first.series_id is None or first.series_id != second.series_id:
        raise ActivityError(_("Only two sessions of the same series can swap their leads."))
    if first.state != Activity.State.PLANNED or second.state != Activity.State.PLANNED:
        raise ActivityError(_("Only planned sessions can swap their leads."))
    first_lead, second_lead = first.lead, second.lead
    first = activity_plan(by=by, activity=first, lead=second_lead)
    second = activity_plan(by=by, activity=second, lead=first_lead)
    return first, second


@transaction.atomic
def rota_move_session(
    *, activity: Activity, new_start: datetime.datetime, by: User | None
) -> Activity:
    """Move a planned session of a series to another date and time (its length is kept).

    Refused on a day off (with the holiday's name), in the past, and on a date that
    already has another session of the series. The session keeps its place in the rota.
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.series_id is None:
        raise ActivityError(_("Only a session of a series can be moved on its rota."))
    if activity.state != Activity.State.PLANNED:
        raise ActivityError(_("Only a planned session can be moved."))
    if new_start <= timezone.now():
        raise ActivityError(_("Choose a date and time that has not passed."), field="start")
    day = timezone.localtime(new_start).date()
    reason = day_off_reason(activity.series, day, holiday_breaks(day, day))
    if reason:
        raise ActivityError(
            _("%(date)s is a day off (%(reason)s). Choose a working day.")
            % {"date": day.isoformat(), "reason": reason},
            field="date",
        )
    clash = (
        Activity.objects.filter(
            series_id=activity.series_id,
            start__gte=_aware(day, datetime.time.min),
            start__lt=_aware(day + ONE_DAY, datetime.time.min),
        )
        .exclude(pk=activity.pk)
        .exclude(state=Activity.State.WITHDRAWN)
        .exists()
    )
    if clash:
        raise ActivityError(
            _("The series already has a session on %(date)s.") % {"date": day.isoformat()},
            field="date",
        )
    end = new_start + (activity.end - activity.start) if activity.end else None
    return activity_plan(by=by, activity=activity, start=new_start, end=end)


@transaction.atomic
def rota_leads_set(*, series: ActivitySeries, members: Sequence[Member]) -> list[RotaLead]:
    """Make the series' leads exactly `members`, rotating in that order.

    Every lead must be a current member of the series' branch. Sessions already planned
    keep their leads; the next planning continues after the last session's lead.
    """
    series = _locked_series(series)
    ids = [member.pk for member in members]
    if len(set(ids)) != len(ids):
        raise ActivityError(_("A member can be on the rota only once."), field="leads")
    current = set(
        organisation_members(series.branch).filter(pk__in=ids).values_list("pk", flat=True)
    )
    outsiders = [member.name for member in members if member.pk not in current]
    if outsiders:
        raise ActivityError(
            _("%(names)s cannot lead: not a current member of %(branch)s.")
            % {"names": "、".join(outsiders), "branch": series.branch.name},
            field="leads",
        )
    RotaLead.objects.filter(series=series).delete()
    return RotaLead.objects.bulk_create(
        RotaLead(series=series, member=member, position=position)
        for position, member in enumerate(members, start=1)
    )


SERIES_FIELDS = (
    "name",
    "activity_type",
    "cadence",
    "weekday",
    "week_of_month",
    "start_time",
    "end_time",
    "room",
    "default_location",
    "holds_on_adjusted_working_days",
    "is_active",
)


def _set_series_fields(series: ActivitySeries, fields: dict) -> None:
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise TypeError(f"Unknown series fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(series, name, value)


def _check_series(series: ActivitySeries) -> None:
    branch = series.branch
    series.name = (series.name or "").strip()
    if not series.name:
        raise ActivityError(_("Give the series a name."), field="name")
    if branch.kind not in SERIES_BRANCH_KINDS:
        raise ActivityError(_("A series belongs to a branch."), field="branch")
    if not series.activity_type.held_by(branch):
        raise ActivityError(
            _("A %(type)s is not held by a %(kind)s.")
            % {"type": series.activity_type.name, "kind": branch.get_kind_display()},
            field="activity_type",
        )
    if series.weekday is None or series.start_time is None:
        raise ActivityError(_("Give the weekday and the time the series is held."), field="weekday")
    if series.cadence == ActivitySeries.Cadence.MONTHLY:
        if series.week_of_month is None:
            raise ActivityError(
                _("Choose which week of the month a monthly series is held."),
                field="week_of_month",
            )
    else:
        series.week_of_month = None
    if series.end_time is not None and series.end_time <= series.start_time:
        raise ActivityError(_("The end must be after the start."), field="end_time")
    if series.room_id and series.room.organisation.path not in ancestor_paths(branch):
        raise ActivityError(_("That room belongs to another organisation."), field="room")
    taken = ActivitySeries.objects.filter(branch=branch, name=series.name).exclude(pk=series.pk)
    if taken.exists():
        raise ActivityError(
            _("The branch already has a series named %(name)s.") % {"name": series.name},
            field="name",
        )


@transaction.atomic
def series_create(*, branch: Organisation, **fields) -> ActivitySeries:
    """A new series of a branch, with its schedule (see SERIES_FIELDS)."""
    series = ActivitySeries(branch=branch)
    _set_series_fields(series, fields)
    _check_series(series)
    series.save()
    return series


@transaction.atomic
def series_update(*, series: ActivitySeries, **fields) -> ActivitySeries:
    """Change a series' name or schedule; sessions already planned keep their dates."""
    series = _locked_series(series)
    _set_series_fields(series, fields)
    _check_series(series)
    series.save()
    return series


# --- selectors -------------------------------------------------------------------------------
def visible_series(user) -> QuerySet[ActivitySeries]:
    """Series of the branches the user can see (branches.access)."""
    return ActivitySeries.objects.filter(
        branch__in=Organisation.objects.visible_to(user).values("pk")
    )


def series_list(
    user, *, branch: Organisation | None = None, search: str = ""
) -> QuerySet[ActivitySeries]:
    """The user's visible series with their lead count and next planned session (one query)."""
    series = visible_series(user)
    if branch is not None:
        series = series.filter(branch.subtree_q("branch__"))
    if search.strip():
        series = series.filter(name__icontains=search.strip())
    lead_count = (
        RotaLead.objects.filter(series=OuterRef("pk"))
        .order_by()
        .values("series")
        .annotate(n=Count("pk"))
        .values("n")
    )
    next_session = (
        Activity.objects.filter(
            series=OuterRef("pk"), state=Activity.State.PLANNED, start__gte=timezone.now()
        )
        .order_by("start")
        .values("start")[:1]
    )
    return (
        series.select_related("branch", "activity_type", "room")
        .annotate(
            lead_count=Coalesce(Subquery(lead_count, output_field=IntegerField()), 0),
            next_session=Subquery(next_session),
        )
        .order_by("-is_active", "branch__path", "name", "pk")
    )


def lead_duties(member: Member, *, today: datetime.date) -> QuerySet[Activity]:
    """Planned sessions the member leads, from `today` on, soonest first."""
    return (
        Activity.objects.filter(
            lead=member,
            state=Activity.State.PLANNED,
            start__gte=_aware(today, datetime.time.min),
        )
        .select_related("series", "organisation", "activity_type", "room")
        .order_by("start", "pk")
    )


def upcoming_lead_duties(member: Member, *, today: datetime.date, limit: int = 3) -> list[Activity]:
    """The member's next `limit` planned sessions as lead (one query), for the home page:
    "you lead the study on <date>"."""
    return list(lead_duties(member, today=today)[:limit])
