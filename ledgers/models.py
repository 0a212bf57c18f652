"""Responsibility lists, their tasks, the tasks' periods and progress, and the reviews.

* `ResponsibilityList` (责任清单): the year's tasks of one organisation (committee, general
  branch, branch, party group) or of one member; draft → published → closed.
* `Task` (任务): category × period kind, assigned to an organisation or a member, with a
  weight and a responsibility role; a child task (责任分解) points at its parent. A task
  may carry a counted target, filled from the activities (ledgers/counting.py).
* `TaskPeriod`: one row per period of the task (a monthly task has twelve), each with
  its due date and status; counted periods link the activities that fulfil them.
* `TaskUpdate`: a progress note with optional evidence (a file or an activity).
* `StandardTarget` (8+X): the committee's template every branch list receives.
* `MonthlyAssessment` (月度综合考评) and `AnnualReport` (述职评议).
"""

import datetime
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.errors import PortalError
from branches.models import Member, Organisation
from branches.periods import Period


class LedgerError(PortalError):
    """A refused change in the ledgers app; the message is for the user."""


class Category(models.TextChoices):
    PARTY_BUILDING = "party_building", _("party-building")
    BUSINESS = "business", _("business")
    SPECIAL = "special", _("special")


class PeriodKind(models.TextChoices):
    ANNUAL = "annual", _("annual")
    HALF_YEAR = "half_year", _("half-year")
    QUARTERLY = "quarterly", _("quarterly")
    MONTHLY = "monthly", _("monthly")
    ROUTINE = "routine", _("routine")


# The portal's Period kind of each task period kind (a routine task runs all year).
PERIOD_OF = {
    PeriodKind.ANNUAL: Period.Kind.YEAR,
    PeriodKind.HALF_YEAR: Period.Kind.HALF_YEAR,
    PeriodKind.QUARTERLY: Period.Kind.QUARTER,
    PeriodKind.MONTHLY: Period.Kind.MONTH,
    PeriodKind.ROUTINE: Period.Kind.YEAR,
}


class Role(models.TextChoices):
    SECRETARY = "secretary", _("secretary's main responsibility")
    STAFF = "staff", _("party-affairs staff's supervision")
    COMMITTEE = "committee", _("committee members' coordination")
    GROUP_LEADER = "group_leader", _("group leaders' prompting")


class TargetKind(models.TextChoices):
    NONE = "", _("no counted target")
    ACTIVITIES = "activities", _("activities held")
    ATTENDANCE = "attendance", _("attendance rate")


# --- responsibility lists ------------------------------------------------------------------
class ListQuerySet(models.QuerySet):
    def visible_to(self, user):
        from ledgers.access import list_q

        return self.filter(list_q(user))


