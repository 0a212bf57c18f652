"""Employee numbers are unique whatever their case (MY018 and my018 are one person).

Before adding the constraints, the migration looks for numbers that differ only in case.
It does not merge them (which login or member is the right one is a person's decision):
it stops with a message listing every clash, to be resolved in the admin site first.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def clashes(model) -> list[str]:
    """'my018 / MY018' for every employee number that several rows share, ignoring case."""
    keys = (
        model.objects.annotate(key=Lower("employee_number"))
        .values("key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    found = []
    for key in sorted(keys):
        numbers = model.objects.filter(employee_number__iexact=key).values_list(
            "employee_number", flat=True
        )
        found.append(" / ".join(sorted(numbers)))
    return found


def refuse_clashes(apps, schema_editor):
    problems = []
    for label, model_name in (("logins", "User"), ("members", "Member")):
        found = clashes(apps.get_model("branches", model_name))
        if found:
            problems.append(f"{label}: " + "; ".join(found))
    if problems:
        raise RuntimeError(
            "Employee numbers must be unique regardless of case, but these differ only in case "
            "(nothing was changed; rename or merge them in the admin site, then migrate again): "
            + " | ".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("branches", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_clashes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("employee_number"),
                name="member_employee_number_ci_unique",
                violation_error_message="This employee number is already in use.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("employee_number"),
                name="user_employee_number_ci_unique",
                violation_error_message="This employee number is already in use.",
            ),
        ),
    ]
