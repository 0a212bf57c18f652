"""Demo brands for the demo court: seed_demo calls `seed_demo_brands(today=...)`.

In the spirit of the seeds (not their names): a court brand with the branch brands
recognised under it ("1+N"), each branch brand at its own stage with the history that led
there, honours at court, city and province level, the research office's results register
(topics in all three tiers at different steps, judicial suggestions, typical cases), last
year's innovation round closed and published, and this year's round in cross review.

Everything goes through the services (so the rules and the history hold), as the
secretaries and the committee staff; dates are then set back to plausible days.
"""

import datetime
import struct
import zlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from activities.models import ActivitySeries
from branches.models import Member, Organisation, Post
from brands import innovation, services
from brands.models import (
    Brand,
    BrandStageChange,
    CrossReview,
    Honour,
    InnovationProject,
    InnovationRound,
)

FIVE_MARKS = ["名称", "标识", "内涵", "载体", "影响"]

# department: (name, core idea, slogan, carriers, outline, stage, sub-brand series names)
BRANDS = {
    "政治部": (
        "红色引擎",
        "机关带头，支部争先",
        "当好排头兵，建强红色引擎",
        "机关党建工作例会\n党员活动室\n“引擎”学习微课堂",
        [
            "目标：建设让党放心、让人民满意的模范机关",
            "方向：政治建设",
            "方向：作风建设",
            "支点：理论学习日",
            "支点：党员先锋岗",
            "支点：结对共建",
            "要求：学在前",
            "要求：干在前",
            "要求：严在前",
            "要求：实在前",
        ],
        Brand.Stage.SELECTED,
        ["理论日"],
    ),
    "研究室": (
        "研理明法",
        "以调研强理论，以理论促审判",
        "研当下之问，明法治之理",
        "理论日\n青年说\n调研课题七步工作法",
        [
            "目标：打造研究型党支部",
            "方向：理论武装",
            "方向：调研赋能",
            "支点：理论日",
            "支点：青年说",
            "支点：课题攻关",
            "要求：真学",
            "要求：真研",
            "要求：真用",
            "要求：真改",
        ],
        Brand.Stage.PUBLICISED,
        ["理论日", "青年说"],
    ),
    "民一庭": (
        "民心桥",
        "架起法院与群众的连心桥",
        "案结事了，民心相通",
        "巡回审判点\n诉前调解工作室\n理论日",
        [
            "目标：群众满意的民事审判团队",
            "方向：司法为民",
            "方向：多元解纷",
            "支点：巡回审判",
            "支点：诉前调解",
            "要求：办好每一个案件",
        ],
        Brand.Stage.CULTIVATING,
        ["理论日", "青年说"],
    ),
    "刑事审判庭": (
        "刑之正",
        "公正司法守护平安",
        "以公正为尺，以良知为秤",
        "案例讲评会\n理论日",
        ["目标：公正高效的刑事审判", "方向：从政治上看", "方向：从法治上办", "支点：案例讲评"],
        Brand.Stage.CERTIFIED,
        ["理论日"],
    ),
    "执行一庭": (
        "执行先锋",
        "党旗插在执行一线",
        "攻坚克难，兑现胜诉权益",
        "执行指挥中心\n党员突击队",
        ["目标：切实解决执行难", "方向：攻坚", "支点：党员突击队"],
        Brand.Stage.CERTIFIED,
        [],
    ),
    "城东人民法庭": (
        "东篱调解",
        "把矛盾化解在基层",
        "小事不出村，大事不出镇",
        "法官工作站\n巡回调解点",
        ["目标：枫桥式人民法庭", "方向：源头治理", "支点：法官工作站"],
        Brand.Stage.CULTIVATING,
        [],
    ),
    "立案庭": (
        "立案为民",
        "一站式服务群众",
        "进一扇门，办所有事",
        "诉讼服务中心",
        ["目标：一站式诉讼服务"],
        Brand.Stage.APPLIED,
        [],
    ),
    "行政审判庭": (
        "行稳致远",
        "监督支持依法行政",
        "",
        "理论日",
        ["目标：法治政府建设的助推器"],
        Brand.Stage.RETURNED,
        [],
    ),
}
RETURN_REASON = "载体只有理论日一项，品牌影响缺少具体事例，请补充常态化载体和成效后重新申报。"

