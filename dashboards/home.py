"""The home page: what each person should see first, gathered from the apps' selectors.

A member sees their branch, their next study duties, this year's points and attendance.
A branch leader also sees what waits for them: claims to decide and the current
quarter's gaps in the meeting cadence. Committee staff see the size of their tree and
the way to the dashboards. A member also sees their open ledger tasks (the partial
templates/ledgers/_my_tasks_panel.html). Every panel is a fixed number of queries.
"""

from django.utils import timezone

from activities.compliance import compliance_gaps
from activities.rota import upcoming_lead_duties
from activities.selectors import attendance_summary, member_attendance
from branches.access import scope_for
from branches.models import Member, Organisation, Post
from dashboards import sources
from points.selectors import member_year_total, pending_claims


def home_context(user) -> dict:
    scope = scope_for(user)
    today = timezone.localdate()
    context = {"today": today, "scope": scope}
    member = scope.member
    if member is not None:
        context.update(
            member=member,
            secretary=_secretary_of(member.branch, today),
            lead_duties=upcoming_lead_duties(member, today=today),
            points_total=member_year_total(member, today.year),
            attendance=attendance_summary(member_attendance(member, year=today.year)),
            ledger_tasks=sources.open_tasks(member, today=today),
        )
    if scope.is_leader:
        context["claims_waiting"] = pending_claims(user).count()
    branch = member.branch if member is not None else None
    if scope.is_branch_leader and branch is not None and scope.manages(branch):
        context["led_branch"] = branch
        context["gaps"] = compliance_gaps(branch, today)
    if scope.is_committee_staff:
        visible = Organisation.objects.visible_to(user)
        context["tree_counts"] = {
            "branches": visible.filter(kind=Organisation.Kind.BRANCH, is_active=True).count(),
            "members": Member.objects.visible_to(user).current().count(),
        }
    return context


def _secretary_of(branch, today):
    if branch is None:
        return None
    post = (
        Post.objects.current(today)
        .filter(organisation=branch, kind=Post.Kind.SECRETARY)
        .select_related("member")
        .first()
    )
    return post.member if post else None
