"""The reminder jobs' registry: what each job will send, computed by the code that sends it.

A reminder job (the Friday study day, the pre-holiday integrity notice, …) is registered
by the app that owns its content, in its AppConfig.ready(), so that this lower app never
imports a higher one::

    from notices import reminders

    reminders.register(
        reminders.ReminderKind(
            code="study_day",                            # the job's name, for --kind
            label=_("study day"),
            task="activities.send_study_day_reminders",  # its Celery task, scheduled by beat
            plan=plan_study_day,
            notification_kinds=("study_lead",),          # kinds it writes besides its code
        )
    )

and gives it a thin task (activities/tasks.py)::

    @shared_task(name="activities.send_study_day_reminders", base=ReminderJob)
    def send_study_day_reminders(today: str | None = None, days_before: int = 0) -> int:
        return run_job("study_day", today, days_before=days_before)

(`notices.tasks.ReminderJob` retries lost database connections with backoff and logs
what it gives up on; `run_job` parses the ISO date, default today in Beijing.)

The one function a job provides
-------------------------------
``plan(days, **options) -> list[PlannedReminder]``: the reminders the job sends when it
runs on each of `days` (local dates, in order). `options` are the keyword arguments of
the job's periodic task (e.g. ``{"days_before": 1}``). Each `PlannedReminder` says on
which of those days it goes out, what it is about (a holiday, an activity, a branch),
its title, text and link, how many people receive it and who they are (loaded only when
it is sent), and its dedupe `key`: each recipient's notification has the key
``f"{key}:{user.pk}"`` (e.g. ``integrity:2026-spring_festival:42``). A reminder with
nobody to tell is left out. The audience helpers below (`member_logins`,
`count_by_branch`, `secretaries_of`, `users_by_pk`) keep a plan at a fixed number of
queries however many branches there are.

Both uses go through that function, so what the plan shows is what the job sends:

* `reminders_send` (what the job's Celery task calls): ``plan([today], **options)``, then
  `PlannedReminder.deliver` writes each reminder with `notices.outbox.notify_many`, 500
  recipients per transaction. A job run twice, a task redelivered after a worker crash
  (acks_late) or two beats by mistake write nothing twice: the dedupe keys exist already,
  and a run cut short by a crash is completed by the next one.
* `reminders_plan(start, end)` (what ``manage.py reminders_plan`` prints): for every
  enabled periodic task of each job, the days and the time of day its crontab fires in
  the window, then ``plan(those days, **its options)``. A reminder that two schedules of
  one job would both send (same kind and key) is listed once, at the earlier run, since
  the later one writes nothing.

Schedules
---------
Jobs are rows of django-celery-beat ("Periodic tasks" in the admin; the app that owns
a job installs its defaults after migrate, notices/schedules.py): a job runs when its
crontab fires, with its kwargs; disable a row and the job sends (and the plan shows)
nothing. Day of month and day of week must both match, as in Celery. Tasks on an
interval schedule are not reminder jobs and are ignored here. How far ahead they look
(N working days before a holiday, …) is `notices.models.ReminderSettings`, one row
edited in the admin.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from branches.models import Member, Post, User
from notices.calendar import next_working_day
from notices.outbox import notify_many

logger = logging.getLogger(__name__)

ONE_DAY = datetime.timedelta(days=1)
# Recipients written per transaction (see PlannedReminder.deliver).
BATCH_SIZE = 500


# --- What a job plans ---------------------------------------------------------------------


@dataclass
class PlannedReminder:
    """One message a job sends on one day to an audience (one notification per person).

    `kind` is a registered notification kind (notices/kinds.py); `job` the registered
    job's code (filled in by the registry); `subject` says for people what it is about
    ("春节 2026", a session's topic); `about` holds the same as JSON-able facts (``{"holiday": {...}}`` or
    ``{"activity": {...}}``, plus ``"branch"`` where there is one). `recipients` loads
    the users when the reminder is sent; `audience_size` is their number, counted by the
    plan in a fixed number of queries.
    """

    kind: str
    key: str
    date: datetime.date
    subject: str
    title: str
    body: str
    audience_size: int
    recipients: Callable[[], QuerySet[User]] = field(repr=False, compare=False)
    link: str = ""
    about: dict = field(default_factory=dict)
    job: str = ""
    time: datetime.time | None = None

    def deliver(self, *, batch_size: int = BATCH_SIZE) -> int:
        """Write the notifications not written before; returns how many were written.

        Recipients are written `batch_size` at a time, each batch in its own transaction
        (its deliveries are queued when it commits), so a whole court's notice never
        holds one long transaction, and a crash keeps the batches written: a rerun
        writes only the rest.
        """
        key = self.key
        ids = list(self.recipients().order_by("pk").values_list("pk", flat=True))
        written = 0
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                written += len(
                    notify_many(
                        recipients=User.objects.filter(pk__in=ids[start : start + batch_size]),
                        kind=self.kind,
                        title=self.title,
                        body=self.body,
                        link=self.link,
                        dedupe_key_for=lambda user: f"{key}:{user.pk}",
                    )
                )
        return written

    def as_dict(self) -> dict:
        return {
            "job": self.job,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M") if self.time else None,
            "subject": self.subject,
            "audience_size": self.audience_size,
            "key": self.key,
            "title": self.title,
            **self.about,
        }


@dataclass(frozen=True)
class ReminderKind:
    """A registered reminder job: its code, its Celery task and its `plan` function."""

    code: str
    label: str
    task: str
    plan: Callable[..., list[PlannedReminder]]
    # The notification kinds it writes (so --kind study_lead finds the study day job).
    notification_kinds: tuple[str, ...] = ()

    def writes(self, kind: str) -> bool:
        return kind == self.code or kind in self.notification_kinds


_registry: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> ReminderKind:
    """Add a job (from an AppConfig.ready()); registering the same code again replaces it."""
    existing = _registry.get(kind.code)
    if existing is not None and existing.task != kind.task:
        raise ValueError(f"Reminder job {kind.code!r} is registered for {existing.task!r}.")
    _registry[kind.code] = kind
    return kind


def kinds() -> list[ReminderKind]:
    return sorted(_registry.values(), key=lambda kind: kind.code)


def get(code: str) -> ReminderKind:
    try:
        return _registry[code]
    except KeyError:
        known = ", ".join(sorted(_registry)) or "none"
        raise LookupError(f"No reminder job {code!r} (registered: {known}).") from None


# --- Sending ------------------------------------------------------------------------------


def reminders_send(*, job: str, today: datetime.date | None = None, **options) -> int:
    """Run a job for `today` (local date by default): plan it, write what is new.

    Reminders are written in batches, each in its own transaction, so a crash half-way
    keeps what was written and a rerun writes the rest. Returns the number of
    notifications written.
    """
    kind = get(job)
    today = today or timezone.localdate()
    written = 0
    for reminder in kind.plan([today], **options):
        reminder.job = kind.code
        new = reminder.deliver()
        written += new
        if new:
            logger.info("Reminder %s %s: %d notification(s) written", kind.code, reminder.key, new)
    return written


# --- Planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """One enabled periodic task of a job: its name, crontab and options."""

    name: str
    crontab: object  # django_celery_beat.models.CrontabSchedule
    options: dict

    def runs(self, start: datetime.date, end: datetime.date) -> dict[datetime.date, datetime.time]:
        """The local days from `start` to `end` the crontab fires, each with its first time."""
        cron = self.crontab.schedule  # celery's crontab: sets of minutes, hours, days…
        zone = self.crontab.timezone
        local = timezone.get_default_timezone()
        times = sorted((hour, minute) for hour in cron.hour for minute in cron.minute)
        found: dict[datetime.date, datetime.time] = {}
        day = start - ONE_DAY
        while day <= end + ONE_DAY:
            if (
                day.month in cron.month_of_year
                and day.day in cron.day_of_month
                and day.isoweekday() % 7 in cron.day_of_week  # Celery: 0 is Sunday
            ):
                for hour, minute in times:
                    moment = datetime.datetime.combine(
                        day, datetime.time(hour, minute), tzinfo=zone
                    ).astimezone(local)
                    local_day = moment.date()
                    if start <= local_day <= end and (
                        local_day not in found or moment.time() < found[local_day]
                    ):
                        found[local_day] = moment.time()
            day += ONE_DAY
        return found


def schedules(kind: ReminderKind) -> list[Schedule]:
    """The job's enabled crontab periodic tasks (one query)."""
    rows = PeriodicTask.objects.filter(
        task=kind.task, enabled=True, crontab__isnull=False
    ).select_related("crontab")
    found = []
    for row in rows.order_by("pk"):
        try:
            options = json.loads(row.kwargs or "{}")
        except ValueError:
            logger.error("Periodic task %r has kwargs that are not JSON; ignored", row.name)
            continue
        found.append(Schedule(row.name, row.crontab, options))
    return found


