"""The bare page of `make bench` (scripts/bench.py): the yardstick for the key pages.

Served only when the BENCH setting is on (environment variable BENCH=true): the same
middleware as every page, one indexed query and a 50-row template, so the bench can say
how far a key page is from what Django itself costs on the same server in the same run.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path

from branches.models import Member


@login_required
def bare(request):
    """50 members by primary key (an index scan), no context processors, no navigation."""
    rows = Member.objects.order_by("pk").values_list("pk", "employee_number", "name")[:50]
    return HttpResponse(render_to_string("bench/bare.html", {"rows": rows}))


urlpatterns = [path("bench/bare/", bare, name="bench_bare")]
