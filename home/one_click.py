"""One view shape for every "stop these emails" link: RFC 8058 one-click unsubscribe.

GET shows a page with one button ("Stop emails"); POST stops them. Mail providers POST to the
link themselves, without a CSRF token, so the view is exempt; the signed link is the proof.
A broken or changed link gets the site's "This link does not work" page with status 400.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .links import InvalidLink


def one_click_stop_view(
    *,
    check: Callable[[str], object],
    stop: Callable[[str], object],
    confirm_template: str,
    done_template: str,
    invalid_template: str = "link_invalid.html",
):
    """A view taking `link`: `check(link)` before showing the button, `stop(link)` on POST.
    Both raise `InvalidLink` for a link that does not work."""

    @csrf_exempt  # RFC 8058 one-click unsubscribe: mail providers POST without a CSRF token.
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, link: str) -> HttpResponse:
        try:
            if request.method == "POST":
                stop(link)
                return render(request, done_template)
            check(link)
        except InvalidLink:
            return render(request, invalid_template, status=400)
        return render(request, confirm_template, {"link": link})

    return view
