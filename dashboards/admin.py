from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dashboards.models import BranchRating, RubricCriterion
from dashboards.rubric import SOURCE_CHOICES


class RubricCriterionForm(forms.ModelForm):
    source = forms.ChoiceField(choices=SOURCE_CHOICES)

    class Meta:
        model = RubricCriterion
        fields = [
            "code",
            "section",
            "name",
            "description",
            "weight",
            "source",
            "is_active",
            "sort_order",
        ]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(SimpleHistoryAdmin):
    """The rubric editor: the model's clean() refuses logins, time online, photos and media."""

    form = RubricCriterionForm
    list_display = ["name", "section", "weight", "source_label", "is_active", "sort_order"]
    list_editable = ["weight", "is_active", "sort_order"]
    list_filter = ["section", "is_active"]

    def changelist_view(self, request, extra_context=None):
        from django.contrib import messages
        from django.db.models import Sum
        from django.utils.translation import gettext as _

        total = RubricCriterion.objects.filter(is_active=True).aggregate(s=Sum("weight"))["s"] or 0
        if request.method == "GET" and total != 110:
            messages.warning(
                request,
                _("The active criteria add up to %(total)s points; published schemes use 110.")
                % {"total": total},
            )
        return super().changelist_view(request, extra_context)


@admin.register(BranchRating)
class BranchRatingAdmin(SimpleHistoryAdmin):
    list_display = [
        "branch",
        "year",
        "state",
        "computed_score",
        "computed_stars",
        "confirmed_stars",
    ]
    list_filter = ["year", "state"]
    readonly_fields = ["computed_score", "computed_stars", "breakdown", "computed_at"]
    list_select_related = ["branch"]
