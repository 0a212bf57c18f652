"""A brand's results register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches.fetch import require_change
from brands import selectors, services
from brands.forms import (
    ResultForm,
    StepForm,
    TopicForm,
)
from brands.models import BrandError
from brands.views.common import (
    brand_or_404,
    year_param,
)


@login_required
@require_http_methods(["GET", "POST"])
def results(request, pk):
    """The results register: topics with their steps, suggestions, typical cases, others."""
    brand = brand_or_404(request, pk)
    can_change = brand.is_current and request.user.has_perm("brands.change_brand", brand)
    topic_form = TopicForm(prefix="topic")
    result_form = ResultForm(prefix="result")
    step_form = StepForm(prefix="step")
    if request.method == "POST":
        require_change(request.user, "brands.change_brand", brand)
        what = request.POST.get("what")
        try:
            if what == "topic":
                topic_form = TopicForm(request.POST, prefix="topic")
                if topic_form.is_valid():
                    services.topic_add(by=request.user, brand=brand, **topic_form.cleaned_data)
                    messages.success(request, _("The research topic is added."))
                    return redirect("brands:results", brand.pk)
            elif what == "step":
                step_form = StepForm(request.POST, prefix="step")
                topic = get_object_or_404(brand.topics, pk=request.POST.get("topic"))
                if step_form.is_valid():
                    services.topic_step_record(
                        by=request.user, topic=topic, **step_form.cleaned_data
                    )
                    messages.success(request, _("The step is recorded."))
                    return redirect("brands:results", brand.pk)
            elif what == "result":
                result_form = ResultForm(request.POST, prefix="result")
                if result_form.is_valid():
                    services.result_add(by=request.user, brand=brand, **result_form.cleaned_data)
                    messages.success(request, _("The result is added."))
                    return redirect("brands:results", brand.pk)
            elif what == "reply":
                result = get_object_or_404(brand.results, pk=request.POST.get("result"))
                services.suggestion_reply_received(by=request.user, result=result)
                messages.success(request, _("The reply is recorded."))
                return redirect("brands:results", brand.pk)
            else:
                raise Http404
        except BrandError as error:
            form = {"topic": topic_form, "step": step_form, "result": result_form}[what]
            form.add_service_error(error)
    data = selectors.brand_page(brand, year=year_param(request))
    return render(
        request,
        "brands/results.html",
        {
            "brand": brand,
            **data,
            "can_change": can_change,
            "topic_form": topic_form,
            "step_form": step_form,
            "result_form": result_form,
        },
    )
