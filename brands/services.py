"""Services of the brands app: brands, their stages, honours and the results register.

Plain functions with keyword-only arguments, each in one transaction; they refuse a
change with `BrandError` (a translated message, and the form field it concerns). The
innovation-project rounds are in brands/innovation.py.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.models import Member, Organisation
from brands.models import (
    Brand,
    BrandElement,
    BrandError,
    BrandStageChange,
    CertificationCriterion,
    Honour,
    ResearchTopic,
    Result,
    SubBrand,
    TopicStep,
)
from brands.uploads import check_document, check_logo, clean_name

TEXT_LIMITS = {
    "name": 60,
    "core_idea": 200,
    "slogan": 200,
    "description": 5000,
    "carriers": 2000,
    "impact": 2000,
}


@dataclass(frozen=True)
class ElementData:
    kind: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class SubBrandData:
    name: str
    series: object = None  # activities.ActivitySeries
    description: str = ""


def _check_texts(fields: dict) -> None:
    labels = {f.name: f.verbose_name for f in Brand._meta.fields}
    for name, limit in TEXT_LIMITS.items():
        value = fields.get(name)
        if value is not None and len(value) > limit:
            raise BrandError(
                _("%(field)s may have at most %(limit)d characters (it has %(count)d).")
                % {"field": labels[name], "limit": limit, "count": len(value)},
                field=name,
            )
    if "name" in fields and not (fields["name"] or "").strip():
        raise BrandError(_("The brand needs a name."), field="name")


def _require(ok: bool) -> None:
    if not ok:
        raise BrandError(_("You may not make this change."))


def _write_outline(brand, elements, sub_brands) -> None:
    if elements is not None:
        for element in brand.elements.all():
            element.delete()
        positions: dict[str, int] = {}
        for data in elements:
            if data.kind not in BrandElement.Kind.values:
                raise BrandError(_("Unknown outline element kind."))
            positions[data.kind] = positions.get(data.kind, 0) + 1
            BrandElement.objects.create(
                brand=brand,
                kind=data.kind,
                position=positions[data.kind],
                title=data.title[:100],
                text=data.text[:1000],
            )
    if sub_brands is not None:
        for data in sub_brands:
            if data.series is not None and not data.series.branch.path.startswith(
                brand.organisation.path
            ):
                raise BrandError(
                    _("The series %(series)s is not one of %(branch)s's.")
                    % {"series": data.series.name, "branch": brand.organisation.name},
                    field="sub_brands",
                )
        for sub in brand.sub_brands.all():
            sub.delete()
        for position, data in enumerate(sub_brands, start=1):
            SubBrand.objects.create(
                brand=brand,
                name=data.name[:60],
                series=data.series,
                description=data.description[:300],
                position=position,
            )


@transaction.atomic
def brand_create(
    *,
    by,
    organisation: Organisation,
    name: str,
    core_idea: str = "",
    slogan: str = "",
    description: str = "",
    carriers: str = "",
    impact: str = "",
    logo=None,
    elements: list[ElementData] | None = None,
    sub_brands: list[SubBrandData] | None = None,
    replace: bool = False,
) -> Brand:
    """A new draft brand of `organisation`; `replace` retires its current brand (kept)."""
    _require(by.has_perm("brands.add_brand", organisation))
    if organisation.kind not in (Organisation.Kind.BRANCH, Organisation.Kind.COMMITTEE):
        raise BrandError(_("Only a branch or an organ committee has a brand."))
    fields = {
        "name": name.strip(),
        "core_idea": core_idea,
        "slogan": slogan,
        "description": description,
        "carriers": carriers,
        "impact": impact,
    }
    _check_texts(fields)
    logo_type = check_logo(logo) if logo else ""
    current = Brand.objects.select_for_update().filter(organisation=organisation, is_current=True)
    current = current.first()
    if current is not None and not replace:
        raise BrandError(
            _(
                "%(organisation)s already has the brand %(brand)s. Tick “replace the current "
                "brand” to start a new one; the old one is kept in its history."
            )
            % {"organisation": organisation.name, "brand": current.name},
            field="replace",
        )
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current", "updated"])
    brand = Brand.objects.create(
        organisation=organisation,
        created_by=by,
        logo=logo or "",
        logo_type=logo_type,
        **fields,
    )
    if current is not None:
        current.replaced_by = brand
        current.save(update_fields=["replaced_by", "updated"])
    _write_outline(brand, elements, sub_brands)
    return brand


@transaction.atomic
def brand_update(
    *,
    by,
    brand: Brand,
    elements: list[ElementData] | None = None,
    sub_brands: list[SubBrandData] | None = None,
    logo=None,
    **fields,
) -> Brand:
    """Change the brand's texts, logo, outline or sub-brands (history keeps the old ones)."""
    _require(by.has_perm("brands.change_brand", brand))
    if not brand.is_current:
        raise BrandError(_("A replaced brand is kept as it was and cannot be changed."))
    unknown = set(fields) - set(TEXT_LIMITS)
    if unknown:
        raise TypeError(f"brand_update() got unexpected fields {sorted(unknown)}")
    _check_texts(fields)
    if logo:
        brand.logo_type = check_logo(logo)
        brand.logo = logo
    for name, value in fields.items():
        setattr(brand, name, value.strip() if name == "name" else value)
    brand.save()
    _write_outline(brand, elements, sub_brands)
    return brand


