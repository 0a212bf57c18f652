"""Organisational life: activity types, series, activities, attendance and attachments.

An Activity is entered once, with its attendance, and is the evidence every other app
reads (points, ledgers, brands, dashboards). It is never deleted by users: it moves
planned → held → withdrawn through `Activity.transition_to`, and simple_history keeps
its changes. Changes go through activities/services.py, which tells the apps above
through the signals in activities/signals.py.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.errors import PortalError
from branches.models import ActivityRoom, Member, Organisation


class ActivityError(PortalError):
    """A refused change to an activity; the message is for the user.

    `field` names the form field the message belongs to, when there is one.
    """


class ActivityType(models.Model):
    """A kind of activity (支部党员大会, 主题党日, 志愿服务…); configured in the admin.

    The defaults follow the 中国共产党支部工作条例 and are loaded by a data migration.
    """

    class Category(models.TextChoices):
        THREE_MEETINGS = "three_meetings", _("three meetings and one lecture")
        THEME_PARTY_DAY = "theme_party_day", _("theme party day")
        STUDY = "study", _("study")
        REVIEW = "review", _("review and evaluation")
        CO_BUILDING = "co_building", _("co-building")
        SERVICE = "service", _("volunteer service")
        EDUCATION = "education", _("education and contests")
        OTHER = "other", _("other")

    class Level(models.TextChoices):
        BRANCH = "branch", _("branch")
        GROUP = "group", _("party group")
        COMMITTEE = "committee", _("organ committee")
        ANY = "any", _("any organisation")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("all members of the organisation")
        COMMITTEE = "committee", _("the organisation's committee members")

    class Period(models.TextChoices):
        WEEK = "week", _("working week")
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    # Which organisation kinds may hold a type of each level.
    LEVEL_KINDS = {
        Level.BRANCH: {Organisation.Kind.BRANCH, Organisation.Kind.GENERAL_BRANCH},
        Level.GROUP: {Organisation.Kind.GROUP},
        Level.COMMITTEE: {Organisation.Kind.COMMITTEE},
    }

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("type name"), max_length=60)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    is_statutory = models.BooleanField(
        _("three meetings and one lecture"),
        default=False,
        help_text=_("One of the four statutory kinds of 三会一课."),
    )
    level = models.CharField(
        _("held by"),
        max_length=20,
        choices=Level.choices,
        default=Level.ANY,
        help_text=_("Which kind of organisation holds it."),
    )
    audience = models.CharField(
        _("attendees"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MEMBERS,
        help_text=_("Who is listed in the attendance table."),
    )
    takes_attendance = models.BooleanField(_("takes attendance"), default=True)
    has_results = models.BooleanField(
        _("has results"),
        default=False,
        help_text=_("Service work with counted results (people served, disputes resolved…)."),
    )
    cadence_count = models.PositiveSmallIntegerField(
        _("required count"),
        null=True,
        blank=True,
        help_text=_("How many times per period the rules require it; empty when there is no rule."),
    )
    cadence_period = models.CharField(
        _("cadence period"), max_length=10, choices=Period.choices, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(cadence_count__isnull=True, cadence_period__isnull=True)
                    | Q(cadence_count__isnull=False, cadence_period__isnull=False)
                ),
                name="activity_type_cadence_complete",
            ),
        ]

    def __str__(self):
        return self.name

    def held_by(self, organisation: Organisation) -> bool:
        """Whether an organisation of this kind holds activities of this type."""
        kinds = self.LEVEL_KINDS.get(self.level)
        return kinds is None or organisation.kind in kinds


class ActivitySeries(models.Model):
    """A named recurring programme of a branch (理论日, 青年说, 微党课).

    Its schedule (weekly, or monthly on the n-th weekday) drives the study rota: ordered
    leads (RotaLead) and planned sessions (activities/rota.py).
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    branch = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activity_series",
        verbose_name=_("branch"),
    )
    name = models.CharField(_("series name"), max_length=60)
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="series",
        verbose_name=_("activity type"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # --- the rota's schedule (activities/rota.py) ---
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = 5, _("last")

    cadence = models.CharField(
        _("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("For a monthly series: which of the month's weekdays it is held on."),
    )
    room = models.ForeignKey(
        ActivityRoom,
        on_delete=models.PROTECT,
        related_name="activity_series",
        null=True,
        blank=True,
        verbose_name=_("activity room"),
    )
    default_location = models.CharField(_("location"), max_length=200, blank=True)
    holds_on_adjusted_working_days = models.BooleanField(
        _("use adjusted working days"),
        default=False,
        help_text=_(
            "When a session falls on a day off, hold it on an adjusted working weekend day "
            "(调休) within three days of it, if there is one; otherwise the session is skipped."
        ),
    )

    class Meta:
        verbose_name = _("activity series")
        verbose_name_plural = _("activity series")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="series_name_unique_in_branch")
        ]

    def __str__(self):
        return self.name


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Activities the user may see (see the access rules in branches/access.py).

        Admin: all. Committee staff and branch leaders: their subtree. Group leaders:
        their groups. Members: their branch's and their group's, and any activity
        where they have an attendance row (guests).
        """
        from branches.access import scope_for, union_of

        scope = scope_for(user)
        if scope.is_admin:
            return self
        # Indexed parts joined by UNION (see branches.access): ORing them made PostgreSQL
        # scan every activity and attendance row of the province.
        organisations = Q(pk__in=sorted(scope.led_group_ids))
        for path in scope.committee_paths + scope.managed_paths:
            organisations |= Q(path__startswith=path)
        member = scope.member
        if member is not None:
            organisations |= Q(pk__in=[pk for pk in (member.branch_id, member.group_id) if pk])
        in_scope = Organisation.objects.filter(organisations).order_by().values("pk")
        parts = [Activity.objects.filter(organisation_id__in=in_scope).order_by().values("pk")]
        if member is not None:  # activities they attended elsewhere (as a guest)
            parts.append(
                Attendance.objects.filter(member_id=member.pk).order_by().values("activity_id")
            )
        return self.filter(pk__in=union_of(parts))

    def with_attendance_counts(self):
        """Annotate present/on-leave/absent counts of non-guests, in the same query.

        Correlated subqueries (index on attendance.activity_id), not a JOIN + GROUP BY:
        PostgreSQL computes them for the rows of the page only, after ORDER BY/LIMIT, and
        the paginator's COUNT leaves them out, so a list's cost does not grow with the
        attendance of activities that are not shown.
        """

        def counted(**conditions):
            rows = (
                Attendance.objects.filter(activity_id=OuterRef("pk"), **conditions)
                .order_by()
                .values("activity_id")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)

        return self.annotate(
            present_count=counted(is_guest=False, status=Attendance.Status.PRESENT),
            on_leave_count=counted(is_guest=False, status=Attendance.Status.ON_LEAVE),
            absent_count=counted(is_guest=False, status=Attendance.Status.ABSENT),
            guest_count=counted(is_guest=True),
        )

    def in_range(self, start, end):
        """Activities starting in [start, end) (aware datetimes)."""
        return self.filter(start__gte=start, start__lt=end)

    def counted(self):
        """Activities that count as done: held ones."""
        return self.filter(state=Activity.State.HELD)


def _attachment_path(instance, filename):
    """activities/<year>/<month>/<random>.<ext>: the stored name reveals nothing."""
    now = timezone.localtime()
    suffix = PurePath(filename).suffix.lower()
    return f"activities/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{suffix}"


class Activity(models.Model):
    """One occasion of organisational life held by a branch, party group or committee."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        WITHDRAWN = "withdrawn", _("withdrawn")

    TRANSITIONS = {
        State.PLANNED: {State.HELD, State.WITHDRAWN},
        State.HELD: {State.WITHDRAWN},
        State.WITHDRAWN: set(),
    }

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("activity type"),
    )
    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
        verbose_name=_("series"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    room = models.ForeignKey(
        ActivityRoom,
        on_delete=models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
        verbose_name=_("activity room"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    lead = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="led_activities",
        null=True,
        blank=True,
        verbose_name=_("lead or speaker"),
    )
    content = models.TextField(_("content"), blank=True)
    minutes = models.TextField(_("meeting minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    partners = models.ManyToManyField(
        Organisation,
        related_name="co_building_activities",
        blank=True,
        verbose_name=_("partner branches"),
    )
    partner_names = models.CharField(
        _("outside partners"),
        max_length=200,
        blank=True,
        help_text=_("Organisations outside the court, e.g. a community's Party branch."),
    )
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    disputes_resolved = models.PositiveIntegerField(_("disputes resolved"), null=True, blank=True)
    suggestions_collected = models.PositiveIntegerField(
        _("suggestions collected"), null=True, blank=True
    )
    service_hours = models.DecimalField(
        _("service hours"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    state = models.CharField(
        _("activity state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "start"]),
            models.Index(fields=["activity_type", "start"]),
            models.Index(fields=["state", "start"]),
            models.Index(fields=["series", "start"]),
            models.Index(fields=["start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    def transition_to(self, state: str) -> None:
        """Move to `state` in memory, refusing a transition the lifecycle does not allow.

        planned → held, planned → withdrawn, held → withdrawn; withdrawn is final.
        The caller (a service) saves.
        """
        state = self.State(state)
        if state not in self.TRANSITIONS[self.State(self.state)]:
            raise ActivityError(
                gettext("A %(current)s activity cannot become %(new)s.")
                % {"current": self.State(self.state).label, "new": state.label}
            )
        self.state = state

    @property
    def is_withdrawn(self) -> bool:
        return self.state == self.State.WITHDRAWN

    @property
    def place(self) -> str:
        if self.room_id and self.location:
            return f"{self.room.name}（{self.location}）"
        return self.room.name if self.room_id else self.location

    # Attendance figures: from with_attendance_counts() when annotated, else one query.
    def _counts(self):
        if not hasattr(self, "present_count"):
            counted = (
                Activity.objects.filter(pk=self.pk)
                .with_attendance_counts()
                .values("present_count", "on_leave_count", "absent_count", "guest_count")[0]
            )
            for key, value in counted.items():
                setattr(self, key, value)
        return self.present_count, self.on_leave_count, self.absent_count

    @property
    def expected_count(self) -> int:
        return sum(self._counts())

    @property
    def attendance_rate(self) -> float | None:
        """present / (present + on leave + absent) of non-guests; None without attendance."""
        present, on_leave, absent = self._counts()
        total = present + on_leave + absent
        return present / total if total else None

    @property
    def attendance_percent(self) -> int | None:
        rate = self.attendance_rate
        return None if rate is None else round(rate * 100)


class Attendance(models.Model):
    """Whether a member was at an activity: present, on leave (with a reason) or absent."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ON_LEAVE = "on_leave", _("on leave")
        ABSENT = "absent", _("absent")

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        LEAD = "lead", _("lead or speaker")
        GUEST = "guest", _("guest")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("activity")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("member")
    )
    status = models.CharField(
        _("attendance"), max_length=20, choices=Status.choices, default=Status.PRESENT
    )
    reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    is_guest = models.BooleanField(
        _("guest"),
        default=False,
        help_text=_("A member from outside the organisation holding the activity."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity", "member__name"]
        indexes = [models.Index(fields=["member", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="one_attendance_per_member"
            ),
            models.CheckConstraint(
                condition=~Q(status="on_leave") | ~Q(reason=""), name="leave_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"


class Attachment(models.Model):
    """A photo, PDF or Word file of an activity; served only through the activity's view."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("activity")
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("activities:attachment", args=[self.activity_id, self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# --- The study rota (activities/rota.py) ----------------------------------------------------


class RotaLead(models.Model):
    """A member on a series' rota of study leads; `position` orders the rotation."""

    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.CASCADE,
        related_name="rota_leads",
        verbose_name=_("series"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="rota_leads", verbose_name=_("member")
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("study lead on the rota")
        verbose_name_plural = _("study leads on the rota")
        ordering = ["series", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "member"], name="rota_lead_once_per_series"),
            models.UniqueConstraint(
                fields=["series", "position"], name="rota_lead_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.series} · {self.position}. {self.member}"


class RotaSlot(models.Model):
    """Which scheduled date of a series an activity is the session for.

    The rota plans one session per scheduled date (`day`: each week's weekday, or the
    month's n-th weekday). The activity may be held on another date (moved, or on an
    adjusted working day); its slot still says which week's session it is, so planning
    again never fills that week twice.
    """

    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.CASCADE,
        related_name="rota_slots",
        verbose_name=_("series"),
    )
    day = models.DateField(_("scheduled date"))
    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="rota_slot", verbose_name=_("activity")
    )

    class Meta:
        verbose_name = _("rota slot")
        verbose_name_plural = _("rota slots")
        ordering = ["series", "day"]
        constraints = [
            models.UniqueConstraint(fields=["series", "day"], name="rota_slot_once_per_day")
        ]

    def __str__(self):
        return f"{self.series} · {self.day}"
