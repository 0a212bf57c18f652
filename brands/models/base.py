"""What the models of the brands app share: the domain error, where uploads are
stored, and which organisations' objects a user may read."""

import uuid
from pathlib import PurePath

from django.db.models import Q
from django.utils import timezone

from branches.errors import PortalError


class BrandError(PortalError):
    """A refused change in the brands app."""


def _stored_name(folder: str, filename: str) -> str:
    """brands/<folder>/<year>/<random>.<ext>: the stored name reveals nothing."""
    now = timezone.localtime()
    suffix = PurePath(filename).suffix.lower()
    return f"brands/{folder}/{now:%Y}/{uuid.uuid4().hex}{suffix}"


def logo_path(instance, filename):
    return _stored_name("logos", filename)


def honour_path(instance, filename):
    return _stored_name("honours", filename)


def project_path(instance, filename):
    return _stored_name("projects", filename)


def court_q(user, prefix: str = "") -> Q:
    """Objects of the organisations the user may read: their scope plus their own court."""
    from branches.access import scope_for
    from brands.access import court_paths

    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    paths = scope.committee_paths + scope.managed_paths + court_paths(user)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q
