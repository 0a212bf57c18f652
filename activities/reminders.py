"""The reminder jobs of the activities app, registered in ActivitiesConfig.ready().

Each job is a `plan(days, **options)` function for the registry of notices/reminders.py,
which both sends (the Celery tasks in activities/tasks.py) and shows what will be sent
(``manage.py reminders_plan``). Recipients are logins of active members; a reminder
with nobody to tell is not planned.

study_day — the Friday theory study day (and any other study series on the rota)
    Every planned session of an active series of a study type (理论学习日, 微党课, 青年说):
    the members of the branch are told the time, place, topic and lead, and the lead
    gets a personal note. Sent on the session's day (schedule at 08:30) or, with the
    option ``{"days_before": 1}``, on the working day before (schedule at 16:00). The
    rota plans no session on a holiday, so none is reminded; a session left on a day
    that has since become a day off is not reminded either (the rota page shows why),
    nor one that has begun when the job runs (a run delayed past it).
    Keys: ``study:<activity>:<user>``, ``study-lead:<activity>:<user>``.

theme_day — a planned theme party day (主题党日)
    Its members are reminded `ReminderSettings.theme_day_days_before` working days
    before it (default 2). Key ``theme-day:<activity>:<user>``.

theme_day_missing — the 20th of the month (the schedule's day)
    The secretary of each active branch that has no theme party day planned or held in
    the month is warned. Key ``theme-day-missing:<branch>:<YYYY-MM>:<user>``.

cadence — the 5th of the month (the schedule's day)
    The secretary of each active branch whose current quarter still lacks required
    meetings (activities.compliance: the same figures as `compliance_gaps`) gets the
    list, while there is time to act; nothing when nothing is missing. Key
    ``cadence:<branch>:<YYYY-MM>:<user>``.

A branch's secretary is its current secretary post, else its deputy secretaries
(notices.reminders.secretaries_of).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import compliance, notifications, rota
from activities.models import Activity, ActivityType
from activities.selectors import activity_attendees
from branches.models import Organisation, User
from notices.calendar import working_days_before
from notices.models import ReminderSettings
from notices.reminders import (
    PlannedReminder,
    ReminderKind,
    count_by_branch,
    member_logins,
    register,
    secretaries_of,
    users_by_pk,
)
from notices.schedules import DefaultSchedule

ONE_DAY = datetime.timedelta(days=1)
THEME_PARTY_DAY = "theme_party_day"  # the ActivityType code
MAX_DAYS_BEFORE = 5


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _reach(days_before: int) -> datetime.timedelta:
    """How far after a send day the activity it reminds of may be (holiday breaks included)."""
    return datetime.timedelta(days=7 * days_before + 14) if days_before else datetime.timedelta()


# --- audiences ----------------------------------------------------------------------------
class Audiences:
    """Who an activity's reminders go to: the logins of the members in its attendance table.

    For a branch's activity of a members' type (the usual case) the sizes are counted
    for all activities in one query; other activities cost one count each.
    """

    def __init__(self, activities: Sequence[Activity]):
        self._counts = count_by_branch(a.organisation_id for a in activities if self._simple(a))

    @staticmethod
    def _simple(activity: Activity) -> bool:
        return (
            activity.organisation.kind == Organisation.Kind.BRANCH
            and activity.activity_type.audience == ActivityType.Audience.MEMBERS
        )

    @staticmethod
    def users(activity: Activity) -> QuerySet[User]:
        members = activity_attendees(activity.organisation, activity.activity_type)
        return member_logins().filter(member__in=members.values("pk")).order_by("pk")

    def size(self, activity: Activity) -> int:
        if self._simple(activity):
            return self._counts.get(activity.organisation_id, 0)
        return self.users(activity).count()


def _planned(**filters) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(state=Activity.State.PLANNED, **filters)
        .select_related("organisation", "activity_type", "series", "room", "lead__user")
        .order_by("start", "pk")
    )


# --- texts ---------------------------------------------------------------------------------
def _day_text(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _time_text(activity: Activity) -> str:
    start = timezone.localtime(activity.start)
    text = formats.time_format(start, "H:i")
    if activity.end:
        text += "–" + formats.time_format(timezone.localtime(activity.end), "H:i")
    return text


def _activity_lines(activity: Activity, *, lead: bool = True) -> str:
    start = timezone.localtime(activity.start)
    lines = [
        _("Topic: %(topic)s") % {"topic": activity.topic},
        _("Time: %(time)s") % {"time": f"{_day_text(start.date())} {_time_text(activity)}"},
    ]
    if activity.place:
        lines.append(_("Place: %(place)s") % {"place": activity.place})
    if lead and activity.lead_id:
        lines.append(_("Lead: %(lead)s") % {"lead": activity.lead.name})
    return "\n".join(lines)


def _activity_facts(activity: Activity) -> dict:
    return {
        "activity": {
            "id": activity.pk,
            "type": activity.activity_type.code,
            "series": activity.series.name if activity.series_id else None,
            "topic": activity.topic,
            "start": timezone.localtime(activity.start).isoformat(),
            "place": activity.place,
            "lead": activity.lead.name if activity.lead_id else None,
        },
        "branch": {"id": activity.organisation_id, "name": activity.organisation.name},
    }


def _subject(name: str, activity: Activity) -> str:
    """'理论日：<topic>（<branch>）' for people; the topic is left out when it is the name."""
    topic = f"：{activity.topic}" if activity.topic != name else ""
    return f"{name}{topic}（{activity.organisation.name}）"


def _lead_login(activity: Activity) -> User | None:
    lead = activity.lead
    if lead is None or lead.state != lead.State.ACTIVE or lead.user is None:
        return None
    return lead.user if lead.user.is_active else None


# --- study day ---------------------------------------------------------------------------
def plan_study_day(days: Sequence[datetime.date], *, days_before: int = 0) -> list[PlannedReminder]:
    """Study sessions reminded on `days`: on the session's day, or `days_before` working
    days before it."""
    days_before = int(days_before)
    if not 0 <= days_before <= MAX_DAYS_BEFORE:
        raise ValueError(f"days_before must be 0–{MAX_DAYS_BEFORE}, not {days_before}.")
    wanted = set(days)
    if not wanted:
        return []
    first, last = min(wanted), max(wanted) + _reach(days_before)
    sessions = list(
        _planned(
            series__isnull=False,
            series__is_active=True,
            activity_type__category=ActivityType.Category.STUDY,
            start__gte=_aware(first),
            start__lt=_aware(last + ONE_DAY),
        )
    )
    breaks = rota.holiday_breaks(first, last) if sessions else []
    now = timezone.now()
    due = []
    for activity in sessions:
        day = timezone.localtime(activity.start).date()
        send_day = working_days_before(day, days_before) if days_before else day
        if (
            send_day in wanted
            and activity.start > now  # a job run late sends nothing for a session begun
            and not rota.day_off_reason(activity.series, day, breaks)
        ):
            due.append((send_day, activity))
    audiences = Audiences([activity for _day, activity in due])

    reminders = []
    with translation.override(settings.LANGUAGE_CODE):
        for send_day, activity in due:
            reminders += _study_reminders(send_day, activity, audiences, days_before)
    return reminders


def _study_reminders(
    send_day: datetime.date, activity: Activity, audiences: Audiences, days_before: int
) -> list[PlannedReminder]:
    series, lead = activity.series.name, activity.lead
    start = timezone.localtime(activity.start)
    values = {
        "series": series,
        "time": formats.time_format(start, "H:i"),
        "date": _day_text(start.date()),
        "lead": lead.name if lead else "",
    }
    if days_before:
        title = (
            _("%(series)s on %(date)s at %(time)s, led by %(lead)s")
            if lead
            else _("%(series)s on %(date)s at %(time)s")
        )
        lead_title = _("You lead %(series)s on %(date)s at %(time)s")
    else:
        title = (
            _("%(series)s today at %(time)s, led by %(lead)s")
            if lead
            else _("%(series)s today at %(time)s")
        )
        lead_title = _("You lead %(series)s today at %(time)s")
    facts = _activity_facts(activity)
    subject = _subject(series, activity)
    body = _activity_lines(activity)
    link = activity.get_absolute_url()
    reminders = []
    size = audiences.size(activity)
    if size:
        reminders.append(
            PlannedReminder(
                kind=notifications.STUDY_DAY,
                key=f"study:{activity.pk}",
                date=send_day,
                subject=subject,
                title=title % values,
                body=body,
                link=link,
                audience_size=size,
                recipients=lambda: Audiences.users(activity),
                about=facts,
            )
        )
    lead_user = _lead_login(activity)
    if lead_user is not None:
        reminders.append(
            PlannedReminder(
                kind=notifications.STUDY_LEAD,
                key=f"study-lead:{activity.pk}",
                date=send_day,
                subject=subject,
                title=lead_title % values,
                body=body,
                link=link,
                audience_size=1,
                recipients=users_by_pk([lead_user.pk]),
                about=facts,
            )
        )
    return reminders


# --- theme party day --------------------------------------------------------------------
def plan_theme_day(days: Sequence[datetime.date]) -> list[PlannedReminder]:
    """Planned theme party days reminded on `days` (N working days before each)."""
    wanted = set(days)
    if not wanted:
        return []
    days_before = ReminderSettings.load().theme_day_days_before
    first, last = min(wanted), max(wanted) + _reach(days_before)
    activities = _planned(
        activity_type__code=THEME_PARTY_DAY,
        activity_type__is_active=True,
        start__gte=_aware(first),
        start__lt=_aware(last + ONE_DAY),
    )
    now = timezone.now()
    due = []
    for activity in activities:
        send_day = working_days_before(timezone.localtime(activity.start).date(), days_before)
        if send_day in wanted and activity.start > now:
            due.append((send_day, activity))
    audiences = Audiences([activity for _day, activity in due])

    reminders = []
    with translation.override(settings.LANGUAGE_CODE):
        for send_day, activity in due:
            size = audiences.size(activity)
            if not size:
                continue
            start = timezone.localtime(activity.start)
            reminders.append(
                PlannedReminder(
                    kind=notifications.THEME_DAY,
                    key=f"theme-day:{activity.pk}",
                    date=send_day,
                    subject=_subject(activity.activity_type.name, activity),
                    title=_("%(type)s on %(date)s at %(time)s: %(topic)s")
                    % {
                        "type": activity.activity_type.name,
                        "date": formats.date_format(start.date(), "MONTH_DAY_FORMAT"),
                        "time": formats.time_format(start, "H:i"),
                        "topic": activity.topic,
                    },
                    body=_activity_lines(activity),
                    link=activity.get_absolute_url(),
                    audience_size=size,
                    recipients=lambda activity=activity: Audiences.users(activity),
                    about=_activity_facts(activity),
                )
            )
    return reminders


def _month(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = day.replace(day=1)
    return first, (first + datetime.timedelta(days=32)).replace(day=1)


def _branches() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.BRANCH, is_active=True)


def plan_theme_day_missing(days: Sequence[datetime.date]) -> list[PlannedReminder]:
    """On each of `days`, a warning to the secretary of each branch with no theme party
    day planned or held in that month."""
    theme_type = ActivityType.objects.filter(code=THEME_PARTY_DAY, is_active=True).first()
    if theme_type is None:
        return []
    reminders = []
    for day in sorted(set(days)):
        first, after = _month(day)
        has_one = Activity.objects.filter(
            activity_type=theme_type,
            state__in=[Activity.State.PLANNED, Activity.State.HELD],
            start__gte=_aware(first),
            start__lt=_aware(after),
        ).values("organisation_id")
        branches = list(_branches().exclude(pk__in=has_one).order_by("path"))
        secretaries = secretaries_of([b.pk for b in branches], day)
        with translation.override(settings.LANGUAGE_CODE):
            month = formats.date_format(first, "YEAR_MONTH_FORMAT")
            for branch in branches:
                users = secretaries.get(branch.pk)
                if not users:
                    continue
                values = {"branch": branch.name, "month": month, "type": theme_type.name}
                reminders.append(
                    PlannedReminder(
                        kind=notifications.THEME_DAY,
                        key=f"theme-day-missing:{branch.pk}:{first:%Y-%m}",
                        date=day,
                        subject=f"{branch.name} {first:%Y-%m}",
                        title=_("%(branch)s: no %(type)s planned for %(month)s") % values,
                        body=_(
                            "%(branch)s has no %(type)s planned or held in %(month)s yet. "
                            "Plan it before the month ends."
                        )
                        % values,
                        link=f"{reverse('activities:new')}?organisation={branch.pk}"
                        f"&type={THEME_PARTY_DAY}",
                        audience_size=len(users),
                        recipients=users_by_pk(u.pk for u in users),
                        about={
                            "branch": {"id": branch.pk, "name": branch.name},
                            "month": f"{first:%Y-%m}",
                        },
                    )
                )
    return reminders


# --- meeting cadence ---------------------------------------------------------------------
def plan_cadence(days: Sequence[datetime.date]) -> list[PlannedReminder]:
    """On each of `days`, each secretary whose branch's quarter still lacks meetings gets
    the list (three queries per year for all branches, plus the secretaries per day)."""
    reminders = []
    gaps_by_day = compliance.gaps_on_days(_branches(), days, period_kind=compliance.QUARTER)
    for day, found in sorted(gaps_by_day.items()):
        gaps = {branch.pk: (branch, branch_gaps) for branch, branch_gaps in found}
        secretaries = secretaries_of(list(gaps), day)
        with translation.override(settings.LANGUAGE_CODE):
            for branch_pk, (branch, branch_gaps) in gaps.items():
                users = secretaries.get(branch_pk)
                if not users:
                    continue
                missing = sum(gap.missing for gap in branch_gaps)
                lines = [
                    _("%(rule)s (%(period)s): %(missing)s still to hold")
                    % {"rule": gap.rule, "period": gap.period, "missing": gap.missing}
                    for gap in branch_gaps
                ]
                lines.append(_("The compliance page shows the details."))
                reminders.append(
                    PlannedReminder(
                        kind=notifications.CADENCE,
                        key=f"cadence:{branch_pk}:{day:%Y-%m}",
                        date=day,
                        subject=f"{branch.name} {day:%Y-%m}",
                        title=_("%(branch)s: %(count)s meetings still to hold")
                        % {"branch": branch.name, "count": missing},
                        body="\n".join(lines),
                        link=reverse("activities:compliance_branch", args=[branch_pk]),
                        audience_size=len(users),
                        recipients=users_by_pk(u.pk for u in users),
                        about={
                            "branch": {"id": branch_pk, "name": branch.name},
                            "gaps": [gap._asdict() for gap in branch_gaps],
                        },
                    )
                )
    return reminders


# --- registration ------------------------------------------------------------------------
def register_jobs() -> None:
    """Called from ActivitiesConfig.ready()."""
    register(
        ReminderKind(
            code="study_day",
            label=gettext_lazy("study day"),
            task="activities.send_study_day_reminders",
            plan=plan_study_day,
            notification_kinds=(notifications.STUDY_LEAD,),
        )
    )
    register(
        ReminderKind(
            code="theme_day",
            label=gettext_lazy("theme party day"),
            task="activities.send_theme_day_reminders",
            plan=plan_theme_day,
        )
    )
    register(
        ReminderKind(
            code="theme_day_missing",
            label=gettext_lazy("theme party day not planned"),
            task="activities.send_theme_day_warnings",
            plan=plan_theme_day_missing,
        )
    )
    register(
        ReminderKind(
            code="cadence",
            label=gettext_lazy("meeting cadence"),
            task="activities.send_cadence_warnings",
            plan=plan_cadence,
        )
    )


# The default schedules of these jobs, installed by ActivitiesConfig.ready() after each
# migrate (notices/schedules.py): created when missing, never overwriting an admin's change.
# Times are Beijing time. Each job is idempotent (dedupe keys), so a rerun sends nothing twice.
SCHEDULES = [
    # Friday study day, default: at 08:30 on the day of each planned session, so members
    # plan their afternoon and the lead has the morning to prepare.
    DefaultSchedule(
        name="reminders: study day (morning of the session)",
        task="activities.send_study_day_reminders",
        crontab=("30", "8", "*", "*"),
        description="Daily 08:30: members of the branch are told today's planned study "
        "sessions (time, room, topic, lead); the lead gets a personal note. Sessions skipped "
        "for a holiday are not planned, so nothing is sent then.",
    ),
    # The day-before option: enable this one instead of (or with) the morning one. With
    # both, the day-before reminder wins and the morning run sends nothing again.
    DefaultSchedule(
        name="reminders: study day (working day before, option)",
        task="activities.send_study_day_reminders",
        crontab=("0", "16", "*", "*"),
        kwargs={"days_before": 1},
        enabled=False,
        description="Option, off by default: at 16:00 on the working day before each planned "
        "study session. Enable it (and disable the morning one) to warn a day ahead.",
    ),
    # Theme party day: members are reminded a few working days ahead (ReminderSettings).
    DefaultSchedule(
        name="reminders: theme party day",
        task="activities.send_theme_day_reminders",
        crontab=("0", "9", "*", "*"),
        description="Daily 09:00: members are reminded of their branch's planned theme party "
        "day N working days before it (reminder settings, default 2).",
    ),
    # By the 20th every branch should have planned (or held) the month's theme party day:
    # the secretary is warned while ten days are left.
    DefaultSchedule(
        name="reminders: theme party day not planned (20th)",
        task="activities.send_theme_day_warnings",
        crontab=("0", "9", "20", "*"),
        description="On the 20th at 09:00: the secretary of each branch with no theme party "
        "day planned or held this month is warned.",
    ),
    # Early in the month, while there is time to act, each secretary sees what the
    # quarter still lacks (三会一课 and other cadence rules).
    DefaultSchedule(
        name="reminders: meeting cadence (5th)",
        task="activities.send_cadence_warnings",
        crontab=("0", "9", "5", "*"),
        description="On the 5th at 09:00: each secretary whose branch still lacks meetings "
        "required this quarter (compliance report) gets the list; nothing when there is no "
        "gap.",
    ),
]
