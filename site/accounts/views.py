"""Accounts' own views (the account pages are in my_account.py)."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Wagtail admin's own login page is replaced by allauth's, which asks for MFA."""
    query = {"next": request.GET["next"]} if request.GET.get("next") else {}
    url = reverse("account_login")
    return redirect(f"{url}?{urlencode(query)}" if query else url)
