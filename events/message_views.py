"""Admin screens for messaging the people booked on an event: write, preview, send, and the
event's past messages. Whoever may see the event's attendees may message them
(`access.can_message_attendees`); the rules live in `messaging`."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import access, messaging
from .forms import AttendeeMessageForm
from .models import AttendeeMessage


def _event_for(request, event_id: int):
    event = access.event_for_attendees(request.user, event_id)
    if not access.can_message_attendees(request.user, event):
        raise PermissionDenied
    return event


def _render(request, event, form, *, preview=False, count=0, status=200):
    return TemplateResponse(
        request,
        "events/admin/message_attendees.html",
        {
            "page_title": f"Message people booked on {event.title}",
            "header_icon": "mail",
            "event": event,
            "form": form,
            "preview": preview,
            "recipient_count": count,
            "sender_name": messaging.sender_name(request.user, event),
            "messages_left_today": messaging.messages_left_today(event),
            "past_messages": AttendeeMessage.objects.for_event(event)[:20],
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def message_attendees(request, event_id: int):
    """GET: the form. POST "preview": check it and say how many people it reaches. POST
    "send": send it (once per form key). POST "change": back to the form, text kept."""
    event = _event_for(request, event_id)
    if request.method != "POST":
        form = AttendeeMessageForm(initial={"key": secrets.token_urlsafe(24)})
        return _render(request, event, form)
    form = AttendeeMessageForm(request.POST)
    action = request.POST.get("action", "preview")
    if not form.is_valid():
        return _render(request, event, form, status=400)
    data = form.cleaned_data
    if action == "change":
        return _render(request, event, form)
    if action != "send":
        count = messaging.recipients(event, data["audiences"]).count()
        return _render(request, event, form, preview=True, count=count)
    try:
        message, created = messaging.send_message(
            event,
            user=request.user,
            audiences=data["audiences"],
            subject=data["subject"],
            body=data["body"],
            key=data["key"],
        )
    except messaging.MessageRefused as refusal:
        form.add_error(None, str(refusal))
        return _render(request, event, form, status=400)
    if created:
        messages.success(
            request,
            f"Your message is on its way to {message.recipient_count} "
            f"{'person' if message.recipient_count == 1 else 'people'}.",
        )
    else:
        messages.info(request, "This message was already sent. We have not sent it again.")
    return redirect("event_attendees:message", event_id=event.pk)
