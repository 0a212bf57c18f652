"""Activities, their attendance and attachments.

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

from activities.models.errors import ActivityError
from activities.models.series import ActivitySeries
from activities.models.types import ActivityType
from branches.models import ActivityRoom, Member, Organisation


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
    partner_organisations = models.ManyToManyField(
        "activities.PartnerOrganisation",
        related_name="activities",
        blank=True,
        verbose_name=_("partner organisations"),
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
