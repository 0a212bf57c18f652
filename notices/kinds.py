"""Notification kinds: a registry that each app fills in its ``AppConfig.ready()``.

A kind names what a notification is about (the Friday study day, a task falling due) and
gives it a label for the inbox and the preferences page, where each person chooses per
kind whether it also comes by e-mail or SMS. The app that sends a kind owns it, so this
lower app never names the apps above it::

    # ledgers/apps.py
    def ready(self):
        from notices.kinds import register_kind

        register_kind("task_due", _("task falling due"))

`notices.outbox.notify` / `notify_many` refuse a kind that is not registered, and the
`Notification.kind` column takes its choices from here (a callable, so a new kind needs
no migration). Registering the same code twice with the same label is harmless (tests and
autoreload import apps again); a different label for a taken code is a programming error.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str

    def __str__(self) -> str:
        return str(self.label)


_registry: dict[str, NotificationKind] = {}


def register_kind(code: str, label) -> NotificationKind:
    """Register (or find again) the kind `code`; returns it."""
    if not code or len(code) > 32 or not code.replace("_", "").isalnum():
        raise ValueError(f"A notification kind code is a short slug, got {code!r}.")
    existing = _registry.get(code)
    if existing is not None:
        if str(existing.label) != str(label):
            raise ValueError(f"Notification kind {code!r} is registered already as {existing}.")
        return existing
    kind = NotificationKind(code=code, label=label)
    _registry[code] = kind
    return kind


def kinds() -> list[NotificationKind]:
    """Every registered kind, in the order of registration (apps in INSTALLED_APPS order)."""
    return list(_registry.values())


def codes() -> list[str]:
    return list(_registry)


def is_registered(code: str) -> bool:
    return code in _registry


def label_of(code: str) -> str:
    kind = _registry.get(code)
    return str(kind.label) if kind is not None else code


def kind_choices() -> list[tuple[str, str]]:
    """Choices for `Notification.kind` and the preferences (a callable: no migration)."""
    return [(kind.code, kind.label) for kind in _registry.values()]


# notices' own kinds: the pre-holiday integrity notice and a general notice from staff.
INTEGRITY = register_kind("integrity", _("integrity notice")).code
GENERAL = register_kind("general", _("general notice")).code
