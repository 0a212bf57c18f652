"""Every named URL of the project is in a permission matrix.

Each persona test module that states the status of its URLs for every persona (admin,
committee, secretary of branch A, member of A, member of B, anonymous) exposes the URL
names it covers as `URL_NAMES`; this module adds the project's own pages. A new view
whose URL is in no matrix fails `test_every_named_url_is_in_a_permission_matrix`.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS

MATRIX_MODULES = [
    "tests.branches.test_permission_matrix",
    "tests.branches.test_import_jobs",
    "tests.branches.test_sign_in",
    "tests.activities.test_permission_matrix",
    "tests.activities.test_compliance_pages",
    "tests.activities.test_rota_views",
    "tests.notices.test_inbox",
    "tests.points.test_permission_matrix",
    "tests.points.test_evaluation_pages",
    "tests.points.test_awards_pages",
    "tests.points.test_archive",
    "tests.ledgers.test_permission_matrix",
    "tests.brands.test_permission_matrix",
    "tests.dashboards.test_permission_matrix",
    __name__,
]

# The project's own pages: (url name, method, status per persona in PERSONAS order).
MATRIX = [
    ("home", "get", [200, 200, 200, 200, 200, 302]),
    ("healthz", "get", [200, 200, 200, 200, 200, 200]),
    ("login", "get", [302, 302, 302, 302, 302, 200]),  # signed in: on to the home page
    ("logout", "post", [302, 302, 302, 302, 302, 302]),
    ("password_change", "get", [200, 200, 200, 200, 200, 302]),
    ("password_change_done", "get", [200, 200, 200, 200, 200, 302]),
    ("set_language", "post", [302, 302, 302, 302, 302, 302]),
    # The admin site guards every one of its URLs with AdminSite.has_permission (staff
    # only; the model admins' own rules are tested in tests/*/test_admin.py): its index
    # stands for the whole namespace.
    ("admin:index", "get", [200, 302, 302, 302, 302, 302]),
]
URL_NAMES = {name for name, _method, _expected in MATRIX}
NAMESPACES = {"admin"}


def named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def covered() -> set[str]:
    names = set()
    for module in MATRIX_MODULES:
        names |= importlib.import_module(module).URL_NAMES
    return names


def test_every_named_url_is_in_a_permission_matrix():
    uncovered = {
        name for name in named_urls() - covered() if name.partition(":")[0] not in NAMESPACES
    }
    assert not uncovered, f"URLs in no permission matrix: {sorted(uncovered)}"


def test_the_matrices_name_only_urls_that_exist():
    assert covered() <= named_urls()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "expected"), MATRIX)
def test_project_pages_for_every_persona(as_persona, name, method, expected):
    url = reverse(name)
    statuses = [getattr(as_persona(persona), method)(url).status_code for persona in PERSONAS]
    assert statuses == expected, url
