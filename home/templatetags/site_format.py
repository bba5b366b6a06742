"""Built-in template filters (see TEMPLATES in settings): GOV.UK dates and times, site links.

    {{ event.start|govuk_date }}                 1 December 2026
    {{ event.start|govuk_date:"weekday" }}       Tuesday 1 December 2026
    {{ job.created_at|govuk_datetime:"short" }}  1 Dec 2026 at 7:30pm
    {{ hold_until|govuk_datetime:"weekday,no_year" }}
    {{ event.end|govuk_time }}                   9pm
    {% govuk_today %}                            1 December 2026
    {{ path|site_url }}                          https://vru.example.org/path (for emails)
    {% if form|shows_filters:count %}            a listing long enough for filters

Options are comma-separated: "weekday", "short", "no_year". See home/formatting.py.
"""

from django import template
from django.utils import timezone

from home import formatting
from home.links import site_url as _site_url

register = template.Library()


def _options(arg: str) -> dict:
    chosen = {option.strip() for option in (arg or "").split(",") if option.strip()}
    unknown = chosen - {"weekday", "short", "no_year"}
    if unknown:
        raise template.TemplateSyntaxError(f"Unknown date option(s): {', '.join(sorted(unknown))}")
    return {
        "weekday": "weekday" in chosen,
        "short": "short" in chosen,
        "year": "no_year" not in chosen,
    }


@register.filter
def govuk_date(value, arg: str = "") -> str:
    return formatting.format_date(value, **_options(arg))


@register.filter
def govuk_time(value) -> str:
    return formatting.format_time(value)


@register.filter
def govuk_datetime(value, arg: str = "") -> str:
    return formatting.format_datetime(value, **_options(arg))


@register.simple_tag
def govuk_today(arg: str = "") -> str:
    """Today's date in London: {% govuk_today %} gives "1 December 2026"."""
    return formatting.format_date(timezone.localdate(), **_options(arg))


@register.filter
def site_url(value) -> str:
    """An absolute link on the configured site address, for emails."""
    return _site_url(str(value)) if value else ""


# Under 6 items a listing is about two phone screens of cards: reading them is quicker than
# choosing filters, and a filter would mostly empty the list (decision 0029).
FILTERS_MIN_ITEMS = 6


@register.filter
def shows_filters(form, count) -> bool:
    """Whether a listing of `count` items shows its filter `form` (includes/filters.html):
    when it is long enough to need them, or a filter is chosen, so it can be changed."""
    return form.has_changed() or count >= FILTERS_MIN_ITEMS
