import uuid
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from branches.errors import PortalError
from branches.masking import mask_id_number, mask_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, employee_number):
        """Sign-in by employee number ignores case (numbers are unique case-insensitively)."""
        return self.get(employee_number__iexact=str(employee_number).strip())

    def create_user(self, employee_number, password=None, **extra):
        if not employee_number:
            raise ValueError("An employee number is required.")
        user = self.model(employee_number=employee_number.strip(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, employee_number, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(employee_number, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Thin on purpose: the person behind it is a Member (branches.Member)."""

    employee_number = models.CharField(
        _("employee number"),
        max_length=32,
        unique=True,
        help_text=_("The court's employee number; used to sign in."),
    )
    name = models.CharField(_("full name"), max_length=64, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can sign in to the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    must_change_password = models.BooleanField(
        _("must change the password"),
        default=False,
        help_text=_("A first password issued by the secretary: changed at the first sign-in."),
    )

    objects = UserManager()

    USERNAME_FIELD = "employee_number"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["employee_number"]
        constraints = [
            models.UniqueConstraint(
                Lower("employee_number"),
                name="user_employee_number_ci_unique",
                violation_error_message=_("This employee number is already in use."),
            )
        ]

    def __str__(self):
        return self.name or self.employee_number

    def set_password(self, raw_password):
        """Setting a password (the user's own choice) ends a first password's "must change"."""
        super().set_password(raw_password)
        self.must_change_password = False

    def get_full_name(self):
        return self.name or self.employee_number

    def get_short_name(self):
        return self.get_full_name()


class BranchesError(PortalError):
    """A refused change in the branches app; the message is for the user."""


class OrganisationQuerySet(MP_NodeQuerySet):
    def visible_to(self, user):
        from branches.access import scope_for

        return scope_for(user).organisations(self)

    def active(self):
        return self.filter(is_active=True)

    def branches(self):
        return self.filter(kind=Organisation.Kind.BRANCH)


class OrganisationManager(MP_NodeManager.from_queryset(OrganisationQuerySet)):
    def get_queryset(self):
        return OrganisationQuerySet(self.model, using=self._db).order_by("path")


class Organisation(MP_Node):
    """A node of the party tree: committee → (general branch) → branch → party group.

    The tree has no fixed depth (a city court's committee may hold the committees of
    its basic courts). A materialised path (django-treebeard) makes every subtree one
    indexed `path LIKE 'prefix%'` query.
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("organ committee")
        GENERAL_BRANCH = "general_branch", _("general branch")
        BRANCH = "branch", _("branch")
        GROUP = "group", _("party group")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    department = models.CharField(
        _("department"),
        max_length=60,
        blank=True,
        help_text=_("The court department it is built on."),
    )
    is_tribunal = models.BooleanField(_("people's tribunal"), default=False)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    term_start = models.DateField(_("committee term start"), null=True, blank=True)
    term_end = models.DateField(
        _("committee term end"),
        null=True,
        blank=True,
        help_text=_("Three years after the start by default."),
    )
    next_election_due = models.DateField(_("next election due"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationManager()
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_branch(self):
        return self.kind == self.Kind.BRANCH

    @property
    def is_group(self):
        return self.kind == self.Kind.GROUP

    def subtree_q(self, prefix: str = "") -> models.Q:
        """A Q object matching this node and its descendants through `prefix` + path."""
        return Organisation.subtrees_q([self.path], prefix)

    @staticmethod
    def subtrees_q(paths, prefix: str = "") -> models.Q:
        """A Q object matching the subtrees rooted at `paths` (none: matches nothing).

        `prefix` reaches the organisation through a relation: ``"branch__"`` for members,
        ``"organisation__"`` for activities. The one way the portal filters a subtree.
        """
        subtrees = [models.Q(**{f"{prefix}path__startswith": path}) for path in paths]
        return reduce(or_, subtrees) if subtrees else models.Q(pk__in=[])

    def get_absolute_url(self):
        return reverse("branches:organisation_detail", args=[self.pk])


class ActivityRoom(models.Model):
    """A branch's fixed meeting room (党员活动室)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    equipment = models.CharField(_("equipment"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity room")
        verbose_name_plural = _("activity rooms")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        from branches.access import scope_for

        return scope_for(user).members(self)

    def current(self):
        return self.filter(state=Member.State.ACTIVE)


class Member(models.Model):
    """A Party member (may have a login).

    `branch` and `group` are the member's current organisations, kept by the transfer
    service from the open Membership; Membership keeps the history.
    """

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class Status(models.TextChoices):
        FULL = "full", _("full member")
        PROBATIONARY = "probationary", _("probationary member")

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        RETIRED = "retired", _("retired")
        TRANSFERRED_OUT = "transferred_out", _("transferred out")

    class JobCategory(models.TextChoices):
        JUDGE = "judge", _("judge")
        ASSISTANT = "assistant", _("judge's assistant")
        CLERK = "clerk", _("clerk")
        POLICE = "police", _("judicial police")
        ADMINISTRATIVE = "administrative", _("administrative")
        OTHER = "other", _("other")

    class Education(models.TextChoices):
        DOCTORATE = "doctorate", _("doctorate")
        MASTER = "master", _("master's degree")
        BACHELOR = "bachelor", _("bachelor's degree")
        COLLEGE = "college", _("college")
        SECONDARY = "secondary", _("secondary school or below")

    class TalentTier(models.TextChoices):
        LIGHTHOUSE = "lighthouse", _("lighthouse")
        TORCH = "torch", _("torch")
        SPARK = "spark", _("spark")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("login"),
    )
    name = models.CharField(_("full name"), max_length=64, db_index=True)
    employee_number = models.CharField(_("employee number"), max_length=32, unique=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, default="汉族")
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    full_member_on = models.DateField(_("full member since"), null=True, blank=True)
    status = models.CharField(
        _("Party status"), max_length=20, choices=Status.choices, default=Status.FULL
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.ACTIVE, db_index=True
    )
    department = models.CharField(_("department"), max_length=60, blank=True, db_index=True)
    job_category = models.CharField(
        _("job category"),
        max_length=20,
        choices=JobCategory.choices,
        default=JobCategory.OTHER,
        db_index=True,
    )
    post_title = models.CharField(_("post title"), max_length=60, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    talent_tier = models.CharField(
        _("talent tier"), max_length=20, choices=TalentTier.choices, blank=True
    )
    branch = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="branch_members",
        verbose_name=_("branch"),
        null=True,
        blank=True,
    )
    group = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="group_members",
        verbose_name=_("party group"),
        null=True,
        blank=True,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name", "employee_number"]
        constraints = [
            models.UniqueConstraint(
                Lower("employee_number"),
                name="member_employee_number_ci_unique",
                violation_error_message=_("This employee number is already in use."),
            )
        ]
        indexes = [
            models.Index(fields=["branch", "state"]),
            models.Index(fields=["group", "state"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:member_detail", args=[self.pk])

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)


class MembershipQuerySet(models.QuerySet):
    def open(self):
        return self.filter(end__isnull=True)

    def at(self, day):
        return self.filter(models.Q(end__isnull=True) | models.Q(end__gte=day), start__lte=day)


class Membership(models.Model):
    """A member's belonging to a branch (and optionally one party group) over dates."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("member")
    )
    branch = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="branch_memberships",
        verbose_name=_("branch"),
    )
    group = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("party group"),
        null=True,
        blank=True,
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(end__isnull=True),
                name="one_open_membership_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.member} @ {self.branch}"


class PostQuerySet(models.QuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(models.Q(end__isnull=True) | models.Q(end__gte=day), start__lte=day)


class Post(models.Model):
    """A party post held in an organisation for a term; roles derive from current posts."""

    class Kind(models.TextChoices):
        SECRETARY = "secretary", _("secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
        ORGANISATION_MEMBER = "organisation_member", _("organisation committee member")
        PUBLICITY_MEMBER = "publicity_member", _("publicity committee member")
        DISCIPLINE_MEMBER = "discipline_member", _("discipline committee member")
        GROUP_LEADER = "group_leader", _("group leader")
        COMMITTEE_STAFF = "committee_staff", _("committee staff")

    # Posts that make their holder one of a branch's leaders (manage its members and records).
    MANAGING = frozenset(
        {
            Kind.SECRETARY,
            Kind.DEPUTY_SECRETARY,
            Kind.ORGANISATION_MEMBER,
            Kind.PUBLICITY_MEMBER,
            Kind.DISCIPLINE_MEMBER,
        }
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="posts", verbose_name=_("organisation")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="posts", verbose_name=_("member")
    )
    kind = models.CharField(_("post"), max_length=30, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party post")
        verbose_name_plural = _("party posts")
        ordering = ["organisation", "kind", "-start"]
        indexes = [
            models.Index(fields=["member", "end"]),
            models.Index(fields=["organisation", "kind", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="post_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.get_kind_display()} {self.member}"


class StudyGroup(models.Model):
    """A cross-branch learning group (e.g. 青年理论学习小组); not a party organisation."""

    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="study_groups",
        verbose_name=_("organised by"),
        help_text=_("Usually the organ committee."),
    )
    leader = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leader"),
    )
    members = models.ManyToManyField(
        Member, related_name="study_groups", blank=True, verbose_name=_("members")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("youth study group")
        verbose_name_plural = _("youth study groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ImportJob(models.Model):
    """One confirmed Excel import, run in the background (branches/import_jobs.py).

    The uploaded file stays until the job is done; the import itself is one transaction
    that also marks the job done, so it happens exactly once however often it runs.
    """

    class Kind(models.TextChoices):
        MEMBERS = "members", _("Members")
        ACTIVITIES = "activities", _("Activities")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.CharField(_("stored file"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("imported by"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created"]
        indexes = [models.Index(fields=["created_by", "-created"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name} · {self.get_state_display()}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
