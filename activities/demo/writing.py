"""Writing the demo activities: bulk inserts, with history for the demo court, COPY for copies.

The demo court's rows go through the models' bulk_create with history records (detail
pages show who recorded them). The copies of `seed_demo --scale N` — hundreds of
thousands of activities and millions of attendance rows — are streamed with PostgreSQL's
COPY (another database gets bulk_create), each row built from the model's fields so a
field added later takes its default.

None of this goes through activities.services, so no signal is sent (see the package's
docstring).
"""

import datetime
import io

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from activities.demo.content import SERIES
from activities.demo.courts import Court
from activities.demo.planning import ActivityPlan
from activities.models import Activity, ActivitySeries, ActivityType, Attendance
from branches.models import User

BATCH = 5000
RESULT_FIELDS = ("people_served", "disputes_resolved", "suggestions_collected", "service_hours")


def write_courts(
    courts: list[Court], plans_by_court: list[list[ActivityPlan]], *, history: bool
) -> None:
    """Insert the courts' series, activities and attendance (history records if `history`)."""
    types = {t.code: t for t in ActivityType.objects.all()}
    series = _write_series(courts, plans_by_court, types)
    plans = [plan for court_plans in plans_by_court for plan in court_plans]
    if history or connection.vendor != "postgresql":
        _write_models(plans, types, series, history=history)
    else:
        _copy_plans(plans, types, series)


def _write_series(courts, plans_by_court, types) -> dict[tuple[int, str], ActivitySeries]:
    rows, keys = [], []
    for court, plans in zip(courts, plans_by_court, strict=True):
        branches = {b.organisation.pk: b.organisation for b in court.branches}
        for branch_pk, name in sorted({(p.organisation.pk, p.series) for p in plans if p.series}):
            code, weekday, start, end = SERIES[name]
            rows.append(
                ActivitySeries(
                    branch=branches[branch_pk],
                    name=name,
                    activity_type=types[code],
                    weekday=weekday,
                    start_time=start,
                    end_time=end,
                )
            )
            keys.append((branch_pk, name))
    ActivitySeries.objects.bulk_create(rows, batch_size=BATCH)
    return dict(zip(keys, rows, strict=True))


def _recorded(plan: ActivityPlan, now: datetime.datetime) -> datetime.datetime:
    """When the secretary recorded it: two hours after it ended (never in the future)."""
    return min(plan.end + datetime.timedelta(hours=2), now)


def _activity_values(plan, types, series, now) -> dict:
    """The Activity's field values (attnames) of a plan."""
    series_row = series.get((plan.organisation.pk, plan.series))
    return {
        "organisation_id": plan.organisation.pk,
        "activity_type_id": types[plan.code].pk,
        "series_id": series_row.pk if series_row else None,
        "topic": plan.topic,
        "start": plan.start,
        "end": plan.end,
        "room_id": plan.room.pk if plan.room else None,
        "location": plan.location,
        "lead_id": plan.lead.pk if plan.lead else None,
        "minutes": plan.minutes,
        "partner_names": plan.partner_names,
        "state": Activity.State.HELD,
        "recorded_at": _recorded(plan, now),
        "created_by_id": plan.created_by_id,
        **{name: plan.results.get(name) for name in RESULT_FIELDS},
    }


def _attendance_values(plan: ActivityPlan):
    for member, status, reason in plan.attendance:
        role = Attendance.Role.LEAD if member == plan.lead else Attendance.Role.PARTICIPANT
        yield {
            "member_id": member.pk,
            "status": status,
            "reason": reason,
            "role": role,
            "is_guest": False,
        }


def _write_models(plans, types, series, *, history: bool) -> None:
    now = timezone.now()
    activities, rows = [], []
    for plan in plans:
        activity = Activity(**_activity_values(plan, types, series, now))
        by = User(pk=plan.created_by_id) if plan.created_by_id else None
        activity._history_user, activity._history_date = by, activity.recorded_at
        activities.append(activity)
        for values in _attendance_values(plan):
            row = Attendance(activity=activity, **values)
            row._history_user, row._history_date = by, activity.recorded_at
            rows.append(row)
    create = bulk_create_with_history if history else _bulk_create
    create(activities, Activity, batch_size=BATCH)
    for row in rows:
        row.activity_id = row.activity.pk
    create(rows, Attendance, batch_size=BATCH)


def _bulk_create(objs, model, *, batch_size):
    return model.objects.bulk_create(objs, batch_size=batch_size)


# --- COPY (PostgreSQL) ------------------------------------------------------------------
def _copy_plans(plans, types, series) -> None:
    now = timezone.now()
    ids = _next_ids(Activity, len(plans))
    activities, rows = [], []
    for pk, plan in zip(ids, plans, strict=True):
        activities.append({"id": pk, **_activity_values(plan, types, series, now)})
        rows += [{"activity_id": pk, **values} for values in _attendance_values(plan)]
    _copy(Activity, activities, now)
    _copy(Attendance, rows, now)


def _next_ids(model, count: int) -> list[int]:
    """Reserve `count` primary keys from the table's sequence."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model, rows: list[dict], now: datetime.datetime) -> None:
    """COPY rows ({attname: value}) into the model's table; missing fields take their default."""
    if not rows:
        return
    given = set(rows[0])
    fields, fixed = [], {}
    for f in model._meta.concrete_fields:
        if f.attname in given:
            fields.append(f)
        elif f.primary_key:
            continue  # the sequence numbers it
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fields.append(f)
            fixed[f.attname] = now
        else:
            fields.append(f)
            fixed[f.attname] = f.get_default()  # "" for text fields without a default
            if fixed[f.attname] is None and not f.null:
                raise ValueError(f"The demo gives no value for {model.__name__}.{f.name}.")
    buffer = io.StringIO()
    for row in rows:
        buffer.write(
            "\t".join(
                _text(row[f.attname] if f.attname in row else fixed[f.attname]) for f in fields
            )
        )
        buffer.write("\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, buffer)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(buffer.getvalue())


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
