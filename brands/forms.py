"""Forms of the brands app (crispy-forms renders them with Bootstrap 5)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.attachments import ACCEPT
from activities.models import ActivitySeries
from branches.errors import ServiceErrorFormMixin
from brands.models import (
    Brand,
    BrandElement,
    CertificationCriterion,
    Honour,
    InnovationProject,
    ResearchTopic,
    Result,
    TopicStep,
)
from brands.uploads import LOGO_ACCEPT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class BrandForm(ServiceErrorFormMixin, forms.Form):
    name = forms.CharField(label=_("brand name"), max_length=60)
    core_idea = forms.CharField(label=_("core idea"), required=False, max_length=200)
    slogan = forms.CharField(label=_("slogan"), required=False, max_length=200)
    logo = forms.FileField(
        label=_("logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": LOGO_ACCEPT}),
        help_text=_("An image (JPG, PNG, GIF or WebP) of at most 2 MB."),
    )
    description = forms.CharField(
        label=_("description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    carriers = forms.CharField(
        label=_("carriers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One carrier per line (a regular programme, a place, a platform)."),
    )
    impact = forms.CharField(
        label=_("impact"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the brand has achieved and who recognises it."),
    )
    outline = forms.CharField(
        label=_("outline"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One element per line, starting with its kind: 目标 (goal), 方向 (direction), "
            "支点 (pivot) or 要求 (requirement), then a colon and the text, e.g. "
            "“目标：建设学习型支部”."
        ),
    )
    sub_brands = forms.CharField(
        label=_("sub-brands"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One sub-brand per line: its name, and after “=” the activity series it runs "
            "as (e.g. “理论日=理论学习日”)."
        ),
    )
    replace = forms.BooleanField(
        label=_("replace the current brand (it is kept in the history)"), required=False
    )

    KIND_WORDS = {
        "目标": BrandElement.Kind.GOAL,
        "goal": BrandElement.Kind.GOAL,
        "方向": BrandElement.Kind.DIRECTION,
        "direction": BrandElement.Kind.DIRECTION,
        "支点": BrandElement.Kind.PIVOT,
        "pivot": BrandElement.Kind.PIVOT,
        "要求": BrandElement.Kind.REQUIREMENT,
        "requirement": BrandElement.Kind.REQUIREMENT,
    }

    def __init__(self, *args, organisation, brand=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.series = {
            s.name: s
            for s in ActivitySeries.objects.filter(
                branch__path__startswith=organisation.path
            ).order_by("name")
        }
        self.fields["sub_brands"].help_text = str(self.fields["sub_brands"].help_text) + (
            " "
            + str(_("Series of this branch: %(names)s.")) % {"names": "、".join(self.series) or "—"}
        )
        if brand is not None:
            del self.fields["replace"]
            kinds = {v: k for k, v in self.KIND_WORDS.items() if not k.isascii()}
            self.initial.update(
                {
                    "name": brand.name,
                    "core_idea": brand.core_idea,
                    "slogan": brand.slogan,
                    "description": brand.description,
                    "carriers": brand.carriers,
                    "impact": brand.impact,
                    "outline": "\n".join(
                        f"{kinds[e.kind]}：{e.title}" + (f"｜{e.text}" if e.text else "")
                        for e in brand.elements.all()
                    ),
                    "sub_brands": "\n".join(
                        s.name + (f"={s.series.name}" if s.series_id else "")
                        for s in brand.sub_brands.select_related("series")
                    ),
                }
            )

    def clean_outline(self):
        from brands.services import ElementData

        elements = []
        for number, line in enumerate(self.cleaned_data["outline"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            head, sep, rest = line.replace(":", "：").partition("：")
            kind = self.KIND_WORDS.get(head.strip().lower())
            if not sep or kind is None or not rest.strip():
                raise forms.ValidationError(
                    _("Line %(n)d: start with 目标, 方向, 支点 or 要求 and a colon.")
                    % {"n": number}
                )
            title, _bar, text = rest.partition("｜")
            if len(title.strip()) > 100:
                raise forms.ValidationError(
                    _("Line %(n)d: an element's title has at most 100 characters.") % {"n": number}
                )
            elements.append(ElementData(kind=kind, title=title.strip(), text=text.strip()))
        return elements

    def clean_sub_brands(self):
        from brands.services import SubBrandData

        subs = []
        for number, line in enumerate(self.cleaned_data["sub_brands"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            name, sep, series_name = line.partition("=")
            series = None
            if sep and series_name.strip():
                series = self.series.get(series_name.strip())
                if series is None:
                    raise forms.ValidationError(
                        _("Line %(n)d: %(series)s is not an activity series of this branch.")
                        % {"n": number, "series": series_name.strip()}
                    )
            if not name.strip() or len(name.strip()) > 60:
                raise forms.ValidationError(
                    _("Line %(n)d: a sub-brand needs a name of at most 60 characters.")
                    % {"n": number}
                )
            subs.append(SubBrandData(name=name.strip(), series=series))
        return subs


class NoteForm(ServiceErrorFormMixin, forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(ServiceErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason for returning"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CertifyForm(ServiceErrorFormMixin, forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(CertificationCriterion.objects.filter(is_active=True))
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（{_('weight')} {criterion.weight}）",
                min_value=0,
                max_value=100,
                decimal_places=1,
                help_text=_("0 to 100"),
                error_messages={
                    "min_value": _("A score is between 0 and 100."),
                    "max_value": _("A score is between 0 and 100."),
                },
            )

    def scores(self):
        return {c.name: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class HonourForm(ServiceErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("honour"), max_length=200)
    level = forms.ChoiceField(label=_("level"), choices=Honour.Level.choices)
    issuing_body = forms.CharField(label=_("issuing body"), max_length=100)
    date = forms.DateField(label=_("date awarded"), widget=DATE)
    file = forms.FileField(
        label=_("certificate file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("Optional: a photo, PDF or Word file."),
    )


class TopicForm(ServiceErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("research topic"), max_length=200)
    tier = forms.ChoiceField(label=_("tier"), choices=ResearchTopic.Tier.choices)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    lead = forms.CharField(label=_("lead researchers"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class StepForm(ServiceErrorFormMixin, forms.Form):
    step = forms.TypedChoiceField(label=_("step"), choices=TopicStep.Step.choices, coerce=int)
    date = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class ResultForm(ServiceErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Result.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    date = forms.DateField(label=_("date"), widget=DATE)
    recipient = forms.CharField(
        label=_("receiving body"),
        max_length=100,
        required=False,
        help_text=_("For a judicial suggestion: the body it was sent to."),
    )
    reply_received = forms.BooleanField(label=_("reply received"), required=False)
    level = forms.ChoiceField(
        label=_("level"),
        choices=[("", "—"), *Honour.Level.choices],
        required=False,
        help_text=_("For a typical case: the level that selected it."),
    )
    description = forms.CharField(
        label=_("description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoundForm(ServiceErrorFormMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=120)
    criteria = forms.CharField(
        label=_("criteria and full marks"),
        initial="实效性=50\n创新性=25\n可操作性=25",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One criterion per line: name=full marks."),
    )
    submission_deadline = forms.DateField(label=_("submission deadline"), widget=DATE)
    review_deadline = forms.DateField(label=_("review deadline"), widget=DATE)
    select_count = forms.IntegerField(label=_("number to select"), min_value=1, initial=5)
    excellent_cap_percent = forms.IntegerField(
        label=_("cap on excellent (percent of those selected)"),
        min_value=0,
        max_value=100,
        initial=50,
    )
    reviewers_per_project = forms.IntegerField(
        label=_("reviewers per project"), min_value=1, max_value=9, initial=3
    )

    def clean_criteria(self):
        criteria = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _sep, weight = line.replace("＝", "=").partition("=")
            if not weight.strip().isdigit() or not name.strip():
                raise forms.ValidationError(_("Write each criterion as name=full marks."))
            criteria.append((name.strip()[:60], int(weight)))
        if not criteria:
            raise forms.ValidationError(_("A round needs at least one criterion."))
        return criteria


class ProjectForm(ServiceErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("project title"), max_length=120)
    summary = forms.CharField(
        label=_("summary"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("At most 3,000 characters."),
    )
    brand = forms.ModelChoiceField(label=_("brand"), queryset=Brand.objects.none(), required=False)
    attachments = MultipleFileField(
        label=_("attachments"), required=False, help_text=_("Photos, PDF or Word files.")
    )

    def __init__(self, *args, branch, project: InnovationProject | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = Brand.objects.current().filter(organisation=branch)
        if project is not None:
            self.initial.update(
                {"title": project.title, "summary": project.summary, "brand": project.brand_id}
            )
        else:
            self.initial["brand"] = self.fields["brand"].queryset.first()


class ReviewForm(ServiceErrorFormMixin, forms.Form):
    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(review.project.round.criteria.all())
        existing = {s.criterion_id: s for s in review.scores.all()}
        for criterion in self.criteria:
            self.fields[f"s{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（0–{criterion.weight}）",
                decimal_places=1,
                min_value=0,
                max_value=criterion.weight,
                error_messages={
                    "min_value": _("A score is between 0 and %(max)d.") % {"max": criterion.weight},
                    "max_value": _("A score is between 0 and %(max)d.") % {"max": criterion.weight},
                },
                initial=existing[criterion.pk].score if criterion.pk in existing else None,
            )
            self.fields[f"m{criterion.pk}"] = forms.CharField(
                label=_("comment on %(criterion)s") % {"criterion": criterion.name},
                max_length=500,
                required=False,
                initial=existing[criterion.pk].comment if criterion.pk in existing else "",
            )

    def scores(self):
        return {
            c.pk: (self.cleaned_data[f"s{c.pk}"], self.cleaned_data[f"m{c.pk}"])
            for c in self.criteria
        }


class ReassignForm(ServiceErrorFormMixin, forms.Form):
    reviewer = forms.ChoiceField(label=_("reviewer"))

    def __init__(self, *args, pool, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = {str(user.pk): (user, branch_id) for user, branch_id in pool}
        self.fields["reviewer"].choices = [
            (str(user.pk), user.get_full_name())
            for user, branch_id in pool
            if branch_id != project.branch_id
        ]


class DecisionForm(ServiceErrorFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"), choices=InnovationProject.Decision.choices, required=False
    )
    note = forms.CharField(label=_("decision note"), max_length=300, required=False)