class ResponsibilityList(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", pgettext_lazy("ledger list", "closed")

    TRANSITIONS = {
        State.DRAFT: {State.PUBLISHED},
        State.PUBLISHED: {State.CLOSED},
        State.CLOSED: set(),
    }

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibility_lists",
        verbose_name=_("organisation"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibility_lists",
        verbose_name=_("member"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=120)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ListQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility list")
        verbose_name_plural = _("responsibility lists")
        ordering = ["-year", "organisation__path", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(organisation__isnull=False),
                name="one_list_per_organisation_year",
            ),
            models.UniqueConstraint(
                fields=["member", "year"],
                condition=Q(member__isnull=False),
                name="one_list_per_member_year",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, member__isnull=False)
                | Q(organisation__isnull=False, member__isnull=True),
                name="list_has_one_owner",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledgers:list_detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.member.name

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def branch(self):
        """The branch the list belongs to (its own, its group's or its member's)."""
        if self.member_id:
            return self.member.branch
        return self.organisation

    def transition_to(self, state: str) -> None:
        state = self.State(state)
        if state not in self.TRANSITIONS[self.State(self.state)]:
            raise LedgerError(
                gettext("A %(current)s list cannot become %(new)s.")
                % {"current": self.State(self.state).label, "new": state.label}
            )
        self.state = state


# --- tasks -----------------------------------------------------------------------------------
class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        from ledgers.access import task_q

        return self.filter(task_q(user))

    def live(self):
        return self.filter(is_withdrawn=False)


class StandardTarget(models.Model):
    """One of the "8" of 8+X: a target every branch's list receives (editable in the admin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.PARTY_BUILDING
    )
    period_kind = models.CharField(
        _("period"), max_length=12, choices=PeriodKind.choices, default=PeriodKind.MONTHLY
    )
    activity_type = models.ForeignKey(
        "activities.ActivityType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counted activity type"),
        help_text=_("Empty: the target is ticked by hand with a progress note."),
    )
    target_count = models.PositiveSmallIntegerField(_("times per period"), default=1)
    role = models.CharField(_("responsibility"), max_length=20, choices=Role.choices, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal(1))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard target (8+X)")
        verbose_name_plural = _("standard targets (8+X)")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


class Task(models.Model):
    responsibility_list = models.ForeignKey(
        ResponsibilityList,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("responsibility list"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent task"),
    )
    standard_target = models.ForeignKey(
        StandardTarget,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("standard target"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_(
            "For an annual or routine task; other tasks are due at the end of each period."
        ),
    )
    assignee_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("assigned to organisation"),
    )
    assignee_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("assigned to member"),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(100))],
    )
    role = models.CharField(_("responsibility"), max_length=20, choices=Role.choices, blank=True)
    target_kind = models.CharField(
        _("counted target"), max_length=12, choices=TargetKind.choices, blank=True, default=""
    )
    target_activity_type = models.ForeignKey(
        "activities.ActivityType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity type"),
    )
    target_series = models.ForeignKey(
        "activities.ActivitySeries",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity series"),
    )
    target_count = models.PositiveSmallIntegerField(_("times per period"), null=True, blank=True)
    target_rate = models.PositiveSmallIntegerField(
        _("attendance rate at least (%)"), null=True, blank=True
    )
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["category", "sort_order", "pk"]
        indexes = [
            models.Index(fields=["responsibility_list", "category"]),
            models.Index(fields=["assignee_organisation", "target_kind"]),
            models.Index(fields=["assignee_member"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(assignee_organisation__isnull=False, assignee_member__isnull=False),
                name="task_has_at_most_one_assignee",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledgers:task_detail", args=[self.pk])

    @property
    def is_counted(self) -> bool:
        return bool(self.target_kind)

    @property
    def assignee_name(self) -> str:
        if self.assignee_member_id:
            return self.assignee_member.name
        if self.assignee_organisation_id:
            return self.assignee_organisation.display_name
        return ""

    @property
    def target_label(self) -> str:
        if self.target_kind == TargetKind.ACTIVITIES:
            what = (
                self.target_series.name if self.target_series_id else self.target_activity_type.name
            )
            return gettext("%(what)s held %(count)s times per period") % {
                "what": what,
                "count": self.target_count,
            }
        if self.target_kind == TargetKind.ATTENDANCE:
            return gettext("attendance rate at least %(rate)s%% per period") % {
                "rate": self.target_rate
            }
        return ""


def _evidence_path(instance, filename):
    now = timezone.localtime()
    suffix = PurePath(filename).suffix.lower()
    return f"ledgers/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{suffix}"


class TaskPeriod(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("ledger period", "open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        OVERDUE = "overdue", _("overdue")
        WAIVED = "waived", _("waived")

    FINISHED = (Status.DONE, Status.WAIVED)
    UNFINISHED = (Status.OPEN, Status.IN_PROGRESS, Status.OVERDUE)

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="periods", verbose_name=_("task")
    )
    period = models.CharField(_("period"), max_length=10)  # Period.value: 2026-03, 2026-Q1 …
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    waived_reason = models.CharField(_("reason for waiving"), max_length=200, blank=True)
    counted = models.PositiveSmallIntegerField(_("counted"), default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="+", verbose_name=_("activities")
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("task period")
        verbose_name_plural = _("task periods")
        ordering = ["task", "first_day"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="one_row_per_task_period"),
            models.CheckConstraint(
                condition=~Q(status="waived") | ~Q(waived_reason=""),
                name="waived_period_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.task} · {self.label}"

    @property
    def the_period(self) -> Period:
        return Period.parse(self.period)

    @property
    def label(self) -> str:
        if self.task.period_kind == PeriodKind.ROUTINE:
            return gettext("all year")
        return self.the_period.label

    def status_on(self, today: datetime.date) -> str:
        """The status as of `today`: an unfinished period past its due date is overdue."""
        if self.status in self.UNFINISHED and self.due_date < today:
            return self.Status.OVERDUE
        if self.status == self.Status.OVERDUE:
            return self.Status.IN_PROGRESS if self.counted else self.Status.OPEN
        return self.status

    def status_label_on(self, today: datetime.date) -> str:
        return self.Status(self.status_on(today)).label


class TaskUpdate(models.Model):
    """A progress note on a task period; evidence (a file or an activity) is optional."""

    period = models.ForeignKey(
        TaskPeriod, on_delete=models.CASCADE, related_name="updates", verbose_name=_("period")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("progress note"))
    marks_done = models.BooleanField(_("marks the period done"), default=False)
    evidence = models.FileField(_("evidence file"), upload_to=_evidence_path, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    evidence_type = models.CharField(_("content type"), max_length=100, blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.note[:40]


# --- reviews ---------------------------------------------------------------------------------
class MonthlyAssessment(models.Model):
    """月度综合考评 of one branch for one month: computed score and committee's confirmed one."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="monthly_assessments",
        verbose_name=_("branch"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    computed_score = models.DecimalField(_("computed score"), max_digits=5, decimal_places=2)
    due = models.PositiveIntegerField(_("periods due"), default=0)
    done = models.PositiveIntegerField(_("periods done"), default=0)
    confirmed_score = models.DecimalField(
        _("confirmed score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason for the adjustment"), blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adjusted by"),
    )
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly assessment")
        verbose_name_plural = _("monthly assessments")
        ordering = ["organisation__path", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "month"], name="one_assessment_per_branch_month"
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}-{self.month:02d}"

    @property
    def score(self) -> Decimal:
        return self.confirmed_score if self.confirmed_score is not None else self.computed_score

    @property
    def is_adjusted(self) -> bool:
        return self.confirmed_score is not None


class AnnualReport(models.Model):
    """述职评议: a secretary's yearly report (own text + the portal's summary) and its grade."""

    class Grade(models.TextChoices):
        GOOD = "good", _("good")
        FAIRLY_GOOD = "fairly_good", _("fairly good")
        AVERAGE = "average", _("average")
        POOR = "poor", _("poor")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("branch"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    secretary = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    text = models.TextField(_("the secretary's report"))
    summary = models.TextField(_("summary from the records"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual report review")
        verbose_name_plural = _("annual report reviews")
        ordering = ["-year", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_report_per_branch_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"
