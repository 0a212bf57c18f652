"""What the demo court's branches do, and the words of their records.

Branches are picked by department, the same in every copy of the demo court
(branches.demo.BRANCHES). Topics and minutes follow the practices described in the seeds:
the weekly 理论日 with a rotating lead, 一刻钟微党课, 青年说, "从政治上看、从法治上办"
case reviews, co-building with a community, 我为群众办实事 with counted results.
"""

import datetime
from dataclasses import dataclass

# Which branches (by department, the same in every copy of the demo court) run which series.
STUDY_DAY_DEPARTMENTS = {"研究室", "民一庭", "政治部", "刑事审判庭", "审判管理办公室"}
YOUTH_TALK_DEPARTMENTS = {"研究室", "民一庭", "执行一庭"}
MICRO_LECTURE_DEPARTMENTS = {"民二庭", "行政审判庭", "审判管理办公室", "司法警察支队"}
CASE_REVIEW_DEPARTMENTS = {
    "立案庭",
    "民一庭",
    "民二庭",
    "刑事审判庭",
    "行政审判庭",
    "执行一庭",
    "执行二庭",
    "城东人民法庭",
    "江北人民法庭",
}
PARTNERS = {  # co-building partners outside the court
    "城东人民法庭": "城东社区党委",
    "江北人民法庭": "江北街道桥头村党支部",
    "立案庭": "市司法局公共法律服务管理处党支部",
    "民一庭": "城东社区党委",
    "执行一庭": "市公安局交通警察支队机关党支部",
    "研究室": "市人民检察院法律政策研究室党支部",
}
VOLUNTEER_DEPARTMENTS = {"立案庭", "民一庭", "执行一庭", "城东人民法庭", "江北人民法庭", "政治部"}

STUDY_DAY = "理论日"
YOUTH_TALK = "青年说"
MICRO_LECTURE = "一刻钟微党课"
SERIES = {  # name: (type code, weekday or None, start, end)
    STUDY_DAY: ("study_day", 4, datetime.time(14, 30), datetime.time(16, 30)),
    YOUTH_TALK: ("youth_talk", None, datetime.time(16, 0), datetime.time(17, 0)),
    MICRO_LECTURE: ("micro_lecture", None, datetime.time(16, 30), datetime.time(16, 50)),
}


@dataclass(frozen=True)
class Gap:
    """A meeting deliberately not held: `months` of last year (a quarter's months for a quarterly one)."""

    code: str
    organisation: str  # the branch's department, or the party group's name
    months: tuple[int, ...]


GAPS = (
    Gap("general_meeting", "行政审判庭", (7, 8, 9)),  # no general meeting in Q3
    Gap("group_meeting", "刑事审判庭第二党小组", (7, 8)),  # two months without a group meeting
    Gap("party_lecture", "执行二庭", (10, 11, 12)),  # no party lecture in Q4
    Gap("theme_party_day", "江北人民法庭", (8,)),  # no theme party day in August
    Gap("committee_meeting", "立案庭", (2,)),  # no committee meeting in February
)

# Gaps in the current quarter (whatever today is), so that this year's compliance and the
# cadence reminders show something: 执行二庭 has held no committee meeting and no party
# lecture since the quarter began.
CURRENT_GAPS = (
    Gap("committee_meeting", "执行二庭", ()),
    Gap("party_lecture", "执行二庭", ()),
)

LEAVE_REASONS = ["出差", "开庭", "病假", "休假", "外出培训", "事假"]
LEAVE_WEIGHTS = [6, 6, 3, 3, 2, 1]
WORK = {  # what each kind of department's members do, for the minutes
    "trial": "审判工作",
    "enforcement": "执行工作",
    "research": "调研和参谋服务工作",
    "management": "审判管理工作",
    "office": "机关党建工作",
    "police": "司法警务保障工作",
}