TOPICS = [  # (title, tier, year offset, steps done)
    ("新时代人民法庭参与基层社会治理路径研究", "major", 0, 4),
    ("涉企行政争议实质性化解机制研究", "major", -1, 7),
    ("民事案件繁简分流改革成效评估", "key", 0, 2),
    ("审判质效指标体系优化研究", "key", 0, 6),
    ("类案检索在审判实践中的运用", "general", 0, 1),
    ("诉前调解与速裁衔接机制研究", "general", -1, 7),
]
SUGGESTIONS = [  # (title, recipient, months back, reply)
    ("关于规范商品房预售资金监管的司法建议", "市住房和城乡建设局", 8, True),
    ("关于加强校园周边食品安全监管的司法建议", "市市场监督管理局", 5, True),
    ("关于完善农村土地承包合同备案的司法建议", "城东镇人民政府", 2, False),
]
CASES = [  # (title, level, months back)
    ("某物业公司诉业主物业服务合同纠纷案", "city", 7),
    ("某建设公司拖欠农民工工资执行案", "province", 4),
]


def _png() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xc8\x10\x2e" * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _leaders(committee):
    """(staff user, {branch: secretary user}, {department: branch}) of the court."""
    posts = (
        Post.objects.current()
        .filter(organisation__path__startswith=committee.path, member__user__isnull=False)
        .select_related("member__user", "organisation")
        .order_by("start", "pk")
    )
    staff, secretaries = None, {}
    for post in posts:
        if post.organisation_id == committee.pk and staff is None:
            staff = post.member.user
        elif (
            post.kind == Post.Kind.SECRETARY and post.organisation.kind == Organisation.Kind.BRANCH
        ):
            secretaries.setdefault(post.organisation_id, post.member.user)
    branches = {
        b.department: b
        for b in Organisation.objects.filter(
            path__startswith=committee.path, kind=Organisation.Kind.BRANCH
        )
    }
    return staff, secretaries, branches


def _dated(change, day):
    BrandStageChange.objects.filter(pk=change.pk).update(date=day)


def _walk(brand, *, stage, secretary, staff, start):
    """Move the brand to `stage` through the lifecycle, a few weeks between steps."""
    day = start
    step = datetime.timedelta(days=45)
    if stage == Brand.Stage.DRAFT:
        return
    _dated(services.brand_apply(by=secretary, brand=brand, note="按“五有”标准申报"), day)
    if stage == Brand.Stage.APPLIED:
        return
    if stage == Brand.Stage.RETURNED:
        _dated(services.brand_return(by=staff, brand=brand, reason=RETURN_REASON), day + step)
        return
    day += step
    scores = {name: 85 + (len(brand.name) + i) % 12 for i, name in enumerate(FIVE_MARKS)}
    _dated(
        services.brand_certify(
            by=staff, brand=brand, scores=scores, note="经机关党委会议研究，同意认定"
        ),
        day,
    )
    for next_stage, note in [
        (Brand.Stage.CULTIVATING, "列入年度品牌培育计划"),
        (Brand.Stage.PUBLICISED, "在院网站、公众号专栏宣传推广"),
        (Brand.Stage.SELECTED, "选树为院级优秀党建品牌"),
    ]:
        brand.refresh_from_db()
        if brand.stage == stage:
            return
        day += step
        _dated(services.brand_advance(by=staff, brand=brand, stage=next_stage, note=note), day)


def seed_demo_brands(*, today: datetime.date) -> dict[str, int]:
    committees = list(
        Organisation.objects.filter(depth=1, kind=Organisation.Kind.COMMITTEE).order_by("path")
    )
    if committees:
        _demo_court(committees[0], today=today)
    return {
        "brands": Brand.objects.count(),
        "honours": Honour.objects.count(),
        "innovation projects": InnovationProject.objects.count(),
        "cross reviews": CrossReview.objects.count(),
    }


