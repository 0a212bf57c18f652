"""The data migration that turns the free-text partners of past activities into the register."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from activities.models import Activity, PartnerOrganisation

pytestmark = pytest.mark.django_db

BEFORE = [("activities", "0005_partner_register")]
# 0006 fills the register from the free text; 0007 gives each partner its court.
AFTER = [("activities", "0007_partner_register_per_court")]
migration = importlib.import_module("activities.migrations.0006_partner_register_from_free_text")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("城东社区党委", ["城东社区党委"]),
        (
            "城东社区党委、江城小学 / 市司法局；ABC银行, 区政府办，",
            ["城东社区党委", "江城小学", "市司法局", "ABC银行", "区政府办"],
        ),
        ("  江北街道   桥头村党支部 ;; ", ["江北街道 桥头村党支部"]),
        ("", []),
    ],
)
def test_free_text_is_split_on_every_separator(text, names):
    assert migration.split_partner_names(text) == names


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("城东社区党委", "community"),  # 社区 before 委
        ("江北街道桥头村党支部", "community"),
        ("江城市第一中学党委", "school"),
        ("江城大学法学院", "school"),
        ("江北区人民法院机关党委", "court"),
        ("江城农村商业银行城东支行党支部", "enterprise"),
        ("城投集团有限公司党委", "enterprise"),
        ("市公安局交通警察支队机关党支部", "government"),
        ("区人民政府", "government"),
        ("市律师协会", "other"),
    ],
)
def test_the_kind_is_guessed_from_keywords(name, kind):
    assert migration.guess_kind(name) == kind


def test_the_migration_registers_each_name_once_and_links_the_activities(court, types):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # DDL waits for no deferred checks
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        OldActivity = old_apps.get_model("activities", "Activity")
        OldPartner = old_apps.get_model("activities", "PartnerOrganisation")
        already = OldPartner.objects.create(name="ABC银行", kind="enterprise")
        start = datetime.datetime(2026, 3, 6, 9, 0, tzinfo=datetime.UTC)

        def old_activity(topic, partner_names):
            return OldActivity.objects.create(
                organisation_id=court.branch_a.pk,
                activity_type_id=types["co_building"].pk,
                topic=topic,
                start=start,
                state="held",
                partner_names=partner_names,
            )

        one = old_activity("一", "城东社区党委、abc银行")
        two = old_activity("二", " 城东社区党委 ；江城市第一中学党委/区人民政府")
        none = old_activity("三", "")

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

        partners = {p.name: p.kind for p in PartnerOrganisation.objects.all()}
        assert partners == {
            "ABC银行": "enterprise",  # the existing row, not a second one in another case
            "城东社区党委": "community",
            "江城市第一中学党委": "school",
            "区人民政府": "government",
        }
        names = lambda pk: sorted(  # noqa: E731
            Activity.objects.get(pk=pk).partner_organisations.values_list("name", flat=True)
        )
        assert names(one.pk) == ["ABC银行", "城东社区党委"]
        assert names(two.pk) == ["区人民政府", "城东社区党委", "江城市第一中学党委"]
        assert names(none.pk) == []
        # Every partner is linked to activities of one court only: it joins that register.
        assert set(PartnerOrganisation.objects.values_list("court", flat=True)) == {
            court.committee.pk
        }
        assert PartnerOrganisation.objects.get(pk=already.pk).activities.count() == 1
        # The free text is kept as it was.
        assert Activity.objects.get(pk=two.pk).partner_names.startswith(" 城东社区党委")

        # Going back keeps everything; going forward again adds nothing twice.
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        assert PartnerOrganisation.objects.count() == 4
        assert Activity.partner_organisations.through.objects.count() == 5
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
