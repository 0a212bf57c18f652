import datetime
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notices.kinds import kind_choices


class HolidayKey(models.TextChoices):
    """Stable codes of the public holidays, the same every year.

    `Holiday.key` is not limited to these (an admin may add a one-off holiday), but the
    loader uses them, and other apps (the integrity notice's per-holiday texts) key on them.
    """

    NEW_YEARS_DAY = "new_years_day", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    QINGMING = "qingming", _("Qingming Festival")
    LABOUR_DAY = "labour_day", _("Labour Day")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")


class Holiday(models.Model):
    """One public holiday break of one year: its days off and its adjusted working days.

    `year` is the year of the State Council's arrangement, which is the year of the last day
    off: a New Year break from 2023-12-30 to 2024-01-01 belongs to 2024.
    """

    class Source(models.TextChoices):
        OFFICIAL = "official", _("official")
        ESTIMATED = "estimated", _("estimated")
        MANUAL = "manual", _("manual")

    name = models.CharField(_("holiday name"), max_length=64)
    key = models.SlugField(
        _("key"),
        max_length=32,
        help_text=_("Stable code of the holiday, the same every year, e.g. spring_festival."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        help_text=_(
            "Year of the arrangement. A New Year break that starts in late December "
            "belongs to the next year."
        ),
    )
    first_day = models.DateField(_("first day off"))
    last_day = models.DateField(_("last day off"))
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=Source.choices,
        default=Source.MANUAL,
        help_text=_(
            "Official: the State Council's arrangement, from the chinesecalendar package. "
            "Estimated: computed from the festival dates until the arrangement is published. "
            "Manual: entered or corrected here; load_holidays never overwrites it."
        ),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_(
            "Where the arrangement comes from (e.g. the State Council notice), or what was corrected."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["year", "first_day"]
        constraints = [
            # (year, key) rather than (key, year): the index also serves lookups by year.
            models.UniqueConstraint(fields=["year", "key"], name="notices_holiday_year_key_unique"),
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="notices_holiday_last_day_after_first_day",
            ),
        ]
        indexes = [models.Index(fields=["first_day", "last_day"], name="notices_holiday_days_idx")]

    def __str__(self):
        return f"{self.name} {self.year}"

    @property
    def is_confirmed(self) -> bool:
        """Official arrangements and admin-entered ones are confirmed; estimates are not."""
        return self.source != self.Source.ESTIMATED

    @property
    def duration(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def days_off(self) -> list[datetime.date]:
        return [self.first_day + datetime.timedelta(days=i) for i in range(self.duration)]

    def clean(self):
        if self.first_day and self.last_day:
            if self.last_day < self.first_day:
                raise ValidationError(
                    {"last_day": _("The last day off cannot be before the first.")}
                )
            if self.year and self.year not in {self.first_day.year, self.last_day.year}:
                raise ValidationError(
                    {"year": _("The year must be the year of the first or the last day off.")}
                )
            overlapping = (
                Holiday.objects.exclude(pk=self.pk)
                .filter(first_day__lte=self.last_day, last_day__gte=self.first_day)
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    _("These days off overlap %(holiday)s (%(first)s – %(last)s).")
                    % {
                        "holiday": overlapping,
                        "first": overlapping.first_day,
                        "last": overlapping.last_day,
                    }
                )


class AdjustedWorkingDay(models.Model):
    """A Saturday or Sunday that is a working day (调休/补班), as part of a holiday's arrangement."""

    holiday = models.ForeignKey(
        Holiday,
        on_delete=models.CASCADE,
        related_name="adjusted_working_days",
        verbose_name=_("public holiday"),
    )
    date = models.DateField(_("date"), unique=True)

    class Meta:
        verbose_name = _("adjusted working day")
        verbose_name_plural = _("adjusted working days")
        ordering = ["date"]

    def __str__(self):
        return self.date.isoformat()

    def clean(self):
        if self.date is None:
            return
        if self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("An adjusted working day must be a Saturday or a Sunday.")}
            )
        holiday = getattr(self, "holiday", None)
        if (
            holiday is not None
            and holiday.first_day
            and holiday.last_day
            and holiday.first_day <= self.date <= holiday.last_day
        ):
            raise ValidationError(
                {"date": _("An adjusted working day cannot be one of the days off.")}
            )


