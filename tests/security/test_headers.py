"""Content-Security-Policy on every response, no caching of personal pages, healthz for anonymous.

(The browser check that the portal's pages pass the policy is tests/e2e/test_csp_browser.py;
healthz's details are in tests/test_foundation_health.py.)
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("persona", ["anonymous", "member_a", "admin"])
def test_every_response_has_a_strict_script_policy(as_persona, court, persona):
    client = as_persona(persona)
    for url in ["/", reverse("login"), "/healthz", reverse("branches:my_profile")]:
        response = client.get(url)
        directives = policy(response)
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        script = directives["script-src"].split()
        assert script[0] == "'self'" and len(script) == 2 and script[1].startswith("'nonce-")
        assert "'unsafe-inline'" not in directives["style-src"]


def test_the_nonce_is_new_for_each_response_and_given_to_htmx(as_persona, court):
    client = as_persona("member_a")
    first, second = client.get("/"), client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"])[1]
    assert nonce not in second["Content-Security-Policy"]
    assert f'"inlineStyleNonce": "{nonce}"' in first.content.decode()


def test_no_template_has_an_inline_script_or_handler_without_the_nonce():
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
            if (
                "src=" not in tag
                and "csp_nonce" not in tag
                and 'type="application/json"' not in tag
            ):
                offenders.append((path.name, tag))
        offenders += [(path.name, m) for m in re.findall(r"\son[a-z]+=\"", html)]
        offenders += [(path.name, "javascript:") for _m in re.findall(r"javascript:", html)]
    assert offenders == []


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse("branches:member_list"),
        lambda c: reverse("branches:member_detail", args=[c.member_a.pk]),
        lambda c: reverse("branches:member_edit", args=[c.member_a.pk]),
        lambda c: reverse("branches:my_profile"),
        lambda c: reverse("branches:member_export"),
        lambda c: reverse("activities:export"),
        lambda c: reverse("points:committee_export"),
        lambda c: reverse("activities:compliance_export"),
    ],
    ids=[
        "list",
        "profile",
        "edit",
        "me",
        "members.xlsx",
        "activities.xlsx",
        "points",
        "compliance",
    ],
)
def test_pages_and_exports_with_personal_data_are_not_stored(as_persona, court, url):
    response = as_persona("admin").get(url(court), follow=True)
    assert response.status_code == 200
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
