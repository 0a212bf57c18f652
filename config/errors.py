"""Error pages inside the portal's layout, in the user's language, with a way back.

Django renders templates/403.html and 404.html itself (with the request, so the layout
has its navigation). The 500 page and the CSRF failure page go through the views below:
the 500 view renders the layout with the request when it can, and a bare page when even
that fails (the database may be what broke).
"""

import logging

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

BARE_500 = (
    '<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>服务器出错</title>'
    '<h1>服务器出错</h1><p>请稍后再试。</p><p><a href="/">返回首页</a></p></html>'
)


def server_error(request, template_name="500.html"):
    try:
        return render(request, template_name, status=500)
    except Exception:  # the layout itself needs the database, which may be down
        logger.exception("The 500 page could not be rendered in the layout.")
        try:
            return HttpResponseServerError(loader.render_to_string("500_bare.html"))
        except Exception:
            return HttpResponseServerError(BARE_500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was stale (or cookies are off); say so and offer a way back."""
    response = render(request, "403_csrf.html", {"reason": reason}, status=403)
    return HttpResponseForbidden(response.content)
