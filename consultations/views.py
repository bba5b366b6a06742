"""The survey journey: start page, steps, check your answers, submit, confirmation, continue
later. Called from ConsultationPage's routes. Views parse, call a service, render. What the
journey keeps between requests is in consultations/survey_state.py.
"""

import sys
import time

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

from consultations import services
from consultations.forms import (
    ContactForm,
    ContinueLaterForm,
    build_step_form,
    describe_answer,
)
from consultations.models import ConsultationPage, PublicationConsent, Response
from consultations.page_sections import page_sections
from consultations.publishing_views import published_responses  # noqa: F401 - a route view
from consultations.survey_state import (
    SUBMISSION_TOKEN,
    _came_from,
    _group_session,
    _refuse,
    _render,
    _route,
    _save_state,
    _session_key,
    _staff_entry,
    _state,
    _step_data,
    _taking_answers,
)
from home.forms import honeypot_filled
from home.http import client_ip

MIN_SECONDS_TO_COMPLETE = 3


# --- the journey -----------------------------------------------------------------------------


def consultation_start(request, page):
    """The consultation's own page. For a visitor with no session and not signed in it is
    the same for everyone, so the anonymous page cache may keep it until the consultation
    opens or closes; anyone with answers in progress gets a personal, uncached page."""
    if request.method != "GET" and request.method != "HEAD":
        response = (
            _refuse(request, page, "not_open")
            if not page.is_open
            else HttpResponseRedirect(page.url)
        )
        add_never_cache_headers(response)
        return response
    state = _state(request, page) if page.is_open else {"data": {}}
    steps = page.steps()
    response = TemplateResponse(
        request,
        "consultations/consultation_page.html",
        {
            "page": page,
            "self": page,
            "status": page.current_status,
            "steps": steps,
            "has_progress": bool(state["data"]),
            "first_step_url": page.subpage_url("step_route", number=1),
            "check_url": page.subpage_url("check_route"),
            "published_url": page.subpage_url("published_responses_route"),
            "sections": page_sections(request, page),
        },
    )
    personal = (
        state["data"]
        or request.user.is_authenticated
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )
    if personal:
        add_never_cache_headers(response)
    else:
        response.page_cache_seconds = page.seconds_until_status_changes()
    return response


@never_cache
def survey_step(request, page, number):
    steps = page.steps()
    if number < 1 or number > len(steps):
        raise Http404("No such step")
    step = steps[number - 1]
    state = _state(request, page)
    if not _taking_answers(request, page, state):
        if request.method == "POST":
            return _refuse(request, page, "not_open")
        return HttpResponseRedirect(page.url)
    staff_entry = _staff_entry(request, state)
    return_to_check = (
        request.GET.get("return") == "check" or request.POST.get("return_to") == "check"
    )

    if request.method == "POST":
        if honeypot_filled(request.POST):
            return _refuse(request, page, "honeypot")
        form = build_step_form(step, request.POST)
        valid = form.is_valid()
        action = request.POST.get("action", "continue")
        if staff_entry is not None:
            action = "continue"  # a paper form is typed in at one sitting
        if valid or (action == "continue_later" and not form.non_field_errors()):
            for key in form.answer_keys():
                state["data"].pop(key, None)
            state["data"].update(form.stored_data())
            # "Visited" means finished: a step saved half done is not checked on return.
            if valid and step.number not in state["visited"]:
                state["visited"].append(step.number)
            elif not valid and step.number in state["visited"]:
                state["visited"].remove(step.number)
            state.setdefault("started_at", time.time())
            if request.user.is_authenticated and not state.get("draft_key") and staff_entry is None:
                state["draft_key"] = services.new_draft_key()
            _save_state(request, page, state)
            if staff_entry is None:  # never saved to the staff member's own account
                services.save_draft(
                    page,
                    request.user,
                    {"data": state["data"], "visited": state["visited"]},
                    draft_key=state.get("draft_key") or "",
                )
            if action == "continue_later":
                return HttpResponseRedirect(page.subpage_url("continue_later_route"))
            if valid:
                following = step.next_number(form.cleaned_data, len(steps))
                if return_to_check or following is None:
                    return HttpResponseRedirect(page.subpage_url("check_route"))
                return HttpResponseRedirect(page.subpage_url("step_route", number=following))
    else:
        kept = _step_data(step, state)
        if number in state["visited"]:
            form = build_step_form(step, kept)
            form.is_valid()  # show problems with answers kept from before
        elif kept:
            # Saved half done ("continue later"): show what was typed, not a page of errors.
            form = build_step_form(step, kept, show_errors=False)
        else:
            form = build_step_form(step)
        if "started_at" not in state:
            state["started_at"] = time.time()
            _save_state(request, page, state)

    came_from = None if return_to_check else _came_from(steps, state, number)
    back_url = (
        page.subpage_url("check_route")
        if return_to_check
        else page.subpage_url("step_route", number=came_from)
        if came_from
        else page.url
    )
    return _render(
        request,
        page,
        "consultations/step.html",
        {
            "form": form,
            "step": step,
            "step_count": len(steps),
            "back_url": back_url,
            "return_to_check": return_to_check,
            "form_action": page.subpage_url("step_route", number=number),
        },
    )


