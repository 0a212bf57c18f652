"""The reminder job of the brands app: innovation-round deadlines.

Registered in BrandsConfig.ready() with the registry of notices/reminders.py, which both
sends (brands/tasks.py) and shows what will be sent (``manage.py reminders_plan``).

innovation_deadline (daily 09:00 by default)
    From three days before a round's submission deadline up to the day itself, the
    secretaries of the round's branches that have not submitted a project; from three
    days before its review deadline up to that day, every reviewer with a review still
    to score. Once per round and person (keys ``innovation-submit:<round>:<user>`` and
    ``innovation-review:<round>:<user>``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Organisation
from brands.models import CrossReview, InnovationProject, InnovationRound
from notices.reminders import PlannedReminder, ReminderKind, register, secretaries_of, users_by_pk

KIND = "innovation_deadline"
AHEAD = 3


def _window(deadline: datetime.date, day: datetime.date) -> bool:
    return 0 <= (deadline - day).days <= AHEAD


def plan_innovation_reminders(days: Sequence[datetime.date]) -> list[PlannedReminder]:
    days = sorted(set(days))
    if not days:
        return []
    first, last = days[0], days[-1] + datetime.timedelta(days=AHEAD)
    rounds = list(
        InnovationRound.objects.filter(
            Q(submission_deadline__range=(first, last)) | Q(review_deadline__range=(first, last)),
            state__in=[InnovationRound.State.OPEN, InnovationRound.State.REVIEW],
        )
    )
    if not rounds:
        return []
    by_pk = {r.pk: r for r in rounds}
    committees = {
        o.pk: o for o in Organisation.objects.filter(pk__in={r.committee_id for r in rounds})
    }
    submitted = defaultdict(set)
    for row in InnovationProject.objects.filter(round__in=rounds).values("round_id", "branch_id"):
        submitted[row["round_id"]].add(row["branch_id"])
    open_reviews = defaultdict(set)
    for row in CrossReview.objects.filter(
        project__round__in=rounds, submitted_at__isnull=True
    ).values("project__round_id", "reviewer_id"):
        open_reviews[row["project__round_id"]].add(row["reviewer_id"])
    branches = list(
        Organisation.objects.filter(kind=Organisation.Kind.BRANCH, is_active=True).values_list(
            "pk", "path"
        )
    )
    planned: list[tuple] = []
    for innovation_round in by_pk.values():
        committee = committees[innovation_round.committee_id]
        if innovation_round.state == InnovationRound.State.OPEN:
            day = next((d for d in days if _window(innovation_round.submission_deadline, d)), None)
            if day is not None:
                missing = [
                    pk
                    for pk, path in branches
                    if path.startswith(committee.path) and pk not in submitted[innovation_round.pk]
                ]
                planned.append(("submit", innovation_round, day, missing))
        else:
            day = next((d for d in days if _window(innovation_round.review_deadline, d)), None)
            if day is not None and open_reviews[innovation_round.pk]:
                planned.append(("review", innovation_round, day, open_reviews[innovation_round.pk]))
    secretaries = secretaries_of(
        {pk for what, _r, _d, ids in planned if what == "submit" for pk in ids}, days[0]
    )
    reminders = []
    with translation.override(settings.LANGUAGE_CODE):
        for what, innovation_round, day, ids in planned:
            if what == "submit":
                users = [u.pk for pk in ids for u in secretaries.get(pk, [])]
                title = _("Innovation projects are due by %(date)s: %(round)s") % {
                    "date": innovation_round.submission_deadline.isoformat(),
                    "round": innovation_round.title,
                }
                body = _("Your branch has not submitted its project yet.")
            else:
                users = list(ids)
                title = _("Cross reviews are due by %(date)s: %(round)s") % {
                    "date": innovation_round.review_deadline.isoformat(),
                    "round": innovation_round.title,
                }
                body = _("You have projects still to score.")
            if not users:
                continue
            reminders.append(
                PlannedReminder(
                    kind=KIND,
                    key=f"innovation-{what}:{innovation_round.pk}",
                    date=day,
                    subject=innovation_round.title,
                    title=title,
                    body=body,
                    link=innovation_round.get_absolute_url(),
                    audience_size=len(set(users)),
                    recipients=users_by_pk(users),
                    about={"round": {"id": innovation_round.pk, "title": innovation_round.title}},
                )
            )
    return reminders


def register_jobs() -> None:
    register(
        ReminderKind(
            code=KIND,
            label=gettext_lazy("innovation-round deadlines"),
            task="brands.send_innovation_reminders",
            plan=plan_innovation_reminders,
        )
    )
