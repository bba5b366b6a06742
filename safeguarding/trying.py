"""Try the screening: a Safeguarding lead types a sentence and sees whether each stage would
flag it, with category and confidence. Nothing is stored.

- The phrase list runs here, in the web process, and shows at once.
- The semantic stage may only run in the task worker (the web process never loads the
  model). The sentence goes into the shared cache under a random key for at most
  `TRY_SECONDS`; the task's queued row holds only that key; the worker reads the sentence from
  the cache, writes its finding back under the same key and returns nothing, so the task
  row never holds the sentence or the result. Until the finding arrives the result page says
  "Checking…" with a "Check again" button (no JavaScript needed). It does not reload itself:
  a timed `<meta http-equiv="refresh">` fails WCAG 2.2.1 (technique F41).
- Nothing reaches the database: no flag, no pending row, no vector, no audit entry with the
  text. "Forget it now" deletes the key at once; otherwise the cache drops it after
  `TRY_SECONDS`. This needs a cache shared by web and worker processes (Redis in
  production, as sign-in rate limits already do).
"""

import logging
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .access import lead_only
from .screening import screen_text

logger = logging.getLogger("vru.safeguarding")

TRY_SECONDS = 600  # how long the sentence and its findings live in the cache
SLOW_AFTER_SECONDS = 60  # then say the worker may not be running
KEY_PREFIX = "safeguarding:try:"


class TryForm(forms.Form):
    sentence = forms.CharField(
        label="Wording to try",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Up to 2,000 characters. It is not saved: it is forgotten within 10 minutes.",
        error_messages={
            "required": "Type the wording you want to try.",
            "max_length": "Keep it to 2,000 characters or fewer.",
        },
    )


def _cache_key(key: str) -> str:
    return KEY_PREFIX + key


def phrase_findings(text: str) -> dict:
    matches = screen_text(text)
    return {
        "flag": bool(matches),
        "categories": list(dict.fromkeys(match.category.name for match in matches)),
        "phrases": [match.phrase for match in matches],
    }


def start_check(text: str, user) -> str:
    """Screen `text` with the phrase list now and queue the semantic stage; returns the key."""
    key = secrets.token_urlsafe(24)
    cache.set(
        _cache_key(key),
        {
            "user_id": user.pk,
            "text": text,
            "phrase": phrase_findings(text),
            "semantic": None,
            "started": timezone.now().timestamp(),
        },
        timeout=TRY_SECONDS,
    )
    if getattr(settings, "SAFEGUARDING_SEMANTIC_ENQUEUE", True):
        from .tasks import check_wording

        try:
            check_wording.enqueue(key)
        except Exception:  # noqa: BLE001 - say so on the page rather than fail
            logger.exception("Could not queue a screening try")
            _save_semantic(key, {"error": "The meaning check could not be queued. Try again."})
    return key


def _save_semantic(key: str, finding: dict) -> None:
    entry = cache.get(_cache_key(key))
    if entry is not None:
        entry["semantic"] = finding
        cache.set(_cache_key(key), entry, timeout=TRY_SECONDS)


def run_semantic_check(key: str) -> None:
    """In the task worker: classify the sentence held under `key` and write the finding back.
    Does nothing if the key has expired or been forgotten."""
    from .models import SafeguardingCategory
    from .semantic import classify_texts

    entry = cache.get(_cache_key(key))
    if entry is None or entry.get("semantic") is not None:
        return
    results = classify_texts([entry["text"]])
    if not results:
        _save_semantic(key, {"error": "No classifier is active yet."})
        return
    result = results[0]
    names = dict(
        SafeguardingCategory.objects.filter(slug__in=result.categories).values_list("slug", "name")
    )
    _save_semantic(
        key,
        {
            "flag": result.flag,
            "confidence_percent": round(result.confidence * 100),
            "categories": [names.get(slug, slug) for slug in result.categories],
        },
    )


def _entry_for(request, key: str) -> dict:
    entry = cache.get(_cache_key(key)) if len(key) < 100 else None
    if entry is None or entry.get("user_id") != request.user.pk:
        raise Http404("This check has expired. Try the wording again.")
    return entry


def _page(request, form, status=200):
    return TemplateResponse(
        request,
        "safeguarding/try.html",
        {"form": form, "header_title": "Try the screening", "breadcrumbs_items": []},
        status=status,
    )


@lead_only
@require_http_methods(["GET", "HEAD", "POST"])
def try_screening(request):
    if request.method != "POST":
        return _page(request, TryForm())
    form = TryForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    key = start_check(form.cleaned_data["sentence"], request.user)
    return redirect("safeguarding:try_result", key=key)


@lead_only
@require_safe
def try_result(request, key: str):
    entry = _entry_for(request, key)
    waited = timezone.now().timestamp() - entry["started"]
    checking = entry["semantic"] is None
    return TemplateResponse(
        request,
        "safeguarding/try_result.html",
        {
            "key": key,
            "text": entry["text"],
            "phrase": entry["phrase"],
            "semantic": entry["semantic"],
            "checking": checking,
            "slow": checking and waited > SLOW_AFTER_SECONDS,
            "form": TryForm(),
            "header_title": "Try the screening",
            "breadcrumbs_items": [],
        },
    )


@lead_only
@require_POST
def forget(request, key: str):
    _entry_for(request, key)
    cache.delete(_cache_key(key))
    messages.success(request, "Forgotten: the wording is no longer held anywhere.")
    return redirect("safeguarding:try")
