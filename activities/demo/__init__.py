"""Demo activities: organisational life with attendance for every branch of the demo courts.

Layout: content.py (which branches do what; topics and minutes), courts.py (reads the
courts), planning.py (plans each branch's activities as plain data), writing.py (bulk
inserts).

`seed_demo_activities(today=...)` runs after branches.demo has built the courts. It covers
every day from 1 January of last year to yesterday, so last year is complete for the
compliance report and this year runs up to today:

* the statutory cadence (三会一课): a committee meeting every month, a general meeting
  every quarter, a party lecture every quarter, a group meeting every month in each party
  group, a theme party day every month, the annual review meeting (组织生活会) and the
  democratic evaluation of members early each year for the year before;
* the weekly Friday 14:30 theory study day of the series 理论日 in the branches of
  content.STUDY_DAY_DEPARTMENTS (leads rotate; Fridays that are days off are skipped), monthly
  micro lectures (series 一刻钟微党课) and youth talks (series 青年说) given by members,
  co-building with outside partners, volunteer service with counted results, warning
  education, case review sessions, and organ-wide events of the committee;
* the demo court's partner register (demo/partners.py), with its co-building and
  volunteer activities linked to their partners;
* the deliberate gaps of content.GAPS, all in last year so they are due whatever today is, so that
  the compliance report has something to show.

Attendance: about 90% present, some on leave with a reason (出差, 开庭, 病假, 休假 …), a few
absent; only members who had joined the branch (and the Party) by the day are listed.
Topics and minutes follow the practices described in the seeds (学习贯彻党的二十届四中全会
精神, "从政治上看、从法治上办" case reviews, 枫桥经验, 我为群众办实事 …).

Everything is drawn from random generators seeded by the court's position and the
branch's name, so the same courts and `today` give the same activities.

Speed: the rows are bulk-inserted (writing.py: the demo court with history records, so
detail pages show who recorded them; the copies of `seed_demo --scale N` with COPY and
no history). Bulk inserts do not go through `activities.services.activity_record`, so **the activity_recorded signal is not
sent**: the apps above must derive their demo rows from these activities themselves (the
points demo awards attendance points for them with its own service). The series are plain
ActivitySeries rows (name, type, weekday, time); the demo court's scheduled series then get
their rota through the rota's own services (`plan_demo_rota`: leads, and sessions planned
ROTA_WEEKS_AHEAD weeks from today), as the daily job `activities.plan_rotas` keeps them.
"""

import datetime

from django.db import transaction

from activities import rota
from activities.demo.courts import demo_courts, load_courts
from activities.demo.partners import seed_demo_partners
from activities.demo.planning import plan_court_activities
from activities.demo.writing import write_courts
from activities.models import Activity, ActivitySeries, Attendance, PartnerOrganisation
from branches.models import Organisation

COURTS_PER_CHUNK = 10  # courts planned and written together (bounds memory at --scale 100)


@transaction.atomic
def seed_demo_activities(*, today: datetime.date) -> dict[str, int]:
    """Add the demo activities to every court seed_demo built; return what the database now holds.

    The demo court (the first) is written with history records, its copies without.
    """
    roots = demo_courts()
    for start in range(0, len(roots), COURTS_PER_CHUNK):
        courts = load_courts(roots[start : start + COURTS_PER_CHUNK], first_number=start + 1)
        plans = [plan_court_activities(court, today=today) for court in courts]
        for history in (True, False):
            chosen = [
                (c, p) for c, p in zip(courts, plans, strict=True) if (c.number == 1) == history
            ]
            if chosen:
                write_courts([c for c, _p in chosen], [p for _c, p in chosen], history=history)
    if roots:
        plan_demo_rota(roots[0], today=today)
        seed_demo_partners(roots[0])
    return demo_counts()


def plan_demo_rota(court: Organisation, *, today: datetime.date) -> int:
    """The demo court's scheduled series get their room (where they were held), their
    leads (the branch's full members by employee number) and sessions planned
    ROTA_WEEKS_AHEAD weeks from `today`, as the daily job would, so study reminders and
    duty cards show after a fresh seed."""
    series = ActivitySeries.objects.filter(branch__path__startswith=court.path, is_active=True)
    for one in series.select_related("branch"):
        if not rota.has_schedule(one):
            continue
        if one.room_id is None:  # the room its sessions were held in
            held = one.activities.filter(room__isnull=False).order_by("-start").first()
            if held is not None:
                one = rota.series_update(series=one, room=held.room)
        if not one.rota_leads.exists():
            rota.rota_leads_set(
                series=one, members=[lead.member for lead in rota.default_leads(one)]
            )
    return rota.rota_plan_ahead(today=today, series=series)


def demo_counts() -> dict[str, int]:
    return {
        "activities": Activity.objects.count(),
        "attendance rows": Attendance.objects.count(),
        "activity series": ActivitySeries.objects.count(),
        "partner organisations": PartnerOrganisation.objects.count(),
    }
