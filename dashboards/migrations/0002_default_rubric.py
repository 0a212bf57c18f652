"""The default star-rating rubric after the published 星级 schemes (110 points)."""

from decimal import Decimal

from django.db import migrations

DEFAULT_RUBRIC = [
    # code, section, name, weight, source (a copy: migrations do not import app code)
    ("leadership", "leadership", "领导班子：班子健全、书记履职、议事规则落实", 15, "committee"),
    ("backbone", "backbone", "骨干队伍：党员教育管理、发展党员、骨干作用", 10, "committee"),
    ("venue", "venue", "活动阵地：党员活动室规范、制度上墙、资料齐全", 10, "committee"),
    ("cadence", "system", "工作制度：三会一课、主题党日等按规定频次开展", 10, "cadence"),
    ("ledger", "safeguards", "保障机制：三级三类台账任务按期完成", 10, "ledger"),
    ("attendance", "performance", "工作业绩：党员参加组织生活的出勤", 10, "attendance"),
    ("assessment", "performance", "工作业绩：月度综合考评", 10, "assessment"),
    ("brand", "performance", "工作业绩：党建品牌创建阶段", 10, "brand_stage"),
    ("public", "public", "群众评价：服务对象和干警满意度", 15, "committee"),
    ("honours", "bonus", "加分项目：集体荣誉（按级别）", 6, "honours"),
    ("innovation", "bonus", "加分项目：党建创新项目", 4, "innovation"),
]


def install(apps, schema_editor):
    RubricCriterion = apps.get_model("dashboards", "RubricCriterion")
    if RubricCriterion.objects.exists():
        return
    RubricCriterion.objects.bulk_create(
        RubricCriterion(
            code=code,
            section=section,
            name=name,
            weight=Decimal(weight),
            source=source,
            sort_order=index * 10,
        )
        for index, (code, section, name, weight, source) in enumerate(DEFAULT_RUBRIC, 1)
    )


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