def reminders_plan(
    start: datetime.date, end: datetime.date, *, job: str | None = None
) -> list[PlannedReminder]:
    """Every reminder the enabled schedules will send from `start` to `end`, in date order.

    `job`: a job's code or a notification kind; only its reminders.
    """
    if end < start:
        raise ValueError("The end of the window is before its start.")
    selected = [kind for kind in kinds() if job is None or kind.writes(job)]
    planned: list[PlannedReminder] = []
    for kind in selected:
        earliest: dict[tuple[str, str], PlannedReminder] = {}
        for schedule in schedules(kind):
            runs = schedule.runs(start, end)
            if not runs:
                continue
            try:
                reminders = kind.plan(sorted(runs), **schedule.options)
            except TypeError as error:
                raise ValueError(
                    f"Periodic task {schedule.name!r}: options {schedule.options} do not fit "
                    f"the {kind.code} job ({error})."
                ) from error
            for reminder in reminders:
                reminder.job, reminder.time = kind.code, runs[reminder.date]
                identity = (reminder.kind, reminder.key)
                known = earliest.get(identity)
                if known is None or (reminder.date, reminder.time) < (known.date, known.time):
                    earliest[identity] = reminder
        planned.extend(earliest.values())
    if job is not None:
        planned = [r for r in planned if r.job == job or r.kind == job]
    planned.sort(key=lambda r: (r.date, r.time or datetime.time.min, r.job, r.kind, r.subject))
    return planned


