"""The query string that pagination, sorting and export links carry over.

Every list view passes ``querystring(request)`` to its template as ``querystring``; the
one pagination partial (templates/partials/_pagination.html, included with ``page``)
appends ``page=N`` to it, and export links reuse it so they export what is filtered::

    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "…", {"page": page, "querystring": querystring(request)})
"""


def querystring(request, *drop: str) -> str:
    """The current query string without the page number (and the keys in `drop`)."""
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()
