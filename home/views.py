import re
import unicodedata
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not. For load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Search engines may list the public pages, question pages included (they are the same for
# everyone); nothing personal (a response's confirmation, continue-later and group links,
# booking, consent and email links, accounts) and no admin. The links themselves are unguessable:
# this keeps them out of indexes if someone shares one.
ROBOTS_TXT = """User-agent: *
Disallow: /admin/
Disallow: /accounts/
Disallow: /my-account/
Disallow: /search/
Disallow: /events/booking/
Disallow: /events/consent/
Disallow: /email-updates/confirm/
Disallow: /email-updates/change/
Disallow: /email-updates/unsubscribe/
Disallow: /*/confirmation/
Disallow: /*/resume/
Disallow: /*/group/
"""


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


# Control and format characters (NUL, right-to-left overrides, zero-width marks) have no
# place in a search and could reorder the text they are echoed next to.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs"})
_WORD = re.compile(r"\w+")


def clean_search_query(raw: str) -> str:
    """What the visitor typed, made safe to show back: invisible characters removed,
    whitespace collapsed, cut to a sane length."""
    visible = "".join(ch for ch in raw if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    return " ".join(visible.split())[:SEARCH_QUERY_MAX_LENGTH]


def search_terms(query: str) -> str:
    """Only the words go to the search backend: SQLite's full-text syntax fails on a lone
    quote, and punctuation adds nothing to a plain-words search."""
    return " ".join(_WORD.findall(query))


@require_safe
def search(request: HttpRequest) -> TemplateResponse:
    """Search live, public pages of the current site. A missing, non-numeric or out-of-range
    page number shows the nearest real page."""
    query = clean_search_query(request.GET.get("q", ""))
    terms = search_terms(query)
    results = Page.objects.none()
    if terms:
        pages = Page.objects.live().public()
        site = Site.find_for_request(request)
        if site is not None:
            pages = pages.in_site(site)
        results = pages.specific().search(terms)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": query,
            "query_string": urlencode({"q": query}),
            "results": page_of_results,
            "paginator": paginator,
        },
    )