# --- Audiences: helpers for the jobs ------------------------------------------------------


def member_logins() -> QuerySet[User]:
    """The people reminders go to: active logins of active members."""
    return User.objects.filter(is_active=True, member__state=Member.State.ACTIVE)


def member_logins_of_branches(branch_ids: Sequence[int]) -> QuerySet[User]:
    return member_logins().filter(member__branch_id__in=list(branch_ids))


def count_by_branch(branch_ids: Iterable[int]) -> Counter:
    """{branch id: number of member logins} for the branches, in one query."""
    rows = (
        member_logins_of_branches(list(set(branch_ids)))
        .order_by()
        .values("member__branch_id")
        .annotate(n=Count("pk"))
    )
    return Counter({row["member__branch_id"]: row["n"] for row in rows})


def secretaries_of(
    branch_ids: Iterable[int], day: datetime.date, *, excluding: Iterable[int] = ()
) -> dict[int, list[User]]:
    """{branch id: logins of its current secretary}, in one query.

    A branch without a secretary (with a login) gets its deputy secretaries. Users in
    `excluding` are left out (a claimant never reminds themself).
    """
    excluded = set(excluding)
    posts = (
        Post.objects.current(day)
        .filter(
            organisation_id__in=list(set(branch_ids)),
            kind__in=[Post.Kind.SECRETARY, Post.Kind.DEPUTY_SECRETARY],
            member__state=Member.State.ACTIVE,
            member__user__is_active=True,
        )
        .select_related("member__user")
        .order_by("organisation_id", "start", "pk")
    )
    found: dict[int, dict[str, list[User]]] = defaultdict(lambda: defaultdict(list))
    for post in posts:
        user = post.member.user
        if user.pk in excluded or user in found[post.organisation_id][post.kind]:
            continue
        found[post.organisation_id][post.kind].append(user)
    chosen = {
        branch_id: by_kind.get(Post.Kind.SECRETARY) or by_kind.get(Post.Kind.DEPUTY_SECRETARY)
        for branch_id, by_kind in found.items()
    }
    return {branch_id: users for branch_id, users in chosen.items() if users}


def users_by_pk(user_ids: Iterable[int]) -> Callable[[], QuerySet[User]]:
    """A recipients loader for users known by pk."""
    ids = list(dict.fromkeys(user_ids))
    return lambda: User.objects.filter(pk__in=ids, is_active=True)


def working_days_after(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day strictly after `day` (n=1: the next working day)."""
    for _ in range(n):
        day = next_working_day(day)
    return day
