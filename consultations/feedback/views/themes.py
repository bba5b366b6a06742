"""Find themes: ask for them (a question, a consultation or the listing's filters), watch the
worker's progress (per cent done and a "Check again" link, so no JavaScript
is needed), then rename, merge, split or discard themes and turn the kept ones into tags.
Only staff who may code answers (view and tag responses) see any of it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assisted_coding.models import Theme, ThemeMember, ThemeRun
from assisted_coding.themes import runs
from consultations.models import Answer

from .. import themes as feedback_themes
from ..queries import ResponseFilterSet, listing_queryset
from ..theme_forms import ThemeMergeForm, ThemeRenameForm, ThemeSplitForm
from .common import permission_required

CODERS = ("view_response", "tag_response")


def _run_url(run) -> str:
    return reverse("feedback:theme_run", args=[run.pk])


@permission_required(*CODERS)
def theme_new(request):
    """Confirm what will be grouped (GET, with the listing's filters and an optional
    `question`), then ask the worker (POST to the same address)."""
    params = request.GET.copy()
    question_id = params.pop("question", [""])[0]
    filterset = ResponseFilterSet(params or None, queryset=listing_queryset())
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, "Those filters are not valid. Change them and try again.")
        return redirect(reverse("feedback:responses") + "?" + params.urlencode())
    answers = feedback_themes.answers_for(filterset, question_id=question_id)
    error = ""
    if request.method == "POST":
        try:
            run = feedback_themes.request_themes(
                filterset, question_id=question_id, user=request.user
            )
        except runs.ThemeError as problem:
            error = str(problem)
        else:
            return redirect(_run_url(run))
    return render(
        request,
        "consultations/feedback/theme_new.html",
        {
            "count": answers.count(),
            "description": feedback_themes.describe(
                filterset, question_id=question_id, answers=answers
            ),
            "query_string": request.GET.urlencode(),
            "error": error,
            "max_answers": feedback_themes.MAX_ANSWERS,
        },
        status=400 if error else 200,
    )


@permission_required(*CODERS)
def theme_runs(request):
    page = Paginator(
        ThemeRun.objects.filter(source=feedback_themes.SOURCE).select_related("requested_by"), 25
    ).get_page(request.GET.get("p"))
    return render(request, "consultations/feedback/theme_runs.html", {"page": page})


def _quotes(themes) -> dict[int, list]:
    members = ThemeMember.objects.filter(theme__in=themes, quote_rank__isnull=False).order_by(
        "quote_rank"
    )
    answers = Answer.objects.select_related("response").in_bulk(
        [int(member.object_id) for member in members]
    )
    quotes: dict[int, list] = {}
    for member in members:
        answer = answers.get(int(member.object_id))
        if answer is not None and not answer.response.is_withdrawn:
            quotes.setdefault(member.theme_id, []).append(answer)
    return quotes


@permission_required(*CODERS)
def theme_run(request, pk, forms=None):
    run = get_object_or_404(ThemeRun, pk=pk, source=feedback_themes.SOURCE)
    if run.is_waiting:
        return render(request, "consultations/feedback/theme_progress.html", {"run": run})
    themes = list(run.themes.annotate(count=Count("members")).order_by("is_unclear", "-count"))
    quotes = _quotes(themes)
    forms = forms or {}
    for theme in themes:
        theme.quotes = quotes.get(theme.pk, [])
        theme.rename_form = forms.get(("rename", theme.pk)) or ThemeRenameForm(
            initial={"label": theme.label}, prefix=f"theme-{theme.pk}"
        )
        theme.split_form = forms.get(("split", theme.pk)) or ThemeSplitForm(
            prefix=f"split-{theme.pk}"
        )
    choices = [theme for theme in themes if not theme.is_unclear]
    merge_form = forms.get("merge") or ThemeMergeForm(themes=_mergeable(run))
    return render(
        request,
        "consultations/feedback/theme_run.html",
        {
            "run": run,
            "themes": themes,
            "merge_form": merge_form,
            "kept": sum(1 for theme in choices if not theme.is_discarded),
            "grouped": sum(theme.count for theme in themes),
        },
        status=400 if forms else 200,
    )


def _mergeable(run):
    return run.themes.filter(is_unclear=False).order_by("label")


def _theme(pk) -> Theme:
    return get_object_or_404(
        Theme.objects.select_related("run"), pk=pk, run__source=feedback_themes.SOURCE
    )


def _done(request, run, message: str):
    messages.success(request, message)
    return redirect(_run_url(run))


def _refused(request, run, problem):
    messages.error(request, str(problem))
    return redirect(_run_url(run))


@require_POST
@permission_required(*CODERS)
def theme_rename(request, pk):
    theme = _theme(pk)
    form = ThemeRenameForm(request.POST, prefix=f"theme-{theme.pk}")
    if not form.is_valid():
        return theme_run(request, theme.run_id, forms={("rename", theme.pk): form})
    try:
        runs.rename(theme, form.cleaned_data["label"])
    except runs.ThemeError as problem:
        form.add_error("label", str(problem))
        return theme_run(request, theme.run_id, forms={("rename", theme.pk): form})
    return _done(request, theme.run, f"Theme renamed “{theme.label}”.")


@require_POST
@permission_required(*CODERS)
def theme_discard(request, pk):
    theme = _theme(pk)
    discard = request.POST.get("discard") == "1"
    try:
        runs.set_discarded(theme, discard)
    except runs.ThemeError as problem:
        return _refused(request, theme.run, problem)
    verb = "discarded: it will not become a tag" if discard else "kept"
    return _done(request, theme.run, f"“{theme.label}” {verb}.")


@require_POST
@permission_required(*CODERS)
def theme_split(request, pk):
    theme = _theme(pk)
    form = ThemeSplitForm(request.POST, prefix=f"split-{theme.pk}")
    if not form.is_valid():
        return theme_run(request, theme.run_id, forms={("split", theme.pk): form})
    try:
        run = runs.split(theme, form.cleaned_data["parts"], request.user)
    except runs.ThemeError as problem:
        return _refused(request, theme.run, problem)
    return redirect(_run_url(run))


@require_POST
@permission_required(*CODERS)
def theme_merge(request, pk):
    run = get_object_or_404(ThemeRun, pk=pk, source=feedback_themes.SOURCE)
    form = ThemeMergeForm(request.POST, themes=_mergeable(run))
    if not form.is_valid():
        return theme_run(request, run.pk, forms={"merge": form})
    try:
        run = runs.merge(
            run,
            list(form.cleaned_data["themes"]),
            form.cleaned_data["into"],
            request.user,
            label=form.cleaned_data["label"],
        )
    except runs.ThemeError as problem:
        return _refused(request, run, problem)
    return redirect(_run_url(run))


@require_POST
@permission_required(*CODERS)
def theme_tags(request, pk):
    run = get_object_or_404(ThemeRun, pk=pk, source=feedback_themes.SOURCE)
    try:
        run = runs.to_tags(run, request.user)
    except runs.ThemeError as problem:
        return _refused(request, run, problem)
    return redirect(_run_url(run))


def urls():
    from django.urls import path

    return [
        path("themes/", theme_runs, name="theme_runs"),
        path("themes/new/", theme_new, name="theme_new"),
        path("themes/<int:pk>/", theme_run, name="theme_run"),
        path("themes/<int:pk>/merge/", theme_merge, name="theme_merge"),
        path("themes/<int:pk>/tags/", theme_tags, name="theme_tags"),
        path("themes/theme/<int:pk>/rename/", theme_rename, name="theme_rename"),
        path("themes/theme/<int:pk>/discard/", theme_discard, name="theme_discard"),
        path("themes/theme/<int:pk>/split/", theme_split, name="theme_split"),
    ]