# --- Notifications: the outbox, its deliveries and each user's channel choices -------------


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's inbox: only the recipient sees a notification, whatever their role."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one person, written in the same transaction as the event (an outbox).

    The row is the in-app message; its `Delivery` rows record sending it by email and SMS.
    `dedupe_key` names the event and the person (e.g. ``integrity:2027-spring_festival:<member>``)
    so that a job run twice, or a task delivered twice, writes nothing twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_("A path inside the portal, e.g. /notices/."),
    )
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [
            # The unread count in the navigation bar.
            models.Index(fields=["recipient", "read_at"], name="notices_notif_unread_idx"),
            # The inbox, newest first.
            models.Index(fields=["recipient", "-created"], name="notices_notif_inbox_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """Sending one notification over one channel, with the outcome of the last attempt.

    pending → sending (claimed by one worker) → sent, or failed after the last attempt;
    skipped when the channel could not be used at sending time (no address any more).
    """

    class Channel(models.TextChoices):
        INAPP = "inapp", _("in-app")
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    due_at = models.DateTimeField(
        _("next attempt at"),
        default=timezone.now,
        help_text=_("When the next attempt may be made."),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    requeued_at = models.DateTimeField(_("re-queued at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["notification", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="notices_delivery_one_per_channel"
            ),
        ]
        indexes = [
            # The sweep: pending deliveries by due time, stale 'sending' ones.
            models.Index(fields=["status", "due_at"], name="notices_delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.notification} · {self.get_channel_display()} · {self.get_status_display()}"


class NotificationPreference(models.Model):
    """A user's choice of channels for one kind of notification.

    No row means the defaults: e-mail on, SMS off. The inbox always gets the notification.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices)
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=False)

    DEFAULT_EMAIL = True
    DEFAULT_SMS = False

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notices_preference_one_per_kind")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"


# --- Reminder jobs (notices/reminders.py) ---------------------------------------------------


class ReminderSettings(models.Model):
    """How far ahead the reminder jobs look: one row (pk 1), created by a migration.

    The times of day (and which jobs run at all) are the jobs' entries under "Periodic
    tasks"; `python manage.py reminders_plan` shows what they will send.
    """

    integrity_days_before = models.PositiveSmallIntegerField(
        _("integrity notice: working days before the holiday"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "The notice goes out this many working days before the first day off; adjusted "
            "working weekend days count as working days."
        ),
    )
    theme_day_days_before = models.PositiveSmallIntegerField(
        _("theme party day: working days before"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Members are reminded this many working days before a planned theme party day."
        ),
    )
    claim_waiting_days = models.PositiveSmallIntegerField(
        _("point claims: working days before the secretary is reminded"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "A claim still pending after this many whole working days is brought to the "
            "secretary's attention (once per claim)."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="notices_reminder_settings_one_row"
            )
        ]

    def __str__(self):
        return gettext("Reminder settings")

    @classmethod
    def load(cls) -> "ReminderSettings":
        """The one settings row (created with the defaults if a test database lost it)."""
        instance, created = cls.objects.get_or_create(pk=1)
        if created:
            instance.refresh_from_db()
        return instance


# The placeholders an integrity notice's title and text may use.
INTEGRITY_PLACEHOLDERS = ("holiday", "year", "first_day", "last_day", "days")


class IntegrityNoticeTemplate(models.Model):
    """The committee's text of the pre-holiday integrity notice (节前廉政提醒), per holiday.

    Defaults for the seven public holidays are installed by a data migration; a holiday
    without a row (a one-off holiday an admin added) gets `notices.integrity.FALLBACK`.
    """

    holiday = models.CharField(
        _("public holiday"), max_length=32, choices=HolidayKey.choices, unique=True
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {holiday} (the holiday's name, e.g. 春节), {year}, {first_day} and "
            "{last_day} (the days off), {days} (how many days off). Write {{ and }} for a "
            "literal brace."
        ),
    )
    is_active = models.BooleanField(
        _("send"),
        default=True,
        help_text=_("Untick to send no integrity notice before this holiday."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("integrity notice text")
        verbose_name_plural = _("integrity notice texts")
        ordering = ["pk"]

    def __str__(self):
        return self.get_holiday_display()

    def clean(self):
        errors = {}
        for field in ("title", "body"):
            problem = placeholder_problem(getattr(self, field) or "")
            if problem:
                errors[field] = problem
        if errors:
            raise ValidationError(errors)


def placeholder_problem(text: str) -> str | None:
    """Why `text` cannot be filled in (an unknown placeholder, a stray brace), or None."""
    try:
        fields = [name for _literal, name, _spec, _conv in string.Formatter().parse(text)]
    except ValueError:
        return gettext("A single { or } must be written {{ or }}.")
    unknown = sorted({name for name in fields if name is not None} - set(INTEGRITY_PLACEHOLDERS))
    if unknown:
        return gettext("Unknown placeholder: %(names)s. Use %(known)s.") % {
            "names": ", ".join(f"{{{name}}}" for name in unknown),
            "known": ", ".join(f"{{{name}}}" for name in INTEGRITY_PLACEHOLDERS),
        }
    return None
