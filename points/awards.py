"""Star awards: opening a selection, its shortlist, granting and revoking awards, closing it.

The shortlist of a selection is the pioneer-index ranking (points.selectors.pioneer_ranking)
of the period, among the current members of the committee's branches whom the title is
for (StarTitle.eligibility_q). A winner's points come from the title's honours rule
through points.services.points_award (an award point entry, summary in the same
transaction); revoking an award while the selection is open reverses that entry.
"""

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.models import Member, Organisation, User
from points import selectors, services
from points.models import (
    PERIOD_NUMBERS,
    PointsError,
    PointsSettings,
    StarAward,
    StarSelection,
    StarTitle,
)


# --- reading -----------------------------------------------------------------------------
def overseen_committees(user) -> QuerySet[Organisation]:
    """The organ committees whose selections the user may open."""
    scope = scope_for(user)
    committees = Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE, is_active=True)
    if scope.is_admin:
        return committees
    return committees.filter(Organisation.subtrees_q(scope.committee_paths))


def eligible_members(selection: StarSelection) -> QuerySet[Member]:
    """Current members of the committee's branches whom the selection's title is for."""
    return (
        Member.objects.current()
        .filter(selection.committee.subtree_q("branch__"))
        .filter(selection.title.eligibility_q())
    )


def shortlist(selection: StarSelection, *, branch=None, search: str = "") -> QuerySet:
    """The eligible members ranked by pioneer index in the selection's period (one query)."""
    members = selectors.filter_members(eligible_members(selection), branch=branch, search=search)
    return selectors.pioneer_ranking(
        members, period=selection.period, weights=PointsSettings.load().weights
    )


def selection_winners(selection: StarSelection) -> QuerySet[StarAward]:
    return selection.awards.select_related("member__branch", "awarded_by", "entry").order_by(
        "created", "pk"
    )


def selections_with_counts(selections: QuerySet[StarSelection]) -> QuerySet[StarSelection]:
    return (
        selections.select_related("title", "committee", "opened_by")
        .annotate(winner_count=Count("awards"))
        .order_by("-year", "-opened_at", "-pk")
    )


def member_awards(member: Member, *, year: int | None = None) -> QuerySet[StarAward]:
    """The member's star awards (of the selections of `year`), newest first."""
    awards = StarAward.objects.filter(member=member)
    if year is not None:
        awards = awards.filter(selection__year=year)
    return awards.select_related("selection__title", "entry").order_by("-date", "-pk")


# --- changing ------------------------------------------------------------------------------
def _check_manager(selection: StarSelection, by: User) -> None:
    if not by.has_perm("points.manage_star_selection", selection):
        raise PointsError(_("You may not run this selection."))


@transaction.atomic
def star_selection_open(
    *,
    committee: Organisation,
    title: StarTitle,
    period_kind: str,
    year: int,
    number: int,
    by: User,
) -> StarSelection:
    """Open a selection of a title for a period (a quarter, a half-year or the year)."""
    if committee.kind != Organisation.Kind.COMMITTEE or not scope_for(by).oversees(committee):
        raise PointsError(_("Only the organ committee's staff can open a selection."))
    if not title.is_active:
        raise PointsError(_("The title “%(title)s” is not in use.") % {"title": title.name})
    if period_kind not in PERIOD_NUMBERS or not 1 <= number <= PERIOD_NUMBERS[period_kind]:
        raise PointsError(_("Choose a valid period."), field="number")
    selection = StarSelection(
        committee=committee,
        title=title,
        period_kind=period_kind,
        year=year,
        number=number,
        opened_by=by,
    )
    if selection.first_day() > timezone.localdate():
        raise PointsError(_("The period has not started yet."), field="number")
    if StarSelection.objects.filter(
        committee=committee, title=title, year=year, period_kind=period_kind, number=number
    ).exists():
        raise PointsError(
            _("A selection of “%(title)s” for %(period)s already exists.")
            % {"title": title.name, "period": selection.period_label}
        )
    selection.save()
    return selection


def _locked_selection(selection: StarSelection) -> StarSelection:
    return (
        StarSelection.objects.select_for_update(of=("self",))
        .select_related("title__rule", "committee")
        .get(pk=selection.pk)
    )


@transaction.atomic
def star_award_grant(
    *, selection: StarSelection, member: Member, citation: str, by: User
) -> StarAward:
    """Award the selection's title to a member, with the citation and the title's points."""
    selection = _locked_selection(selection)
    _check_manager(selection, by)
    if not selection.is_open:
        raise PointsError(_("This selection is closed."))
    citation = (citation or "").strip()
    if not citation:
        raise PointsError(_("Write the citation."), field="citation")
    if not eligible_members(selection).filter(pk=member.pk).exists():
        raise PointsError(
            _("%(name)s cannot be chosen for “%(title)s”.")
            % {"name": member.name, "title": selection.title.name}
        )
    if selection.awards.filter(member=member).exists():
        raise PointsError(_("%(name)s is already a winner.") % {"name": member.name})
    today = timezone.localdate()
    entry = None
    rule = selection.title.rule
    if rule is not None and rule.is_active:
        entry = services.points_award(
            member=member,
            rule=rule,
            date=today,
            by=by,
            note=f"{selection.title.name}（{selection.period_label}）",
        )
    return StarAward.objects.create(
        selection=selection,
        member=member,
        citation=citation,
        awarded_by=by,
        date=today,
        entry=entry,
    )


@transaction.atomic
def star_award_revoke(*, award: StarAward, reason: str, by: User) -> None:
    """Take back an award of an open selection; its points entry is reversed, not deleted."""
    reason = (reason or "").strip()
    if not reason:
        raise PointsError(_("Give the reason for taking the award back."), field="reason")
    selection = _locked_selection(award.selection)
    _check_manager(selection, by)
    if not selection.is_open:
        raise PointsError(_("The selection is closed: its awards stand."))
    award = StarAward.objects.select_related("entry").get(pk=award.pk)
    if award.entry is not None:
        services.entry_reverse(entry=award.entry, by=by, note=reason)
    award.delete()


@transaction.atomic
def star_selection_close(*, selection: StarSelection, by: User) -> StarSelection:
    """Close the selection: its winners are final."""
    selection = _locked_selection(selection)
    _check_manager(selection, by)
    selection.transition_to(StarSelection.State.CLOSED)
    selection.closed_by = by
    selection.closed_at = timezone.now()
    selection.save(update_fields=["state", "closed_by", "closed_at"])
    return selection
