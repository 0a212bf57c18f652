"""Install the committee's default integrity notice texts (节前廉政提醒), one per holiday,
and the reminder settings row.

The committee edits the texts in the admin ("Integrity notice texts"); this migration
only creates the rows that are missing and never overwrites an edited text. Placeholders:
{holiday}, {year}, {first_day}, {last_day}, {days} (see IntegrityNoticeTemplate).
"""

from django.db import migrations

TITLE = "{holiday}前廉政提醒"

TEXTS = {
    "new_years_day": (
        "{holiday}将至（{first_day}至{last_day}放假）。机关党委提醒全体党员干部：严守中央八项"
        "规定及其实施细则精神，不收受礼品礼金、消费卡和电子红包，不公款吃喝、公款旅游，不违规"
        "发放津贴补贴或福利，不私车公用、公车私用，严禁酒驾醉驾；严格遵守“三个规定”，不私下"
        "会见当事人及其律师。节日期间做好值班安排，遇有重大情况及时报告。"
    ),
    "spring_festival": (
        "{holiday}将至（{first_day}至{last_day}放假，共{days}天）。机关党委提醒全体党员干部：\n"
        "一、严守中央八项规定及其实施细则精神，坚决防止“四风”问题反弹回潮；\n"
        "二、不收受可能影响公正执行公务的礼品礼金、消费卡和电子红包，不借走亲访友之机收送礼金；\n"
        "三、不公款吃喝、公款旅游，不违规操办婚丧喜庆事宜，不接受管理和服务对象的宴请；\n"
        "四、不私车公用、公车私用，严禁酒驾醉驾；\n"
        "五、严格遵守“三个规定”，不私下会见当事人及其律师、特定关系人；\n"
        "六、严格执行请示报告和值班制度，保持通讯畅通，遇有重大情况及时报告。\n"
        "祝大家度过一个欢乐祥和、风清气正的新春佳节！"
    ),
    "qingming": (
        "{holiday}将至（{first_day}至{last_day}放假）。机关党委提醒全体党员干部：文明祭扫、"
        "绿色祭扫，不搞封建迷信活动，不借祭扫之机大操大办、收受礼金；严守中央八项规定精神，"
        "不公款吃喝、公款旅游，不使用公车祭扫，严禁酒驾醉驾；出行注意交通和防火安全。"
    ),
    "labour_day": (
        "{holiday}将至（{first_day}至{last_day}放假，共{days}天）。机关党委提醒全体党员干部："
        "严守中央八项规定精神，不收受礼品礼金，不接受可能影响公正执行公务的宴请和旅游、健身、"
        "娱乐等活动安排，不公款吃喝、公款旅游，不私车公用、公车私用，严禁酒驾醉驾；严格遵守"
        "“三个规定”。出行注意安全，重大事项及时报告。"
    ),
    "dragon_boat": (
        "{holiday}将至（{first_day}至{last_day}放假）。机关党委提醒全体党员干部：严守中央八项"
        "规定精神，不收送粽子等节礼、礼金和消费卡，不用公款购买、赠送节礼，不公款吃喝，不违规"
        "接受宴请，严禁酒驾醉驾；严格遵守“三个规定”，不私下会见当事人及其律师。"
    ),
    "mid_autumn": (
        "{holiday}将至（{first_day}至{last_day}放假）。机关党委提醒全体党员干部：严守中央八项"
        "规定精神，不收送月饼等节礼、礼金、消费卡和电子红包，不用公款购买、赠送月饼及节礼，"
        "不公款吃喝、公款旅游，不违规接受宴请，严禁酒驾醉驾；严格遵守“三个规定”，保持清正廉洁。"
    ),
    "national_day": (
        "{holiday}将至（{first_day}至{last_day}放假，共{days}天）。机关党委提醒全体党员干部："
        "严守中央八项规定精神，不收受礼品礼金、消费卡和电子红包，不公款吃喝、公款旅游，不借"
        "节日之机违规操办婚丧喜庆事宜，不私车公用、公车私用，严禁酒驾醉驾；严格遵守“三个规定”，"
        "不私下会见当事人及其律师、特定关系人。严格执行值班制度，保持通讯畅通，外出注意安全，"
        "重大情况及时报告。"
    ),
}


def install(apps, schema_editor):
    IntegrityNoticeTemplate = apps.get_model("notices", "IntegrityNoticeTemplate")
    ReminderSettings = apps.get_model("notices", "ReminderSettings")
    for holiday, body in TEXTS.items():
        IntegrityNoticeTemplate.objects.get_or_create(
            holiday=holiday, defaults={"title": TITLE, "body": body}
        )
    ReminderSettings.objects.get_or_create(pk=1)


def uninstall(apps, schema_editor):
    apps.get_model("notices", "IntegrityNoticeTemplate").objects.filter(
        holiday__in=list(TEXTS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0004_reminders")]

    operations = [migrations.RunPython(install, uninstall)]
