"""The default standard targets of 8+X, from the meeting cadence of the 支部工作条例.

The seeds do not name the "8"; these are editable defaults (admin → standard targets),
installed after `migrate` when no target of the code exists (an admin's change is kept).
A default installed while its activity type was missing (a database flushed by a test, the
types loaded again afterwards) is bound to the type by its code on the next install, as
long as nobody has changed that target since it was installed.
The party lecture's period is the setting LEDGERS_PARTY_LECTURE_PERIOD (default
"quarterly"; the 条例 sets no frequency, local rules often say quarterly).
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

# code, title, period kind, activity type code (counted) or None, role, order
DEFAULTS = [
    ("general_meeting", "支部党员大会每季度1次", "quarterly", "general_meeting", "secretary", 1),
    ("committee_meeting", "支部委员会每月1次", "monthly", "committee_meeting", "secretary", 2),
    ("group_meeting", "党小组会每月1次", "monthly", "group_meeting", "group_leader", 3),
    ("party_lecture", "党课", None, "party_lecture", "secretary", 4),
    ("theme_party_day", "主题党日每月1次", "monthly", "theme_party_day", "committee", 5),
    ("annual_review", "组织生活会每年1次", "annual", "annual_review", "secretary", 6),
    (
        "democratic_evaluation",
        "民主评议党员每年1次",
        "annual",
        "democratic_evaluation",
        "committee",
        7,
    ),
    ("heart_to_heart", "谈心谈话每年至少1轮", "annual", None, "secretary", 8),
]

LECTURE_TITLES = {
    "monthly": "党课每月1次",
    "quarterly": "党课每季度1次",
    "half_year": "党课每半年1次",
    "annual": "党课每年1次",
}


def party_lecture_period() -> str:
    period = getattr(settings, "LEDGERS_PARTY_LECTURE_PERIOD", "quarterly")
    return period if period in LECTURE_TITLES else "quarterly"


def install_standard_targets(sender=None, using=DEFAULT_DB_ALIAS, **kwargs) -> int:
    """Create the default targets that do not exist yet and bind the untouched ones left
    without their activity type (post_migrate); returns how many it created or bound.
    Running it again changes nothing."""
    from django.db import connections

    from activities.models import ActivityType
    from ledgers.models import StandardTarget

    tables = connections[using].introspection.table_names()
    if "ledgers_standardtarget" not in tables or "activities_activitytype" not in tables:
        return 0
    types = {t.code: t for t in ActivityType.objects.using(using).all()}
    existing = {t.code: t for t in StandardTarget.objects.using(using).all()}
    changed = 0
    for code, title, period, type_code, role, order in DEFAULTS:
        target = existing.get(code)
        if target is not None:
            if _rebind(target, types.get(type_code) if type_code else None, using=using):
                changed += 1
            continue
        if code == "party_lecture":
            period = party_lecture_period()
            title = LECTURE_TITLES[period]
        StandardTarget.objects.using(using).create(
            code=code,
            title=title,
            category="party_building",
            period_kind=period,
            activity_type=types.get(type_code) if type_code else None,
            target_count=1,
            role=role,
            sort_order=order,
        )
        changed += 1
    return changed


def _rebind(target, activity_type, *, using) -> bool:
    """Bind a default to its activity type when it has none only because the type was
    missing at install: its history holds nothing but its creation, so no one chose "no
    type" (an admin's change, even clearing the type, leaves a change record and is kept)."""
    if target.activity_type_id is not None or activity_type is None:
        return False
    if target.history.using(using).exclude(history_type="+").exists():
        return False
    target.activity_type = activity_type
    target.save(using=using, update_fields=["activity_type"])
    return True
