"""The portal's home page (config/urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dashboards.home import home_context


@login_required
def home(request):
    return render(request, "dashboards/home.html", home_context(request.user))
