from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

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
    name = models.CharField(_("name"), max_length=64, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can sign in to the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "employee_number"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["employee_number"]

    def __str__(self):
        return self.name or self.employee_number

    def get_full_name(self):
        return self.name or self.employee_number

    def get_short_name(self):
        return self.get_full_name()
