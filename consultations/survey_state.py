"""What the survey journey keeps between requests, and what its views share: the answers in
progress (in the server-side session, one key per consultation), rendering, refusals, and
checking every step's answers before sending.

The state: `{"data": {post key: [values]}, "visited": [step numbers], "started_at": epoch
seconds, "token": submission token, "submitted": {token: reference}, "draft_key": the key these
answers share with their continue-later links, "group_session": pk of a group session joined,
"staff_entry": {"source": "paper" or "workshop", "note": ...} while staff type in paper
responses (decision 0032)}`.
"""

import re

from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDict

from consultations import services
from consultations.forms import (
    build_step_form,
    other_field_name,
)
from consultations.models import GroupSession

STAFF_ENTRY_PERMISSION = "consultations.enter_paper_response"


def _session_key(page) -> str:
    return f"consultation:{page.pk}"


def _state(request, page) -> dict:
    state = request.session.get(_session_key(page))
    if not isinstance(state, dict):
        state = {}
    state.setdefault("data", {})
    state.setdefault("visited", [])
    state.setdefault("submitted", {})
    # Staff typing in a paper form never load their own saved answers into it.
    if (
        not state["data"]
        and request.user.is_authenticated
        and not state.get("draft_loaded")
        and not state.get("staff_entry")
    ):
        state["draft_loaded"] = True
        draft = services.load_draft(page, request.user)
        if draft:
            state["data"] = draft["answers"].get("data", {})
            state["visited"] = draft["answers"].get("visited", [])
            # This device now carries the saved answers' key, so they are sent only once.
            state["draft_key"] = draft["draft_key"]
        _save_state(request, page, state)
    return state


def _staff_entry(request, state: dict) -> services.StaffEntry | None:
    """Staff typing in a paper or workshop response: their mode is kept in this browser's
    state, and counts only while they still hold the permission."""
    mode = state.get("staff_entry")
    if not isinstance(mode, dict) or not request.user.has_perm(STAFF_ENTRY_PERMISSION):
        return None
    return services.StaffEntry(
        entered_by=request.user, source=str(mode.get("source")), note=str(mode.get("note"))
    )


def _taking_answers(request, page, state: dict) -> bool:
    """Open to everyone; for staff typing in paper forms, closed consultations too."""
    if page.is_open:
        return True
    return _staff_entry(request, state) is not None and services.may_take_staff_entry(page)


def start_staff_entry(request, page, *, source: str, note: str) -> None:
    """Put this browser in staff mode for the consultation, with empty answers."""
    _save_state(
        request,
        page,
        {
            "data": {},
            "visited": [],
            "submitted": {},
            "draft_loaded": True,
            "staff_entry": {"source": source, "note": note},
        },
    )


def stop_staff_entry(request, page) -> None:
    request.session.pop(_session_key(page), None)


def _save_state(request, page, state: dict) -> None:
    request.session[_session_key(page)] = state
    request.session.modified = True


SUBMISSION_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _step_data(step, state: dict) -> MultiValueDict:
    """The kept answers that belong to one step, as form data."""
    keys = build_step_form(step).answer_keys()
    return MultiValueDict(
        {key: list(values) for key, values in state["data"].items() if key in keys}
    )


# --- shared rendering ------------------------------------------------------------------------


def _render(request, page, template, context=None, status=200):
    state = request.session.get(_session_key(page))
    staff_entry = _staff_entry(request, state) if isinstance(state, dict) else None
    context = {
        "page": page,
        "self": page,
        "request": request,
        "staff_entry": staff_entry,
        **(context or {}),
    }
    response = TemplateResponse(request, template, context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


REFUSALS = {
    "not_open": (403, "This consultation is not taking answers"),
    "honeypot": (400, "We could not accept your answers"),
    "too_fast": (400, "We could not accept your answers"),
    "rate_limited": (429, "Too many answers from your connection"),
    "session_limited": (429, "Too many answers from this browser"),
    "email_limited": (429, "We could not send another link just now"),
    "expired": (400, "This page has expired"),
    "bad_link": (404, "This link does not work"),
    "link_used": (410, "These answers have already been sent"),
    "already_sent": (409, "These answers have already been sent"),
    "bad_group_link": (404, "This group link does not work"),
}


def _refuse(request, page, reason: str):
    status, heading = REFUSALS[reason]
    return _render(
        request,
        page,
        "consultations/refused.html",
        {
            "reason": reason,
            "heading": heading,
            "status": page.current_status,
            "check_url": page.subpage_url("check_route"),
            "continue_later_url": page.subpage_url("continue_later_route"),
        },
        status=status,
    )


def _group_session(page, state) -> GroupSession | None:
    """The group session this browser joined for this consultation, if any."""
    pk = state.get("group_session")
    if not isinstance(pk, int):
        return None
    return GroupSession.objects.filter(pk=pk, consultation=page).first()


def _has_routes(steps) -> bool:
    return any(
        question.block.route_targets(question.value)
        for step in steps
        for question in step.questions
    )


def _route(steps, state):
    """Follow the answers kept so far from step 1, re-checking each step on the way against
    the questions as they are now; where a step goes next is its answers' to say
    (`Step.next_number`). Steps the route passes by are not checked, so their required
    questions are not required, and their answers are never sent.

    Returns (route, answers, needs_attention): the step numbers the route passes through,
    the answers on it (every question, answered or not), and the first step on it that is
    not finished or no longer valid (None when the route reaches the end).
    """
    route, answers, number = [], [], 1 if steps else None
    while number is not None:
        step = steps[number - 1]
        route.append(number)
        form = build_step_form(step, _step_data(step, state))
        if number not in state["visited"] or not form.is_valid():
            return route, answers, number
        for question in step.questions:
            answers.append(
                services.AnsweredQuestion(
                    question=question,
                    value=form.cleaned_data.get(question.id),
                    other_text=form.cleaned_data.get(other_field_name(question.id)) or "",
                )
            )
        number = step.next_number(form.cleaned_data, len(steps))
    return route, answers, None


def _came_from(steps, state, number: int) -> int | None:
    """The step before this one on the person's route (None: this is the first). Without
    routes that is simply the step before."""
    if number <= 1:
        return None
    if not _has_routes(steps):
        return number - 1
    route, _answers, _needs_attention = _route(steps, state)
    return max((step for step in route if step < number), default=number - 1)
