"""The free-text partners of past activities become rows of the partner register.

Every distinct name in `Activity.partner_names` (split on 、 , ， ; ； / and trimmed; the
same name in another case or spacing counts once) becomes a PartnerOrganisation, its kind
guessed from keywords, in this order (学校/中学/小学/大学/学院 → school, 法院 → another
court, 公司/企业/集团/银行 → enterprise, 社区/街道/村 → community, 局/委/办/政府 →
government agency, else other), and is linked to the activities that named it. `partner_names` keeps its text.
Going back does nothing: the register rows stay (no data is dropped either way).
"""

import re

from django.db import migrations

SEPARATORS = re.compile(r"[、,，;；/]+")
KIND_KEYWORDS = (  # the first kind whose keyword the name contains
    ("school", ("学校", "中学", "小学", "大学", "学院")),
    ("court", ("法院",)),
    ("enterprise", ("公司", "企业", "集团", "银行")),  # 农村商业银行 is no village
    ("community", ("社区", "街道", "村")),
    ("government", ("局", "委", "办", "政府")),
)


def split_partner_names(text: str) -> list[str]:
    """'城东社区党委、江城小学 / 市司法局' → the names, trimmed, inner spaces made single."""
    names = (" ".join(part.split()) for part in SEPARATORS.split(text or ""))
    return [name for name in names if name]


def guess_kind(name: str) -> str:
    for kind, keywords in KIND_KEYWORDS:
        if any(keyword in name for keyword in keywords):
            return kind
    return "other"


def forwards(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    PartnerOrganisation = apps.get_model("activities", "PartnerOrganisation")
    Link = Activity.partner_organisations.through

    partners = {p.name.lower(): p for p in PartnerOrganisation.objects.all()}
    named = Activity.objects.exclude(partner_names="").values_list("pk", "partner_names")
    links = set()
    for activity_pk, text in named.iterator(chunk_size=2000):
        for name in split_partner_names(text):
            key = name.lower()
            if key not in partners:
                partners[key] = PartnerOrganisation.objects.create(name=name, kind=guess_kind(name))
            links.add((activity_pk, partners[key].pk))
    existing = set(Link.objects.values_list("activity_id", "partnerorganisation_id"))
    Link.objects.bulk_create(
        [
            Link(activity_id=activity_pk, partnerorganisation_id=partner_pk)
            for activity_pk, partner_pk in sorted(links - existing)
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_partner_register")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