@never_cache
def check_answers(request, page):
    state = _state(request, page)
    if request.method == "POST":
        token = request.POST.get("submission_token", "")
        # Tokens are URL-safe base64 (services.new_submission_token); anything else, such as
        # a NUL byte PostgreSQL cannot even compare, cannot be a replay.
        if SUBMISSION_TOKEN.fullmatch(token):
            replayed = Response.objects.filter(consultation=page, submission_token=token).first()
            if replayed is not None:
                return HttpResponseRedirect(
                    page.subpage_url("confirmation_route", reference=replayed.reference)
                )
    if not _taking_answers(request, page, state):
        if request.method == "POST":
            return _refuse(request, page, "not_open")
        return HttpResponseRedirect(page.url)
    staff_entry = _staff_entry(request, state)

    steps = page.steps()
    route, answers, needs_attention = _route(steps, state)
    if needs_attention is not None:
        if request.method == "POST" and not state["data"]:
            return _refuse(request, page, "expired")
        return HttpResponseRedirect(
            page.subpage_url("step_route", number=needs_attention)
            + ("?return=check" if needs_attention in state["visited"] else "")
        )
    if not state.get("token"):
        state["token"] = services.new_submission_token()
        _save_state(request, page, state)

    publication = _publication_questions(page, answers)
    if request.method == "POST":
        contact_form = ContactForm(request.POST, **publication)
        if honeypot_filled(request.POST):
            return _refuse(request, page, "honeypot")
        if request.POST.get("submission_token") != state["token"]:
            return _refuse(request, page, "expired")
        too_fast = time.time() - float(state.get("started_at") or 0) < MIN_SECONDS_TO_COMPLETE
        # Staff typing in paper forms are signed in and many: the ceilings for anonymous
        # browsers are not for them.
        if too_fast and staff_entry is None:
            return _refuse(request, page, "too_fast")
        if contact_form.is_valid():
            group_session = _group_session(page, state)
            # Refused answers stay in the session: the page says how to send them later.
            refusal = staff_entry is None and services.sending_refusal(
                address=client_ip(request),
                session_key=request.session.session_key,
                group_session=group_session,
            )
            if refusal:
                return _refuse(request, page, refusal)
            try:
                response, _created = services.submit_response(
                    page,
                    answers=answers,
                    submission_token=state["token"],
                    user=request.user,
                    contact_email=contact_form.cleaned_data["contact_email"],
                    draft_key=state.get("draft_key") or "",
                    group_session=group_session,
                    staff_entry=staff_entry,
                    publication=services.PublicationChoice(**contact_form.publication_choice()),
                )
            except services.ConsultationNotOpen:
                return _refuse(request, page, "not_open")
            except services.AlreadySent:
                state.update(data={}, visited=[], token=None, draft_key=None)
                state.pop("started_at", None)
                _save_state(request, page, state)
                return _refuse(request, page, "already_sent")
            state["submitted"][state["token"]] = response.reference
            # The group session stays: the next person on a shared tablet is in it too.
            state.update(data={}, visited=[], token=None, draft_key=None)
            state.pop("started_at", None)
            _save_state(request, page, state)
            return HttpResponseRedirect(
                page.subpage_url("confirmation_route", reference=response.reference)
            )
    else:
        contact_form = ContactForm(initial={"submission_token": state["token"]}, **publication)

    # Only the route taken: questions it passed by were not asked, and are not sent.
    answered = {item.question.id: item for item in answers}
    rows = []
    for number in route:
        for question in steps[number - 1].questions:
            item = answered[question.id]
            rows.append(
                {
                    "label": question.label,
                    "answer": describe_answer(question, item.value, item.other_text),
                    "change_url": page.subpage_url("step_route", number=number)
                    + f"?return=check#id_{question.id}",
                }
            )
    return _render(
        request,
        page,
        "consultations/check_answers.html",
        {
            "rows": rows,
            "form": contact_form,
            "form_action": page.subpage_url("check_route"),
            # Back to the last step of the route taken, as on every other question page.
            "back_url": page.subpage_url("step_route", number=route[-1]) if route else page.url,
        },
    )