def _demo_court(committee, *, today):
    staff, secretaries, branches = _leaders(committee)
    if staff is None:
        return
    year = today.year
    start = today - datetime.timedelta(days=400)
    court_brand = services.brand_create(
        by=staff,
        organisation=committee,
        name="江城红·法护航",
        core_idea="以党建铸魂，为审判护航",
        slogan="一支部一品牌，一品牌一特色",
        description="院级党建品牌统领各支部品牌，按申报、认定、培育、宣传、选树五步建设品牌集群。",
        carriers="支部品牌集群\n党建创新项目评选\n院史馆党建长廊",
        impact="获评全省法院党建工作品牌，支部品牌获市级以上荣誉多项。",
        logo=ContentFile(_png(), name="院级品牌.png"),
        elements=[
            services.ElementData("goal", "建设政治过硬、业务精湛的模范机关"),
            services.ElementData("direction", "党建与审判深度融合"),
            services.ElementData("direction", "支部品牌集群发展"),
        ],
    )
    _walk(court_brand, stage=Brand.Stage.PUBLICISED, secretary=staff, staff=staff, start=start)
    services.honour_add(
        by=staff,
        title="全省法院党建工作品牌",
        level="province",
        issuing_body="省高级人民法院机关党委",
        date=today - datetime.timedelta(days=120),
        brand=court_brand,
    )
    services.honour_add(
        by=staff,
        title="市直机关党建品牌",
        level="city",
        issuing_body="市直机关工委",
        date=datetime.date(year - 1, 11, 20),
        brand=court_brand,
    )

    brands = {}
    for index, (department, spec) in enumerate(BRANDS.items()):
        branch = branches.get(department)
        secretary = secretaries.get(branch.pk) if branch else None
        if branch is None or secretary is None:
            continue
        name, core, slogan, carriers, outline, stage, series_names = spec
        series = {s.name: s for s in ActivitySeries.objects.filter(branch=branch)}
        kinds = {"目标": "goal", "方向": "direction", "支点": "pivot", "要求": "requirement"}
        brand = services.brand_create(
            by=secretary,
            organisation=branch,
            name=name,
            core_idea=core,
            slogan=slogan,
            carriers=carriers,
            description=f"{branch.name}围绕“{core}”，把党建工作融入审判执行和服务群众的日常。",
            impact=f"品牌活动覆盖全体党员，{slogan or core}。",
            logo=ContentFile(_png(), name=f"{name}.png"),
            elements=[services.ElementData(kinds[line[:2]], line[3:]) for line in outline],
            sub_brands=[
                services.SubBrandData(name=f"{name}·{s}", series=series[s])
                for s in series_names
                if s in series
            ],
        )
        _walk(
            brand,
            stage=stage,
            secretary=secretary,
            staff=staff,
            start=start + datetime.timedelta(days=10 * index),
        )
        brands[department] = brand

    honours = [
        ("政治部", "市级先进基层党组织", "city", "中共江城市委", 200),
        ("研究室", "全省法院优秀调研成果一等奖", "province", "省高级人民法院", 150),
        ("研究室", "院级优秀党建品牌", "court", "江城市中级人民法院机关党委", 60),
        ("民一庭", "市级青年文明号", "city", "共青团江城市委", 90),
        ("城东人民法庭", "全国法院先进集体", "national", "最高人民法院", 300),
    ]
    for department, title, level, body, days in honours:
        if department in brands:
            services.honour_add(
                by=staff,
                title=title,
                level=level,
                issuing_body=body,
                date=today - datetime.timedelta(days=days),
                brand=brands[department],
            )
    members = list(
        Member.objects.filter(
            branch__path__startswith=committee.path, state=Member.State.ACTIVE
        ).order_by("pk")[:40:13]
    )
    for member, (title, level) in zip(
        members,
        [("优秀共产党员", "court"), ("全市法院办案标兵", "city"), ("全省法院先进个人", "province")],
        strict=False,
    ):
        services.honour_add(
            by=staff,
            title=title,
            level=level,
            issuing_body="江城市中级人民法院机关党委" if level == "court" else "江城市委政法委",
            date=today - datetime.timedelta(days=30),
            member=member,
        )

    research = brands.get("研究室")
    if research is not None:
        secretary = secretaries[research.organisation_id]
        for title, tier, offset, steps in TOPICS:
            topic = services.topic_add(
                by=secretary,
                brand=research,
                title=title,
                tier=tier,
                year=year + offset,
                lead="研究室课题组",
            )
            first = min(
                today - datetime.timedelta(days=30 * (steps + 1)),
                datetime.date(year + offset, 3, 1),
            )
            for step in range(1, steps + 1):
                services.topic_step_record(
                    by=secretary,
                    topic=topic,
                    step=step,
                    date=first + datetime.timedelta(days=25 * (step - 1)),
                )
        for title, recipient, months, reply in SUGGESTIONS:
            services.result_add(
                by=secretary,
                brand=research,
                kind="suggestion",
                title=title,
                date=today - datetime.timedelta(days=30 * months),
                recipient=recipient,
                reply_received=reply,
            )
        for title, level, months in CASES:
            services.result_add(
                by=secretary,
                brand=research,
                kind="typical_case",
                title=title,
                date=today - datetime.timedelta(days=30 * months),
                level=level,
            )
        services.result_add(
            by=secretary,
            brand=research,
            kind="other",
            title="《审判研究》内刊编发四期",
            date=today - datetime.timedelta(days=20),
            description="刊发调研文章二十余篇。",
        )

    _demo_rounds(committee, staff, secretaries, branches, brands, today=today)


