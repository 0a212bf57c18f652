"""The query-counting helper of the tests that prove a page costs a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, params=None) -> int:
    """The number of SQL queries a GET of `url` (with `params`) costs; the page must answer 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)
