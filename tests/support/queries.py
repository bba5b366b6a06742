"""Query budgets: how many database queries one request may make (issue 17)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def within_budget(budgets: dict[str, int], name: str, make_request):
    """Make the request and fail, listing its queries, if it made more than budgets[name]."""
    with CaptureQueriesContext(connection) as queries:
        response = make_request()
    assert len(queries) <= budgets[name], (
        f"{name}: {len(queries)} queries, budget {budgets[name]}:\n"
        + "\n".join(query["sql"][:150] for query in queries.captured_queries)
    )
    return response