# --- topics and minutes -----------------------------------------------------------------
# (topic, first day, last day): a topic belongs to its time; None is open.
D = datetime.date
THEORY_TOPICS = [
    ("学习贯彻党的二十届三中全会精神", D(2024, 7, 19), D(2025, 9, 30)),
    ("学习贯彻党的二十届四中全会精神", D(2025, 10, 24), None),
    ("学习党的二十届四中全会审议通过的“十五五”规划建议", D(2025, 10, 31), None),
    ("深入贯彻中央八项规定精神学习教育专题学习", D(2025, 3, 20), D(2025, 7, 31)),
    ("纪念中国人民抗日战争暨世界反法西斯战争胜利80周年专题学习", D(2025, 8, 15), D(2025, 9, 30)),
    ("学习习近平法治思想", None, None),
    ("学习习近平总书记关于政法工作的重要论述", None, None),
    ("学习习近平总书记关于调查研究的重要论述", None, None),
    ("学习《习近平关于全面从严治党论述摘编》", None, None),
    ("学习《中国共产党纪律处分条例》", None, None),
    ("学习《中国共产党支部工作条例（试行）》", None, None),
    ("学习新时代政法干警“十个严禁”", None, None),
    ("学习防止干预司法“三个规定”", None, None),
    ("原文通读《论中国共产党历史》", None, None),
    ("学习《中国共产党简史》", None, None),
    ("专题研讨：国民经济阶段性特点", None, None),
    ("专题研讨：世界地缘政治冲突及对国家安全的影响", None, None),
    ("专题研讨：资本与法治的关系", None, None),
    ("学习坚持和发展新时代“枫桥经验”", None, None),
    ("学习《关于加强和改进中央和国家机关党的建设的意见》", None, None),
    ("学习诉源治理工作的有关文件", None, None),
    ("学习优化法治化营商环境的司法保障文件", None, None),
    ("学习深刻领悟“两个确立”的决定性意义", None, None),
    ("学习党的二十大报告有关篇目", None, None),
    ("学习《民法典》合同编通则司法解释", None, None),
]
SPRING_TOPIC = "学习贯彻{year}年全国两会精神"  # in March and April
THEORY_POINTS = [
    "要在常学常新中厚实理论基础，把学习成效转化为推动工作的具体举措",
    "要坚持从政治上看、从法治上办，把学习体会落实到每一个案件中",
    "要坚持读原文、学原理，做到学深一层、学以致用",
    "要聚焦审判质效，推动党建和业务深度融合",
    "要严守纪律规矩，筑牢廉洁司法防线",
    "要在急难险重任务中冲在前、作表率，充分发挥党员先锋模范作用",
]
GENERAL_AGENDAS = [
    "传达学习上级会议精神，通报本季度支部工作情况，部署下季度重点任务",
    "讨论预备党员转正事宜，经举手表决，全体有表决权的党员一致同意",
    "讨论确定入党积极分子培养人选，通报发展党员工作情况",
    "通报党费收缴和使用情况，审议支部党建品牌创建方案",
    "通报“三会一课”落实情况，讨论支部年度党建工作要点",
]
COMMITTEE_AGENDAS = [
    "研究部署本月党建工作，确定主题党日活动方案",
    "研究党员积分审核情况，通报上月“三会一课”落实情况",
    "研究入党积极分子培养考察工作",
    "研究支部责任清单任务进展，明确分工和完成时限",
    "研究青年干警理论学习安排和“理论日”领学轮值表",
]
LECTURE_TITLES = [
    "以高质量党建引领审判工作高质量发展",
    "坚持党对司法工作的绝对领导",
    "弘扬伟大建党精神，做忠诚干净担当的法院干警",
    "严守党的纪律，永葆清廉本色",
    "深刻把握“法院姓党”的政治属性",
    "坚持以人民为中心，努力让人民群众在每一个司法案件中感受到公平正义",
    "从党史中汲取奋进力量",
    "锤炼过硬作风，推动党建和业务深度融合",
]
THEME_DAYS = {  # month: topic ({n}: the Party's anniversary)
    1: "新年第一课：重温入党誓词",
    2: "节前廉政提醒：过廉洁文明节日",
    3: "学雷锋志愿服务进社区",
    4: "清明祭英烈，传承红色基因",
    5: "青春心向党：五四青年座谈",
    6: "党纪学习教育专题研讨",
    7: "庆祝中国共产党成立{n}周年：重温入党誓词",
    8: "走进红色教育基地接受革命传统教育",
    9: "铭记历史 缅怀先烈：烈士纪念日主题活动",
    10: "我和我的祖国：国庆主题党日",
    11: "宪法宣传进机关：学习宪法知识",
    12: "国家宪法日宣传及年度党建工作回顾",
}
THEME_DAY_NOTES = [
    "{chair}带领全体党员重温入党誓词，大家结合{work}交流了体会。",
    "党员逐一谈认识、谈打算，{chair}对下一阶段{work}提出要求。",
    "活动结束后，大家围绕如何把主题党日成效转化为{work}的实际举措进行了讨论。",
]
GROUP_POINTS = [
    "围绕提升工作质效提出改进措施",
    "对照责任清单梳理本月任务进展",
    "互相提醒廉洁风险，约定下月学习篇目",
]
MICRO_TITLES = [
    "杨靖宇的故事",
    "谢觉哉与人民司法",
    "左权将军的家书",
    "长征精神的内涵",
    "理塘脱贫征程中的党员担当",
    "马锡五审判方式的当代价值",
    "“枫桥经验”的由来与发展",
    "红船精神",
    "焦裕禄精神",
    "西柏坡精神与“赶考”",
    "塞罕坝精神",
    "两弹一星精神",
]
YOUTH_TITLES = [
    "我眼中的司法为民",
    "从一份判决书说起",
    "数字法院建设与青年担当",
    "读《论中国共产党历史》有感",
    "我在诉讼服务窗口的一天",
    "执行一线的青春答卷",
    "调解室里的“枫桥经验”",
    "如何写好一份裁判文书",
    "在人民法庭成长",
    "做新时代的法治青年",
]
CASES = {
    "trial": [
        "一起民间借贷纠纷案",
        "一起物业服务合同纠纷案",
        "一起劳动争议案",
        "一起相邻关系纠纷案",
    ],
    "enforcement": ["一起拒不执行判决、裁定案", "一起执行异议案", "一起执行和解案"],
}
CASE_TOPICS = [
    "“从政治上看、从法治上办”案例讲评会：{case}",
    "发改案件讲评：{case}",
    "案件评查问题讲评：{case}",
]
CO_BUILDING_TOPICS = [
    "法律进社区：与{partner}联建共建",
    "诉源治理联席座谈：与{partner}共商矛盾纠纷化解",
    "联学共建：与{partner}共学党的创新理论",
    "巡回审判进基层：与{partner}开展以案说法",
]
VOLUNTEER_TOPICS = [
    "我为群众办实事：社区法律咨询",
    "民法典宣传进社区",
    "防范电信网络诈骗宣传",
    "劳动争议法律服务进企业",
    "诉前调解志愿服务",
    "“有信必复”群众来信回访",
]
WARNING_TOPICS = [
    "节前廉政警示教育：严守中央八项规定精神",
    "观看警示教育片，以案为鉴筑牢廉洁防线",
    "以案促改：剖析法院系统违纪违法典型案例",
    "学习新时代政法干警“十个严禁”警示教育",
]
