"""Signals the activities app sends to the apps above it (points, ledgers, brands, dashboards).

Both are sent by activities/services.py only, *inside* the service's transaction, so a
receiver that writes its own rows (point entries, task progress, notifications in the
outbox) commits or rolls back together with the activity: nothing is recorded half.
A receiver must therefore

* call its own app's service and let errors propagate (they abort the whole record);
* be idempotent: the same activity is sent again every time it is edited, so derive
  your rows from the activity's current state (e.g. reverse and re-award points for the
  attendance as it now is) instead of counting the calls;
* not queue Celery tasks directly: use `transaction.on_commit` for that.

activity_recorded
    Sent by `activity_record()` every time it succeeds: when an activity becomes held
    (entered directly as held, or a planned one recorded) and when a held activity or
    its attendance is changed.
    Arguments: ``sender=Activity``, ``activity`` (the saved Activity, state held, its
    attendance rows written), ``created`` (True the first time the activity is recorded
    as held, False for a later change of a held activity).

activity_withdrawn
    Sent by `activity_withdraw()` when a planned or held activity is withdrawn.
    Arguments: ``sender=Activity``, ``activity`` (state withdrawn, ``withdrawn_reason``
    set), ``previous_state`` ("planned" or "held": only a held one may have given
    points or progress that must now be reversed).
"""

from django.dispatch import Signal

activity_recorded = Signal()
activity_withdrawn = Signal()
