"""A brand's stages: who may move it, what the lifecycle refuses, what is kept."""

import pytest
from django.utils import translation

from brands import services
from brands.models import Brand, BrandError, BrandStageChange, CertificationCriterion
from tests.brands.conftest import logo_file, make_brand

pytestmark = pytest.mark.django_db

FIVE = dict.fromkeys(["名称", "标识", "内涵", "载体", "影响"], 80)


def test_default_criteria_are_the_five_marks_equally_weighted(db):
    rows = list(CertificationCriterion.objects.values_list("name", "weight"))
    assert rows == [("名称", 20), ("标识", 20), ("内涵", 20), ("载体", 20), ("影响", 20)]


def test_apply_return_amend_reapply_certify_cultivate_keeps_each_change(court):
    secretary, staff = court.secretary_a.user, court.staff.user
    brand = make_brand(court)
    services.brand_apply(by=secretary, brand=brand, note="请审核")
    services.brand_return(by=staff, brand=brand, reason="载体不够具体")
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.RETURNED
    services.brand_update(by=secretary, brand=brand, carriers="理论学习日\n青年说\n法官进社区")
    services.brand_apply(by=secretary, brand=brand)
    change = services.brand_certify(
        by=staff, brand=brand, scores={**FIVE, "影响": 100}, note="同意认定"
    )
    assert change.total == 84  # (80*4 + 100) / 5
    services.brand_advance(by=staff, brand=brand, stage=Brand.Stage.CULTIVATING)
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.CULTIVATING
    rows = list(
        BrandStageChange.objects.filter(brand=brand).values_list("to_stage", "note", "by_id")
    )
    assert rows == [
        ("applied", "请审核", secretary.pk),
        ("returned", "载体不够具体", staff.pk),
        ("applied", "", secretary.pk),
        ("certified", "同意认定", staff.pk),
        ("cultivating", "", staff.pk),
    ]


def test_the_branch_cannot_certify_itself_and_the_committee_cannot_skip_stages(court):
    brand = make_brand(court, stage=Brand.Stage.APPLIED)
    with pytest.raises(BrandError):
        services.brand_certify(by=court.secretary_a.user, brand=brand, scores=FIVE)
    with pytest.raises(BrandError):
        services.brand_advance(by=court.staff.user, brand=brand, stage=Brand.Stage.SELECTED)
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.APPLIED
    assert brand.stage_changes.count() == 1


def test_transition_method_refuses_what_the_lifecycle_does_not_allow(court):
    brand = make_brand(court)
    for stage in ["certified", "cultivating", "publicised", "selected", "returned"]:
        with pytest.raises(BrandError):
            brand.transition_to(stage)
    brand.transition_to("applied")
    assert brand.stage == "applied"


def test_returning_needs_a_reason_in_chinese(court):
    brand = make_brand(court, stage=Brand.Stage.APPLIED)
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        services.brand_return(by=court.staff.user, brand=brand, reason="  ")
    assert "退回" in str(error.value)
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.APPLIED


def test_scores_outside_the_scale_change_nothing(court):
    brand = make_brand(court, stage=Brand.Stage.APPLIED)
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        services.brand_certify(by=court.staff.user, brand=brand, scores={**FIVE, "标识": 120})
    assert "0" in str(error.value) and "100" in str(error.value) and "标识" in str(error.value)
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.APPLIED


def test_an_application_needs_the_five_marks(court):
    brand = services.brand_create(
        by=court.secretary_a.user, organisation=court.branch_a, name="明理"
    )
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        services.brand_apply(by=court.secretary_a.user, brand=brand)
    assert "标识" in str(error.value) and "影响" in str(error.value)


def test_one_current_brand_per_branch_and_replacing_keeps_the_old_one(court):
    old = make_brand(court, stage=Brand.Stage.CERTIFIED)
    with pytest.raises(BrandError):
        services.brand_create(by=court.secretary_a.user, organisation=court.branch_a, name="新品牌")
    new = services.brand_create(
        by=court.secretary_a.user, organisation=court.branch_a, name="新品牌", replace=True
    )
    old.refresh_from_db()
    assert (old.is_current, old.replaced_by, old.stage) == (False, new, Brand.Stage.CERTIFIED)
    assert Brand.objects.current().get(organisation=court.branch_a) == new
    with pytest.raises(BrandError):
        services.brand_update(by=court.secretary_a.user, brand=old, name="改名")


def test_a_rename_is_kept_in_the_history(court):
    brand = make_brand(court)
    services.brand_update(by=court.secretary_a.user, brand=brand, name="明理·青春")
    assert [h.name for h in brand.history.order_by("history_date")][-2:] == ["明理", "明理·青春"]


def test_a_logo_must_be_an_image(court):
    from tests.brands.conftest import pdf_file

    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        services.brand_create(
            by=court.secretary_a.user,
            organisation=court.branch_a,
            name="明理",
            logo=pdf_file("标识.pdf"),
        )
    assert "图" in str(error.value)
    assert not Brand.objects.exists()
    fake = logo_file("标识.png")
    fake.file.write(b"")  # noqa: still a PNG
    assert (
        services.brand_create(
            by=court.secretary_a.user, organisation=court.branch_a, name="明理", logo=logo_file()
        ).logo_type
        == "image/png"
    )


def test_over_long_texts_are_refused(court):
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        services.brand_create(
            by=court.secretary_a.user,
            organisation=court.branch_a,
            name="明理",
            core_idea="理" * 201,
        )
    assert "200" in str(error.value)
    assert not Brand.objects.exists()


def test_member_and_other_branch_cannot_create_or_change(court):
    with pytest.raises(BrandError):
        services.brand_create(by=court.member_a.user, organisation=court.branch_a, name="明理")
    brand = make_brand(court)
    with pytest.raises(BrandError):
        services.brand_update(by=court.member_b.user, brand=brand, name="改名")
