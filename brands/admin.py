from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from brands.models import (
    Brand,
    BrandElement,
    BrandStageChange,
    CertificationCriterion,
    CrossReview,
    Honour,
    InnovationProject,
    InnovationRound,
    ResearchTopic,
    Result,
    RoundCriterion,
    SubBrand,
    TopicStep,
)


class ElementInline(admin.TabularInline):
    model = BrandElement
    extra = 0


class SubBrandInline(admin.TabularInline):
    model = SubBrand
    extra = 0
    raw_id_fields = ["series"]


class StageChangeInline(admin.TabularInline):
    model = BrandStageChange
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "date", "note", "by", "scores", "total"]
    can_delete = False


@admin.register(Brand)
class BrandAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "stage", "is_current", "updated"]
    list_filter = ["stage", "is_current"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["organisation", "replaced_by", "created_by"]
    inlines = [ElementInline, SubBrandInline, StageChangeInline]


@admin.register(CertificationCriterion)
class CertificationCriterionAdmin(admin.ModelAdmin):
    """The criteria the committee scores when it certifies a brand (weights editable)."""

    list_display = ["name", "weight", "position", "is_active"]
    list_editable = ["weight", "position", "is_active"]


@admin.register(Honour)
class HonourAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "level",
        "issuing_body",
        "date",
        "brand",
        "organisation",
        "member",
        "is_withdrawn",
    ]
    list_filter = ["level", "is_withdrawn"]
    search_fields = ["title", "issuing_body"]
    raw_id_fields = ["brand", "organisation", "member", "project", "created_by"]


class StepInline(admin.TabularInline):
    model = TopicStep
    extra = 0


@admin.register(ResearchTopic)
class ResearchTopicAdmin(SimpleHistoryAdmin):
    list_display = ["title", "tier", "year", "brand"]
    list_filter = ["tier", "year"]
    inlines = [StepInline]


@admin.register(Result)
class ResultAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "brand"]
    list_filter = ["kind"]


class RoundCriterionInline(admin.TabularInline):
    model = RoundCriterion
    extra = 0


@admin.register(InnovationRound)
class InnovationRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "state", "submission_deadline", "review_deadline"]
    inlines = [RoundCriterionInline]


@admin.register(InnovationProject)
class InnovationProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "round", "branch", "decision"]
    list_filter = ["decision"]


@admin.register(CrossReview)
class CrossReviewAdmin(SimpleHistoryAdmin):
    list_display = ["project", "reviewer", "reviewer_branch", "submitted_at", "total"]
