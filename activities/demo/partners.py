"""The demo court's partner register and the links of its co-building and volunteer activities.

The partners are those the seeds describe courts working with: the community and village
Party organisations of the tribunals' areas, the justice bureau and the traffic police,
the procuratorate, schools and enterprises visited with the law, and a sister court.
Co-building activities are linked to the partner they name (content.PARTNERS); volunteer
service to the place it was held, or to the school or enterprise its topic names.
"""

from activities.demo.content import PARTNERS
from activities.models import Activity, PartnerOrganisation

Kind = PartnerOrganisation.Kind

# name: (kind, contact person, phone, address)
REGISTER = {
    "城东社区党委": (Kind.COMMUNITY, "王秀兰", "13905710321", "江城市城东区东湖路18号"),
    "江北街道桥头村党支部": (Kind.COMMUNITY, "李建国", "13867120456", "江城市江北区桥头村村委会"),
    "紫芳园社区党支部": (Kind.COMMUNITY, "赵敏", "13757130789", "江城市城西区紫芳园小区3号楼"),
    "市司法局公共法律服务管理处党支部": (
        Kind.GOVERNMENT,
        "陈立平",
        "057188901234",
        "江城市行政中心B座6楼",
    ),
    "市公安局交通警察支队机关党支部": (
        Kind.GOVERNMENT,
        "周海涛",
        "057188902345",
        "江城市交警支队办公楼",
    ),
    "市人民检察院法律政策研究室党支部": (
        Kind.GOVERNMENT,
        "孙晓燕",
        "057188903456",
        "江城市人民检察院4楼",
    ),
    "江城市实验小学党支部": (Kind.SCHOOL, "刘芳", "13588120567", "江城市城东区学府路6号"),
    "江城市第一中学党委": (Kind.SCHOOL, "吴建华", "13588121678", "江城市城北区文昌路1号"),
    "江城农村商业银行城东支行党支部": (
        Kind.ENTERPRISE,
        "郑凯",
        "13958130789",
        "江城市城东区东湖路99号",
    ),
    "江城市城市建设投资集团有限公司党委": (
        Kind.ENTERPRISE,
        "何振宇",
        "13958131890",
        "江城市城南区建设大道200号",
    ),
    "江北区人民法院机关党委": (Kind.COURT, "许文博", "057188904567", "江城市江北区法院路8号"),
    "江城市法律援助志愿者协会": (Kind.SOCIAL, "马丽", "13605710901", "江城市城东区东湖路18号"),
}
TOPIC_PARTNERS = {  # volunteer topics that name where they went
    "劳动争议法律服务进企业": "江城市城市建设投资集团有限公司党委",
    "防范电信网络诈骗宣传": "江城市第一中学党委",
}
DEFAULT_SERVICE_PARTNER = "城东社区党委"


def seed_demo_partners(court) -> int:
    """Fill the register (once) and link the court's co-building and volunteer activities."""
    partners = {}
    for name, (kind, person, phone, address) in REGISTER.items():
        partner, _created = PartnerOrganisation.objects.get_or_create(
            name=name,
            court=court,
            defaults={
                "kind": kind,
                "contact_person": person,
                "contact_phone": phone,
                "address": address,
            },
        )
        partners[name] = partner
    Link = Activity.partner_organisations.through
    activities = Activity.objects.filter(
        organisation__path__startswith=court.path,
        activity_type__code__in=["co_building", "volunteer_service"],
    ).values_list("pk", "activity_type__code", "partner_names", "topic", "organisation__department")
    links = []
    for pk, code, partner_names, topic, department in activities:
        if code == "co_building":
            name = partner_names or PARTNERS.get(department, DEFAULT_SERVICE_PARTNER)
        else:
            name = TOPIC_PARTNERS.get(topic) or PARTNERS.get(department, DEFAULT_SERVICE_PARTNER)
        names = [name]
        if code == "volunteer_service" and pk % 3 == 0:  # some with the volunteers' association
            names.append("江城市法律援助志愿者协会")
        links += [Link(activity_id=pk, partnerorganisation_id=partners[n].pk) for n in names]
    Link.objects.bulk_create(links, ignore_conflicts=True)
    return len(partners)