def _publication_questions(page, answers) -> dict:
    """ContactForm's publication questions for these answers (none when the consultation
    does not publish responses)."""
    if not page.publish_responses:
        return {}
    age_band = services.told_age_band(answers)
    return {
        "consent_question": page.publish_consent_question,
        "age_check": services.age_check(age_band),
    }


def confirmation(request, page, reference):
    response = Response.objects.filter(consultation=page, reference=reference[:12]).first()
    if response is None:
        raise Http404("No such response")
    state = request.session.get(_session_key(page))
    sent_here = isinstance(state, dict) and reference in (state.get("submitted") or {}).values()
    # The link to stop publishing is only for the browser that sent the answers.
    consent = PublicationConsent.objects.filter(response=response).first() if sent_here else None
    return _render(
        request,
        page,
        "consultations/confirmation.html",
        {
            "response": response,
            "publication_consent": consent,
            "stop_publishing_url": consent.get_link_path("respondent") if consent else "",
            "asked_for_update": bool(response.contact_email),
            # A shared tablet at a workshop goes round the group.
            "in_group_session": isinstance(state, dict) and bool(state.get("group_session")),
            "staff_entry_url": reverse("feedback:response", args=[response.pk])
            if isinstance(state, dict) and _staff_entry(request, state)
            else "",
            "first_step_url": page.subpage_url("step_route", number=1),
        },
    )


@never_cache
def continue_later(request, page):
    if not page.is_open:
        if request.method == "POST":
            return _refuse(request, page, "not_open")
        return HttpResponseRedirect(page.url)
    state = _state(request, page)
    sent = False
    form = ContinueLaterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not state["data"]:
            return _refuse(request, page, "expired")
        if not services.may_send_continue_later_email(
            address=client_ip(request),
            session_key=request.session.session_key,
            email=form.cleaned_data["email"],
        ):
            return _refuse(request, page, "email_limited")
        if not state.get("draft_key"):
            state["draft_key"] = services.new_draft_key()
            _save_state(request, page, state)
        services.send_continue_later_link(
            page,
            email=form.cleaned_data["email"],
            answers={"data": state["data"], "visited": state["visited"]},
            draft_key=state["draft_key"],
            user=request.user,
        )
        sent = True
    return _render(
        request,
        page,
        "consultations/continue_later.html",
        {
            "form": form,
            "sent": sent,
            "is_signed_in": request.user.is_authenticated,
            "first_step_url": page.subpage_url("step_route", number=1),
            "form_action": page.subpage_url("continue_later_route"),
        },
    )


@never_cache
def resume(request, page, token):
    if not page.is_open:
        return HttpResponseRedirect(page.url)
    link = services.find_continue_later_link(page, token)
    if link is None:
        if services.continue_later_link_was_used(page, token):
            return _refuse(request, page, "link_used")
        return _refuse(request, page, "bad_link")
    taken = services.resume_continue_later_link(link, request.user)
    state = _state(request, page)
    state["data"] = dict(taken["answers"].get("data", {}))
    state["visited"] = list(taken["answers"].get("visited", []))
    state["draft_key"] = taken["draft_key"]
    state["started_at"] = time.time()
    state["token"] = None
    _save_state(request, page, state)
    return HttpResponseRedirect(page.subpage_url("check_route"))


@never_cache
def join_group_session(request, page, code):
    """A group session's link. Inside its window and capacity it lets this browser in;
    otherwise it says so plainly, and the person answers under the normal rules."""
    if not page.is_open:
        return HttpResponseRedirect(page.url)
    group_session = services.find_group_session(page, code)
    if group_session is None:
        return _refuse(request, page, "bad_group_link")
    state = _state(request, page)
    if state.get("group_session") == group_session.pk and group_session.is_running():
        outcome = "admitted"
    else:
        outcome = services.admit_to_group_session(group_session)
    if outcome == "admitted":
        state["group_session"] = group_session.pk
    else:
        state.pop("group_session", None)
    _save_state(request, page, state)
    return _render(
        request,
        page,
        "consultations/group_session.html",
        {
            "group_session": group_session,
            "outcome": outcome,
            "start_url": page.subpage_url("step_route", number=1),
        },
    )


def attach_route_views() -> None:
    """Give the consultation page its views (called by the app's ready())."""
    ConsultationPage.route_views = sys.modules[__name__]
