"""First sign-in of a member: a first password or a one-time sign-in link, issued by the
secretary of the member's branch (or an admin). The login page's "ask your branch
secretary" is then true for imported members, whose logins have no usable password.

* A **first password** is random, shown once to the secretary (who passes it on), and must
  be changed at the first sign-in (`User.must_change_password`; ForcePasswordChange
  middleware). Setting any password of one's own clears the flag (`User.set_password`).
* A **one-time sign-in link** opens a page where the member chooses their password
  (Django's password-reset token: it stops working once the password is set or the member
  signs in, and after PASSWORD_RESET_TIMEOUT, 3 days by default).

Rule `branches.issue_sign_in` (a Member): the secretary of the member's branch or an admin,
never for oneself.
"""

import secrets

import rules
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from branches.access import scope_for
from branches.models import Member, User

# Letters and digits that cannot be mistaken for one another when read aloud or copied.
ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12


@rules.predicate
def issues_sign_in(user, member):
    if member is None or member.branch_id is None:
        return False
    scope = scope_for(user)
    if scope.member is not None and scope.member.pk == member.pk:
        return False
    return scope.is_admin or scope.is_secretary_of(member.branch)


rules.add_perm("branches.issue_sign_in", issues_sign_in)


def _login_of(member: Member) -> User:
    user = member.user
    if user is None:
        user = User.objects.filter(employee_number=member.employee_number).first()
        if user is None:
            user = User(employee_number=member.employee_number, name=member.name)
            user.set_unusable_password()
            user.save()
        member.user = user
        member.save(update_fields=["user"])
    return user


@transaction.atomic
def issue_first_password(*, member: Member) -> str:
    """Give the member's login a random first password, to be changed at first sign-in."""
    user = _login_of(member)
    password = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    user.set_password(password)
    user.must_change_password = True
    user.is_active = True
    user.save(update_fields=["password", "must_change_password", "is_active"])
    return password


@transaction.atomic
def issue_sign_in_link(*, member: Member) -> str:
    """The path of a one-time link where the member sets their own password."""
    user = _login_of(member)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("first_sign_in", args=[uid, default_token_generator.make_token(user)])
