"""Test data builders. Organisations and members go through the services, as in production."""

import datetime
import itertools

import factory

from branches import services
from branches.models import Member, Organisation, Post, User

_numbers = itertools.count(20001)
PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    employee_number = factory.Sequence(lambda n: f"u{n:05d}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


def make_organisation(
    parent=None, kind=Organisation.Kind.BRANCH, name="支部", **fields
) -> Organisation:
    return services.organisation_create(parent=parent, kind=kind, name=name, **fields)


def make_member(
    branch, *, group=None, name=None, login=True, since=datetime.date(2020, 1, 1), **fields
) -> Member:
    number = fields.pop("employee_number", None) or f"{next(_numbers)}"
    fields.setdefault("phone", f"138{int(number):08d}"[-11:])
    member = services.member_create(
        branch=branch,
        group=group,
        since=since,
        create_login=login,
        name=name or f"党员{number}",
        employee_number=number,
        **fields,
    )
    if login:
        member.user.set_password(PASSWORD)
        member.user.save(update_fields=["password"])
    return member


def give_post(
    member, organisation, kind=Post.Kind.SECRETARY, start=datetime.date(2024, 1, 1)
) -> Post:
    return services.post_assign(organisation=organisation, member=member, kind=kind, start=start)
