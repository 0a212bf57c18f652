"""What a court looks like: its branches, their staff and posts, and the name pools.

Phone numbers, rooms' equipment and the youth study groups are drawn from here too.
"""

from dataclasses import dataclass

from branches.models import Member, Organisation, Post

SEED = 2026  # the same seed gives the same court
COURT_NAME = "江城市中级人民法院"

Kind = Organisation.Kind
Job = Member.JobCategory
Education = Member.Education
Tier = Member.TalentTier


@dataclass(frozen=True)
class BranchSpec:
    code: str  # employee-number prefix of its members
    department: str
    short_name: str
    size: int
    staff: str  # key of STAFF: which titles and job categories its members have
    head: str  # post title of the department head, who is the branch secretary
    groups: int = 0
    room: str = ""
    parent: str = ""  # code of the general branch it sits under
    tribunal: bool = False
    term: str = "fine"  # "fine", "ending" (within 90 days) or "overdue"
    retired: bool = False  # the last member has retired
    probationary: int = 0  # members who must be probationary (the small branch)
    # Members numbered first who hold a post above the branch: (title, job, ages, organisation, post).
    leaders: tuple = ()
    name: str = ""  # "<department>党支部" unless given

    @property
    def branch_name(self) -> str:
        return self.name or f"{self.department}党支部"


# General branches by code: (name, short name, department).
GENERAL_BRANCHES = {"zxj": ("执行局党总支", "执行局总支", "执行局")}

COMMITTEE_OFFICE = (  # the organ committee's staff and secretary sit in the 政治部 branch
    ("机关党委办公室主任", Job.ADMINISTRATIVE, (42, 48), "committee", Post.Kind.COMMITTEE_STAFF),
    ("一级主任科员", Job.ADMINISTRATIVE, (30, 36), "committee", Post.Kind.COMMITTEE_STAFF),
    ("政治部主任", Job.ADMINISTRATIVE, (50, 55), "committee", Post.Kind.SECRETARY),
)
ENFORCEMENT_BUREAU = (("执行局局长", Job.JUDGE, (50, 55), "zxj", Post.Kind.SECRETARY),)

# fmt: off
BRANCHES = [
    BranchSpec("jg", "政治部", "机关党办支部", 12, "office", "政治部副主任", 2, "综合楼3楼 305室",
               leaders=COMMITTEE_OFFICE, name="机关党委办公室党支部"),
    BranchSpec("yj", "研究室", "研究室支部", 8, "research", "主任", 0, "综合楼4楼 412室"),
    BranchSpec("la", "立案庭", "立案庭支部", 14, "trial", "庭长", 2, "诉讼服务中心2楼 203室",
               term="ending", retired=True),
    BranchSpec("my", "民一庭", "民一庭支部", 18, "trial", "庭长", 2, "审判楼5楼 512室"),
    BranchSpec("me", "民二庭", "民二庭支部", 14, "trial", "庭长", 2, "审判楼6楼 608室", retired=True),
    BranchSpec("xs", "刑事审判庭", "刑庭支部", 16, "trial", "庭长", 2, "审判楼3楼 316室", retired=True),
    BranchSpec("xz", "行政审判庭", "行政庭支部", 10, "trial", "庭长", 0, "审判楼4楼 421室",
               term="overdue"),
    BranchSpec("zy", "执行一庭", "执行一庭支部", 14, "enforcement", "庭长", 2, "执行指挥中心2楼 党员之家",
               parent="zxj", retired=True, leaders=ENFORCEMENT_BUREAU),
    BranchSpec("ze", "执行二庭", "执行二庭支部", 12, "enforcement", "庭长", 2, "执行指挥中心3楼 302室",
               parent="zxj"),
    BranchSpec("sg", "审判管理办公室", "审管办支部", 6, "management", "主任", 0, "综合楼4楼 403室"),
    BranchSpec("jc", "司法警察支队", "法警支队支部", 12, "police", "支队长", 2, "法警楼1楼 106室"),
    BranchSpec("cd", "城东人民法庭", "城东法庭支部", 8, "trial", "庭长", 0, "城东人民法庭2楼 党员活动室",
               tribunal=True),
    BranchSpec("jb", "江北人民法庭", "江北法庭支部", 4, "trial", "庭长", 0, "江北人民法庭1楼 调解室旁",
               tribunal=True, probationary=2),
]
# fmt: on
# The large branch: the litigation service centre, with more than fifty members, which the
# branch rules ask to split (branches.tree.MAX_MEMBERS), so the warning shows on its page
# and in the tree. Planned after everything else, so the other branches stay as they were.
LARGE_BRANCH = BranchSpec(
    "ss", "诉讼服务中心", "诉服中心支部", 54, "trial", "主任", 2, "诉讼服务中心3楼 党员活动室"
)  # fmt: skip

