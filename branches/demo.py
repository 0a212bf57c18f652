"""Demo data: the personas everyone can sign in as after `make run`."""

from branches.models import User

DEMO_PASSWORD = "demo-2026"

# (persona, employee number); seed_demo creates them, README lists them.
DEMO_PERSONAS = [
    ("Administrator", "admin"),
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


def seed_admin() -> User:
    user, created = User.objects.get_or_create(
        employee_number="admin",
        defaults={"name": "系统管理员", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