def _record_change(brand, *, by, old, note="", scores=None, total=None, date=None):
    return BrandStageChange.objects.create(
        brand=brand,
        from_stage=old,
        to_stage=brand.stage,
        note=note,
        by=by,
        scores=scores or [],
        total=total,
        date=date or timezone.localdate(),
    )


def _move(brand, *, by, stage, note="", scores=None, total=None, date=None):
    mover = brand.mover_of(stage)
    if mover is None:
        brand.transition_to(stage)  # raises the lifecycle's message
    allowed = (
        by.has_perm("brands.change_brand", brand)
        if mover == "branch"
        else by.has_perm("brands.decide_brand", brand)
    )
    _require(allowed)
    old = brand.stage
    brand.transition_to(stage)
    brand.save(update_fields=["stage", "updated"])
    return _record_change(brand, by=by, old=old, note=note, scores=scores, total=total, date=date)


def missing_marks(brand: Brand) -> list[str]:
    """Which of the five marks (名称、标识、内涵、载体、影响) the brand does not show yet."""
    missing = []
    if not brand.name.strip():
        missing.append(_("brand name"))
    if not brand.logo:
        missing.append(_("logo"))
    if not brand.core_idea.strip():
        missing.append(_("core idea"))
    if not brand.carrier_list:
        missing.append(_("carriers"))
    if not brand.impact.strip():
        missing.append(_("impact"))
    return missing


@transaction.atomic
def brand_apply(*, by, brand: Brand, note: str = "") -> BrandStageChange:
    """The branch applies (or re-applies after amending): the five marks must be there."""
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    missing = missing_marks(brand)
    if missing and brand.stage in (Brand.Stage.DRAFT, Brand.Stage.RETURNED):
        raise BrandError(
            _("An application shows the five marks; still missing: %(missing)s.")
            % {"missing": "、".join(str(m) for m in missing)}
        )
    return _move(brand, by=by, stage=Brand.Stage.APPLIED, note=note[:2000])


@transaction.atomic
def brand_return(*, by, brand: Brand, reason: str) -> BrandStageChange:
    """The committee returns an application with the reason the branch must amend."""
    reason = (reason or "").strip()
    if not reason:
        raise BrandError(_("Say why the application is returned."), field="reason")
    if len(reason) > 2000:
        raise BrandError(_("The reason may have at most 2,000 characters."), field="reason")
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    return _move(brand, by=by, stage=Brand.Stage.RETURNED, note=reason)


def weighted_total(scores: dict[str, Decimal], criteria) -> Decimal:
    weights = sum(c.weight for c in criteria)
    if not weights:
        return Decimal(0)
    total = sum(Decimal(scores[c.name]) * c.weight for c in criteria) / weights
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def brand_certify(
    *, by, brand: Brand, scores: dict[str, Decimal], note: str = ""
) -> BrandStageChange:
    """The committee certifies with a 0–100 score per active criterion (weighted total)."""
    criteria = list(CertificationCriterion.objects.filter(is_active=True))
    clean = {}
    for criterion in criteria:
        value = scores.get(criterion.name)
        if value is None:
            raise BrandError(_("Give a score for “%(criterion)s”.") % {"criterion": criterion.name})
        value = Decimal(value)
        if not Decimal(0) <= value <= Decimal(100):
            raise BrandError(
                _("The score for “%(criterion)s” must be between 0 and 100.")
                % {"criterion": criterion.name}
            )
        clean[criterion.name] = value
    total = weighted_total(clean, criteria)
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    return _move(
        brand,
        by=by,
        stage=Brand.Stage.CERTIFIED,
        note=note[:2000],
        scores=[[c.name, str(clean[c.name]), c.weight] for c in criteria],
        total=total,
    )


@transaction.atomic
def brand_advance(*, by, brand: Brand, stage: str, note: str = "") -> BrandStageChange:
    """The committee moves a certified brand on: cultivating → publicised → selected."""
    if stage not in (Brand.Stage.CULTIVATING, Brand.Stage.PUBLICISED, Brand.Stage.SELECTED):
        raise BrandError(_("Use certification or return for an application."))
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    return _move(brand, by=by, stage=stage, note=note[:2000])


