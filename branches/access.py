"""Who may see and change what: the one place that decides.

Roles are not stored: they follow from a user's current party posts (branches.Post).

* admin: a superuser; sees everything.
* committee staff: any current post in an organ committee; oversees that committee's
  whole subtree (a city court's committee oversees its basic courts' trees too).
* branch leaders: secretary, deputy secretary and the committee members (organisation,
  publicity, discipline) of a branch or general branch; manage that subtree.
* group leader: leads one party group; sees its members.
* member: sees themselves (and the summary page of their own branch).

`scope_for(user)` computes this once per request (two queries, cached on the user
object); every `visible_to(user)` queryset and every rule in branches/rules.py asks it.
Views fetch objects through these querysets, so an object outside the scope is a 404.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    member: object = None
    committee_paths: tuple[str, ...] = ()
    managed_paths: tuple[str, ...] = ()
    secretary_paths: tuple[str, ...] = ()
    led_group_ids: frozenset[int] = field(default_factory=frozenset)

    # --- roles ---------------------------------------------------------------------
    @property
    def is_committee_staff(self) -> bool:
        return self.is_admin or bool(self.committee_paths)

    @property
    def is_branch_leader(self) -> bool:
        return bool(self.managed_paths)

    @property
    def is_secretary(self) -> bool:
        """Secretary or deputy secretary of some branch."""
        return bool(self.secretary_paths)

    @property
    def is_group_leader(self) -> bool:
        return bool(self.led_group_ids)

    @property
    def is_leader(self) -> bool:
        """Committee staff or a branch leader: manages the records of some subtree."""
        return self.is_committee_staff or self.is_branch_leader

    @property
    def leads_anyone(self) -> bool:
        """A leader or a party group's leader: has members to look after."""
        return self.is_leader or self.is_group_leader

    @property
    def sees_directory(self) -> bool:
        return self.leads_anyone

    @property
    def managing_paths(self) -> tuple[str, ...]:
        """The roots of the subtrees the user manages (as committee staff or branch leader)."""
        return self.committee_paths + self.managed_paths

    # --- tests on one organisation ---------------------------------------------------
    @staticmethod
    def _under(path: str, prefixes: tuple[str, ...]) -> bool:
        return any(path.startswith(prefix) for prefix in prefixes)

    def oversees(self, organisation) -> bool:
        """Committee-level authority over the organisation."""
        return self.is_admin or self._under(organisation.path, self.committee_paths)

    def manages(self, organisation) -> bool:
        """May manage the organisation's members and records."""
        return self.oversees(organisation) or self._under(organisation.path, self.managed_paths)

    def is_secretary_of(self, organisation) -> bool:
        return self._under(organisation.path, self.secretary_paths)

    def sees_members_of(self, organisation) -> bool:
        return self.manages(organisation) or organisation.pk in self.led_group_ids

    def sees_member(self, member) -> bool:
        if self.member is not None and member.pk == self.member.pk:
            return True
        if member.branch_id is None:
            return self.is_admin
        return self.manages(member.branch) or (member.group_id in self.led_group_ids)

    # --- scoped querysets ------------------------------------------------------------
    def _path_q(self, prefix: str, paths: tuple[str, ...]) -> Q:
        return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths), Q(pk__in=[]))

    def organisations(self, queryset):
        if self.is_admin:
            return queryset
        q = self._path_q("", self.committee_paths + self.managed_paths) | Q(
            pk__in=self.led_group_ids
        )
        if self.member is not None:
            q |= Q(pk__in=[pk for pk in (self.member.branch_id, self.member.group_id) if pk])
        return queryset.filter(q)

    def members(self, queryset):
        if self.is_admin:
            return queryset
        return queryset.filter(pk__in=self.member_ids())

    # --- indexed subqueries -------------------------------------------------------------
    # A scope ORs several conditions (subtrees, groups, oneself). ORed across a join or
    # with an IN (subquery), PostgreSQL can use no index and scans the whole table, so a
    # page's cost would grow with the province. Instead each condition is its own indexed
    # SELECT and they are joined by UNION: `pk IN (SELECT ... UNION SELECT ...)` is a
    # semi-join driven by the few rows in scope (tests/test_perf_explain.py checks the plan).
    def subtree_organisation_ids(self, paths: tuple[str, ...] | None = None):
        """Subquery: ids of the organisations under `paths` (default: overseen and managed)."""
        from branches.models import Organisation

        paths = self.committee_paths + self.managed_paths if paths is None else paths
        return Organisation.objects.filter(self._path_q("", paths)).order_by().values("pk")

    def member_ids(self, *, with_groups: bool = True):
        """Subquery: ids of the members in scope (with_groups=False: led groups left out)."""
        from branches.models import Member

        parts = []
        if self.committee_paths or self.managed_paths:
            parts.append(Member.objects.filter(branch_id__in=self.subtree_organisation_ids()))
        if with_groups and self.led_group_ids:
            parts.append(Member.objects.filter(group_id__in=sorted(self.led_group_ids)))
        if self.member is not None:
            parts.append(Member.objects.filter(pk=self.member.pk))
        return union_of([part.order_by().values("pk") for part in parts])


def union_of(parts: list):
    """One subquery for `pk__in`: the UNION of `parts` (value querysets); [] when none."""
    if not parts:
        return []
    if len(parts) == 1:
        return parts[0]
    return parts[0].union(*parts[1:])


ANONYMOUS = Scope()


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._portal_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    from branches.models import Member, Organisation, Post

    member = Member.objects.filter(user=user).first()
    if user.is_superuser:
        return Scope(is_admin=True, member=member)
    if member is None or member.state != Member.State.ACTIVE:
        return Scope(member=member)
    committee, managed, secretary, groups = [], [], [], set()
    for post in Post.objects.current().filter(member=member).select_related("organisation"):
        organisation = post.organisation
        if not organisation.is_active:
            continue
        if organisation.kind == Organisation.Kind.COMMITTEE:
            committee.append(organisation.path)
        elif post.kind == Post.Kind.GROUP_LEADER:
            groups.add(organisation.pk)
        elif post.kind in Post.MANAGING:
            managed.append(organisation.path)
            if post.kind in (Post.Kind.SECRETARY, Post.Kind.DEPUTY_SECRETARY):
                secretary.append(organisation.path)
    return Scope(
        member=member,
        committee_paths=tuple(committee),
        managed_paths=tuple(managed),
        secretary_paths=tuple(secretary),
        led_group_ids=frozenset(groups),
    )