def _demo_rounds(committee, staff, secretaries, branches, brands, *, today):
    year = today.year
    with_secretary = [b for b in branches.values() if b.pk in secretaries]
    with_secretary.sort(key=lambda b: b.path)
    if len(with_secretary) < 5:
        return
    # Last year's round: closed with all reviews, decisions published.
    last = innovation.round_open(
        by=staff,
        committee=committee,
        year=year - 1,
        title=f"{year - 1}年度党建创新项目评选",
        submission_deadline=datetime.date(year - 1, 6, 30),
        review_deadline=datetime.date(year - 1, 7, 31),
        select_count=5,
    )
    InnovationRound.objects.filter(pk=last.pk).update(
        created=timezone.make_aware(datetime.datetime(year - 1, 6, 1))
    )
    ideas = [
        "“支部+庭室”双融双促",
        "青年干警理论宣讲团",
        "调解工作室进社区",
        "执行攻坚党员突击队",
        "案例讲评“三看三问”",
        "诉讼服务“红色驿站”",
        "法官工作站联村共建",
        "审判质效党建联评",
        "“党建+调研”七步法",
        "机关作风“微整治”",
    ]
    submitted = []
    for index, branch in enumerate(with_secretary[:9]):
        brand = Brand.objects.current().filter(organisation=branch).first()
        submitted.append(
            innovation.project_submit(
                by=secretaries[branch.pk],
                innovation_round=last,
                branch=branch,
                title=ideas[index % len(ideas)],
                summary=f"{branch.name}以“{ideas[index % len(ideas)]}”为抓手，把党建工作和审判执行工作同谋划、同部署、同考核，形成可复制的做法。",
                brand=brand,
                today=datetime.date(year - 1, 6, 20),
            )
        )
    innovation.round_start_review(by=staff, innovation_round=last)
    criteria = list(last.criteria.all())
    for review in CrossReview.objects.filter(project__round=last).select_related(
        "reviewer", "project"
    ):
        quality = Decimal(70 + (review.project_id * 7 + review.reviewer_id * 3) % 25) / 100
        innovation.review_submit(
            by=review.reviewer,
            review=review,
            scores={
                c.pk: (
                    (Decimal(c.weight) * quality).quantize(Decimal("0.1")),
                    "思路清晰，成效明显" if quality > Decimal("0.85") else "建议进一步提炼经验",
                )
                for c in criteria
            },
        )
    CrossReview.objects.filter(project__round=last).update(
        submitted_at=timezone.make_aware(datetime.datetime(year - 1, 7, 25, 10))
    )
    innovation.round_close(by=staff, innovation_round=last)
    ranked = innovation.round_results(last)
    for position, result in enumerate(ranked):
        decision = (
            "excellent"
            if position < last.excellent_cap
            else "selected"
            if position < last.select_count
            else "not_selected"
        )
        innovation.project_decide(by=staff, project=result.project, decision=decision)
    innovation.round_publish(by=staff, innovation_round=last)

    # This year's round: submissions closed, cross review under way.
    current = innovation.round_open(
        by=staff,
        committee=committee,
        year=year,
        title=f"{year}年度党建创新项目评选",
        submission_deadline=today - datetime.timedelta(days=5),
        review_deadline=today + datetime.timedelta(days=10),
        select_count=4,
    )
    for index, branch in enumerate(with_secretary[:8]):
        innovation.project_submit(
            by=secretaries[branch.pk],
            innovation_round=current,
            branch=branch,
            title=ideas[(index + 3) % len(ideas)] + "（深化）",
            summary=f"在上一年度基础上，{branch.name}深化“{ideas[(index + 3) % len(ideas)]}”，细化任务清单和评价办法。",
            brand=Brand.objects.current().filter(organisation=branch).first(),
            today=today - datetime.timedelta(days=8),
        )
    innovation.round_start_review(by=staff, innovation_round=current)
    criteria = list(current.criteria.all())
    for review in (
        CrossReview.objects.filter(project__round=current)
        .select_related("reviewer")
        .order_by("pk")[::2]
    ):
        innovation.review_submit(
            by=review.reviewer,
            review=review,
            scores={c.pk: (Decimal(c.weight) * Decimal("0.8"), "特色鲜明") for c in criteria},
        )
    del submitted
