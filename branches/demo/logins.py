"""The personas to sign in as, and the administrator."""

from django.contrib.auth.hashers import make_password

from branches.models import Member, User

DEMO_PASSWORD = "demo-2026"

# (persona, employee number); seed_demo gives these, and only these, a usable password.
DEMO_PERSONAS = [
    ("Administrator", "admin"),
    ("Committee staff", "jg001"),
    ("Secretary of the 民一庭 branch", "my001"),
    ("Member of the 民一庭 branch", "my002"),
    ("Group leader in the 民一庭 branch", "my003"),
    ("Member of the 刑事审判庭 branch", "xs002"),
]


def demo_logins() -> list[tuple[str, str, str]]:
    users = {
        u.employee_number: u
        for u in User.objects.filter(employee_number__in=[n for _, n in DEMO_PERSONAS])
    }
    return [
        (persona, number, str(users[number]))
        for persona, number in DEMO_PERSONAS
        if number in users
    ]


def _seed_logins(members: dict[str, Member]):
    """The administrator, and a usable password for every persona (one hash for all)."""
    password = make_password(DEMO_PASSWORD)
    User.objects.create(
        employee_number="admin",
        name="系统管理员",
        is_staff=True,
        is_superuser=True,
        password=password,
    )
    for _persona, number in DEMO_PERSONAS:
        if number in members:
            user = members[number].user
            user.password = password
            user.save(update_fields=["password"])