# --- honours ------------------------------------------------------------------------------------
@transaction.atomic
def honour_add(
    *,
    by,
    title: str,
    level: str,
    issuing_body: str,
    date: datetime.date,
    brand: Brand | None = None,
    organisation: Organisation | None = None,
    member: Member | None = None,
    file=None,
    project=None,
) -> Honour:
    holders = [h for h in (brand, organisation, member) if h is not None]
    if len(holders) != 1:
        raise BrandError(_("An honour belongs to one brand, one organisation or one member."))
    owner = brand.organisation if brand else organisation or member.branch
    if owner is None or not by.has_perm("brands.add_honour", owner):
        raise BrandError(_("You may not make this change."))
    if level not in Honour.Level.values:
        raise BrandError(_("Choose the level of the honour."), field="level")
    if not title.strip() or len(title) > 200:
        raise BrandError(_("The honour needs a title of at most 200 characters."), field="title")
    if date > timezone.localdate():
        raise BrandError(_("An honour cannot be dated in the future."), field="date")
    file_type = check_document(file) if file else ""
    return Honour.objects.create(
        title=title.strip(),
        level=level,
        issuing_body=issuing_body.strip()[:100],
        date=date,
        brand=brand,
        organisation=organisation,
        member=member,
        file=file or "",
        file_type=file_type,
        file_name=(clean_name(file.name) if file else ""),
        project=project,
        created_by=by,
    )


@transaction.atomic
def honour_withdraw(*, by, honour: Honour) -> Honour:
    if not by.has_perm("brands.change_honour", honour):
        raise BrandError(_("You may not make this change."))
    honour.is_withdrawn = True
    honour.save(update_fields=["is_withdrawn"])
    return honour


# --- results register ---------------------------------------------------------------------------
@transaction.atomic
def topic_add(
    *, by, brand: Brand, title: str, tier: str, year: int, lead: str = ""
) -> ResearchTopic:
    _require(by.has_perm("brands.change_brand", brand))
    if tier not in ResearchTopic.Tier.values:
        raise BrandError(_("Choose the tier of the topic."), field="tier")
    if not title.strip() or len(title) > 200:
        raise BrandError(_("The topic needs a title of at most 200 characters."), field="title")
    return ResearchTopic.objects.create(
        brand=brand, title=title.strip(), tier=tier, year=year, lead=lead[:100]
    )


@transaction.atomic
def topic_step_record(
    *, by, topic: ResearchTopic, step: int, date: datetime.date, note: str = ""
) -> TopicStep:
    """Record that the topic went through one of the seven steps on `date` (or correct it)."""
    _require(by.has_perm("brands.change_brand", topic.brand))
    step = int(step)
    if step not in TopicStep.Step.values:
        raise BrandError(_("Choose one of the seven steps."), field="step")
    if date > timezone.localdate():
        raise BrandError(_("A step cannot be dated in the future."), field="date")
    earlier = topic.steps.filter(step__lt=step, date__gt=date).first()
    if earlier is not None:
        raise BrandError(
            _("“%(step)s” cannot come before “%(earlier)s” (%(date)s).")
            % {
                "step": TopicStep.Step(step).label,
                "earlier": earlier.get_step_display(),
                "date": earlier.date.isoformat(),
            },
            field="date",
        )
    row, _created = TopicStep.objects.update_or_create(
        topic=topic, step=step, defaults={"date": date, "note": note[:300]}
    )
    return row


@transaction.atomic
def result_add(
    *,
    by,
    brand: Brand,
    kind: str,
    title: str,
    date: datetime.date,
    recipient: str = "",
    reply_received: bool = False,
    level: str = "",
    description: str = "",
) -> Result:
    _require(by.has_perm("brands.change_brand", brand))
    if kind not in Result.Kind.values:
        raise BrandError(_("Unknown kind of result."))
    if not title.strip() or len(title) > 200:
        raise BrandError(_("The result needs a title of at most 200 characters."), field="title")
    if len(description) > 2000:
        raise BrandError(
            _("The description may have at most 2,000 characters."), field="description"
        )
    if kind == Result.Kind.SUGGESTION and not recipient.strip():
        raise BrandError(_("Say to whom the judicial suggestion was sent."), field="recipient")
    if kind == Result.Kind.TYPICAL_CASE and level not in Honour.Level.values:
        raise BrandError(_("Choose the level at which the case was selected."), field="level")
    return Result.objects.create(
        brand=brand,
        kind=kind,
        title=title.strip(),
        date=date,
        recipient=recipient.strip()[:100] if kind == Result.Kind.SUGGESTION else "",
        reply_received=reply_received if kind == Result.Kind.SUGGESTION else False,
        level=level if kind == Result.Kind.TYPICAL_CASE else "",
        description=description,
    )


@transaction.atomic
def suggestion_reply_received(*, by, result: Result) -> Result:
    _require(by.has_perm("brands.change_brand", result.brand))
    result.reply_received = True
    result.save(update_fields=["reply_received"])
    return result


def is_committee(user) -> bool:
    return scope_for(user).is_committee_staff