# Per kind of department: (post title, job category, weight, ages); the first two are senior.
STAFF = {
    "trial": [
        ("审判员", Job.JUDGE, 4, (32, 55)),
        ("法官助理", Job.ASSISTANT, 4, (25, 38)),
        ("书记员", Job.CLERK, 2, (23, 34)),
        ("综合内勤", Job.ADMINISTRATIVE, 1, (26, 50)),
    ],
    "enforcement": [
        ("执行法官", Job.JUDGE, 3, (32, 55)),
        ("执行员", Job.OTHER, 2, (28, 50)),
        ("法官助理", Job.ASSISTANT, 3, (25, 38)),
        ("书记员", Job.CLERK, 2, (23, 34)),
    ],
    "research": [
        ("审判员", Job.JUDGE, 3, (32, 50)),
        ("法官助理", Job.ASSISTANT, 3, (25, 36)),
        ("一级主任科员", Job.ADMINISTRATIVE, 1, (35, 50)),
    ],
    "management": [
        ("审判员", Job.JUDGE, 2, (32, 52)),
        ("法官助理", Job.ASSISTANT, 2, (25, 36)),
        ("四级主任科员", Job.ADMINISTRATIVE, 2, (28, 45)),
    ],
    "office": [
        ("一级主任科员", Job.ADMINISTRATIVE, 2, (38, 55)),
        ("二级主任科员", Job.ADMINISTRATIVE, 2, (32, 48)),
        ("四级主任科员", Job.ADMINISTRATIVE, 2, (27, 40)),
        ("一级科员", Job.ADMINISTRATIVE, 2, (23, 30)),
    ],
    "police": [
        ("一级警长", Job.POLICE, 2, (38, 55)),
        ("二级警长", Job.POLICE, 2, (32, 48)),
        ("一级警员", Job.POLICE, 3, (24, 35)),
        ("二级警员", Job.POLICE, 2, (22, 30)),
    ],
}
HEAD_JOB = {"office": Job.ADMINISTRATIVE, "police": Job.POLICE}  # otherwise a judge
DEPUTY_TITLE = {
    "trial": "副庭长",
    "enforcement": "副庭长",
    "research": "副主任",
    "management": "副主任",
    "office": "组织宣传科科长",
    "police": "副支队长",
}
# Branch posts by position among the branch's own members (after any `leaders`):
# 0 secretary, 1 a plain member (a persona), 2 leader of the second group,
# 3–6 the committee (branches with at least seven members), 7 leader of the first group.
COMMITTEE_POSTS = {
    3: Post.Kind.DEPUTY_SECRETARY,
    4: Post.Kind.ORGANISATION_MEMBER,
    5: Post.Kind.PUBLICITY_MEMBER,
    6: Post.Kind.DISCIPLINE_MEMBER,
}
COMMITTEE_SIZE = 7  # fewer members: a secretary only, no branch committee

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
COMMON_SURNAMES = "王李张刘陈杨黄赵吴周"  # drawn more often, as in life
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健亮俊峰浩宇轩博志国建东海林凯晨阳旭振航毅诚锋"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳倩洁萍红梅兰莉欣怡璐瑶佳悦雯蕾蓉琪萱彤妍婧"
GIVEN_ANY = "文晓子一嘉思雨明新春永金立云天"
MINORITIES = ["回族", "满族", "壮族", "蒙古族", "土家族"]
PHONE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151"]
PHONE_PREFIXES += ["152", "153", "155", "156", "158", "159", "177", "180", "182", "186", "187"]
PHONE_PREFIXES += ["188", "189", "199"]
ROOM_EQUIPMENT = [
    "投影仪",
    "电子显示屏",
    "党建书架",
    "远程视频会议终端",
    "音响话筒",
    "入党誓词墙",
    "党员学习电脑",
    "党旗",
]
STUDY_GROUPS = [
    ("“奋楫笃行”青年理论学习小组", 15, "青年干警每月集中学习一次，轮流领学、分享学习心得。"),
    ("“候英·善读”青年读书小组", 10, "每季度共读一本书，举办读书分享会。"),
]
ID_REGION = "990102"  # province 99 does not exist: no demo ID number is a real person's
