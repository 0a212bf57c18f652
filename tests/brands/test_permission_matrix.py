"""Every URL of the brands app for every persona, with the exact status expected.

anonymous → login redirect (302); outsiders → 404; may see but not change → 403.
Members read the brands, honours and rounds of their own court; branch leaders change
their own brand and project; committee staff decide stages and run rounds. Nobody opens
the review of their own branch's project, even by typing its URL.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

READ = [200, 200, 200, 200, 200, 302]

# url name, args from (court, world), method, expected per persona (PERSONAS order:
# admin, committee, secretary_a, member_a, member_b, anonymous).
MATRIX = [
    ("brands:list", lambda c, w: [], "get", READ),
    ("brands:cluster", lambda c, w: [], "get", READ),
    ("brands:create", lambda c, w: [c.branch_a.pk], "get", [200, 200, 200, 403, 403, 302]),
    ("brands:create", lambda c, w: [c.branch_b.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:create", lambda c, w: [c.committee.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:detail", lambda c, w: [w.brand_a.pk], "get", READ),
    ("brands:detail", lambda c, w: [w.brand_b.pk], "get", READ),
    ("brands:detail", lambda c, w: [w.court_brand.pk], "get", READ),
    ("brands:print", lambda c, w: [w.brand_a.pk], "get", READ),
    ("brands:logo", lambda c, w: [w.brand_a.pk], "get", READ),
    ("brands:results", lambda c, w: [w.brand_a.pk], "get", READ),
    ("brands:edit", lambda c, w: [w.brand_a.pk], "get", [200, 200, 200, 403, 403, 302]),
    ("brands:edit", lambda c, w: [w.brand_b.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:edit", lambda c, w: [w.court_brand.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:apply", lambda c, w: [w.brand_a.pk], "get", [200, 200, 200, 403, 403, 302]),
    ("brands:apply", lambda c, w: [w.brand_b.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:return", lambda c, w: [w.brand_b.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:certify", lambda c, w: [w.brand_b.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:certify", lambda c, w: [w.brand_a.pk], "get", [200, 200, 403, 403, 403, 302]),
    ("brands:advance", lambda c, w: [w.court_brand.pk], "post", [302, 302, 403, 403, 403, 302]),
    ("brands:results", lambda c, w: [w.brand_a.pk], "post", [200, 200, 200, 403, 403, 302]),
    ("brands:honour_file", lambda c, w: [w.honour.pk], "get", READ),
    ("brands:honour_withdraw", lambda c, w: [w.honour.pk], "post", [302, 302, 302, 403, 403, 302]),
    ("brands:round_list", lambda c, w: [], "get", READ),
    ("brands:round_new", lambda c, w: [], "get", [200, 200, 404, 404, 404, 302]),
    ("brands:round_detail", lambda c, w: [w.round.pk], "get", READ),
    ("brands:round_detail", lambda c, w: [w.open_round.pk], "get", READ),
    ("brands:round_advance", lambda c, w: [w.round.pk], "post", [302, 302, 403, 403, 403, 302]),
    (
        "brands:project_submit",
        lambda c, w: [w.open_round.pk],
        "get",
        [403, 200, 200, 403, 403, 302],
    ),
    ("brands:project_detail", lambda c, w: [w.project_a.pk], "get", [200, 200, 200, 403, 403, 302]),
    ("brands:project_detail", lambda c, w: [w.project_b.pk], "get", [200, 200, 200, 403, 403, 302]),
    (
        "brands:project_attachment",
        lambda c, w: [w.project_b.attachments.first().pk],
        "get",
        [200, 200, 200, 403, 403, 302],
    ),
    ("brands:review", lambda c, w: [w.review_mine.pk], "get", [403, 403, 200, 403, 403, 302]),
    # The review of branch A's own project: its secretary may not open it.
    ("brands:review", lambda c, w: [w.review_of_a.pk], "get", [403, 403, 403, 403, 403, 302]),
    (
        "brands:review_reassign",
        lambda c, w: [w.review_of_a.pk],
        "get",
        [200, 200, 403, 403, 403, 302],
    ),
]


# For tests/test_url_coverage.py (honour_new is tested with its query string in test_pages).
URL_NAMES = {name for name, *_rest in MATRIX} | {"brands:honour_new"}

CASES = [
    pytest.param(name, args, method, expected, id=f"{name}-{method}-{n}")
    for n, (name, args, method, expected) in enumerate(MATRIX)
]


@pytest.mark.parametrize(("name", "args", "method", "expected"), CASES)
def test_brands_urls_for_every_persona(as_persona, court, world, name, args, method, expected):
    """One world per URL (it is costly to build); the personas in turn, POSTs included."""
    url = reverse(name, args=args(court, world))
    found = []
    for persona in PERSONAS:
        client = as_persona(persona)
        response = (
            client.post(url, {"what": "topic", "action": "close"})
            if method == "post"
            else client.get(url)
        )
        found.append(response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)  # reading to the end closes the served file
    assert found == expected


def test_every_brands_url_is_in_the_matrix():
    from brands.urls import urlpatterns

    covered = {name.split(":")[1] for name, *_rest in MATRIX} | {"honour_new"}
    assert {p.name for p in urlpatterns} <= covered


@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        ("brand", [200, 200, 200, 403, 403, 302]),
        ("organisation", [200, 200, 200, 403, 403, 302]),
        ("member", [200, 200, 200, 403, 403, 302]),
        ("court", [200, 200, 403, 403, 403, 302]),
    ],
)
def test_honour_new_for_every_persona(as_persona, court, world, holder, expected):
    query = {
        "brand": f"brand={world.brand_a.pk}",
        "organisation": f"organisation={court.branch_a.pk}",
        "member": f"member={court.member_a.pk}",
        "court": f"brand={world.court_brand.pk}",
    }[holder]
    url = reverse("brands:honour_new") + "?" + query
    assert [as_persona(p).get(url).status_code for p in PERSONAS] == expected


def test_an_outsider_court_gets_404(client, court, world):
    from branches.models import Organisation
    from tests.factories import give_post, make_member, make_organisation

    other = make_organisation(None, Organisation.Kind.COMMITTEE, "另一法院机关党委")
    branch = make_organisation(other, Organisation.Kind.BRANCH, "另一支部")
    outsider = make_member(branch, name="外院书记")
    give_post(outsider, branch)
    client.force_login(outsider.user)
    for url in [
        reverse("brands:detail", args=[world.brand_a.pk]),
        reverse("brands:edit", args=[world.brand_a.pk]),
        reverse("brands:round_detail", args=[world.round.pk]),
        reverse("brands:project_detail", args=[world.project_a.pk]),
        reverse("brands:review", args=[world.review_of_a.pk]),
        reverse("brands:honour_file", args=[world.honour.pk]),
        reverse("brands:create", args=[court.branch_a.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("brands:list")).content.decode()
    assert world.brand_a.name not in page


def test_reviewer_does_not_see_other_scores_while_in_review(as_persona, court, world):
    from decimal import Decimal

    from brands import innovation

    other = (
        world.project_b.reviews.exclude(pk=world.review_mine.pk).select_related("reviewer").get()
    )
    criteria = list(world.round.criteria.all())
    innovation.review_submit(
        by=other.reviewer,
        review=other,
        scores={c.pk: (Decimal(c.weight - 3), "亮点突出") for c in criteria},
    )
    page = as_persona("secretary_a").get(reverse("brands:review", args=[world.review_mine.pk]))
    assert "亮点突出" not in page.content.decode()
    detail = as_persona("secretary_a").get(
        reverse("brands:project_detail", args=[world.project_b.pk])
    )
    assert "亮点突出" not in detail.content.decode()
    round_page = as_persona("secretary_a").get(
        reverse("brands:round_detail", args=[world.round.pk])
    )
    assert "91.0" not in round_page.content.decode()
    staff_page = as_persona("committee").get(
        reverse("brands:project_detail", args=[world.project_b.pk])
    )
    assert "亮点突出" in staff_page.content.decode()
