"""Write flows for the benchmark: a survey answered step by step and sent, and an event booked
(and sometimes cancelled), as an anonymous visitor with a browser would, plus the checks run
against the database afterwards.

The flows run inside loadgen.py (no Django there); they read the forms out of the pages'
HTML and fill them in, so they follow whatever questions the seeded consultation asks. Each
journey carries a unique marker (in a free-text answer, or in the booking's email address) so
the checks can find exactly what each acknowledgement stands for without trusting the
mechanism under test (the submission token, the booking's duplicate check). A booking is
acknowledged only with "check your email": the flow then reads the booker's email in the
site's outbox (the benchmark runs no email worker, so every email stays there) to find the
manage link, as the booker would.

The verify functions run in a process with Django set up against the benchmark database and
return {"problems": [...], "summary": "..."}: an empty list of problems means every
acknowledged submission or booking is stored exactly once and no event holds more people than
it has places.
"""

import asyncio
import json
import os
import random
import re
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from bench.loadgen import Connection, HttpError

# The survey refuses answers sent sooner than this after the first step was shown
# (consultations.views.MIN_SECONDS_TO_COMPLETE, 3 s), as a bot check; keep a margin.
SECONDS_BEFORE_SUBMITTING = 3.3
# One submission or booking in this many is sent twice at once, as a double click does.
DOUBLE_SEND_EVERY = 10
# One booking in this many is cancelled through its manage link, freeing a place for the
# first person waiting.
CANCEL_EVERY = 4
MARKER_PREFIX = "bench-"
FREE_TEXT = "More street lights, and youth clubs open later in the evening."


# --- reading forms ---------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    inputs: list[dict] = field(default_factory=list)  # attributes of each <input>
    textareas: list[dict] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)  # name -> option values
    buttons: list[dict] = field(default_factory=list)


class _FormParser(HTMLParser):
    """Collects every POST form on a page: inputs, textareas, selects and buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                self._form = Form(action=attributes.get("action", ""))
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            self._form.inputs.append(attributes)
        elif tag == "textarea":
            self._form.textareas.append(attributes)
        elif tag == "select":
            self._select = attributes.get("name", "")
            self._form.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self._form.selects[self._select].append(attributes.get("value", ""))
        elif tag == "button":
            self._form.buttons.append(attributes)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_form(html: bytes, path: str) -> Form:
    """The page's POST form (the first whose action is on this page, else the first)."""
    parser = _FormParser()
    parser.feed(html.decode("utf-8", "replace"))
    if not parser.forms:
        raise HttpError(f"no POST form on {path}")
    on_page = [form for form in parser.forms if urlsplit(form.action).path in ("", path)]
    form = (on_page or parser.forms)[0]
    form.action = urlsplit(form.action).path or path
    return form


ERROR_ITEM = re.compile(r'class="error-summary__list">\s*<li>(.*?)</li>', re.S)
EXCLUSIVE_OPTION = re.compile(r"^(__|none\b|prefer not\b|i do not\b)", re.I)
RANKING_NAME = re.compile(r"^(?P<question>.+)_(?P<index>\d+)$")


def fill(form: Form, *, text: str, email: str, choose_everything: bool = True) -> list:
    """Answers for every field a person would fill in: a random option for each radio group,
    one or two boxes for each group of checkboxes (never "other"), a number for numeric
    inputs, `text` in text areas, a full order for ranking selects and an option for other
    selects. The honeypot (and any box a person cannot reach) is left empty."""
    data: list[tuple[str, str]] = []
    radios: dict[str, list[str]] = {}
    checkboxes: dict[str, list[str]] = {}
    for attributes in form.inputs:
        name = attributes.get("name")
        kind = attributes.get("type", "text").lower()
        if not name:
            continue
        if kind == "hidden":
            data.append((name, attributes.get("value", "")))
        elif kind == "radio":
            radios.setdefault(name, []).append(attributes.get("value", ""))
        elif kind == "checkbox":
            checkboxes.setdefault(name, []).append(attributes.get("value", "on"))
        elif kind in ("submit", "button", "search"):
            continue
        elif attributes.get("tabindex") == "-1" or name.endswith("-other"):
            data.append((name, ""))  # the honeypot, and "other, please say" left unticked
        elif kind == "email":
            data.append((name, email if choose_everything else ""))
        elif attributes.get("inputmode") == "numeric" or kind == "number":
            data.append((name, str(random.randint(1, 30))))
        else:
            data.append((name, text[:60]))
    for name, values in radios.items():
        # "No" to "are you under 16?": a young person's place waits for a parent's consent.
        preferred = [value for value in values if value.lower() == "no"]
        data.append((name, preferred[0] if "16" in name and preferred else random.choice(values)))
    for name, values in checkboxes.items():
        if len(values) == 1:  # a single yes/no box, such as "email me the results"
            if choose_everything:
                data.append((name, values[0]))
            continue
        # Never "other" (it needs its own text) nor the answers that must stand alone.
        options = [value for value in values if not EXCLUSIVE_OPTION.match(value)] or values
        for value in random.sample(options, k=min(len(options), random.randint(1, 2))):
            data.append((name, value))
    for attributes in form.textareas:
        if attributes.get("name"):
            data.append((attributes["name"], text))
    rankings: dict[str, list[str]] = {}
    for name, options in form.selects.items():
        match = RANKING_NAME.match(name)
        values = [value for value in options if value]
        if match and values and all(value.isdigit() for value in values):
            rankings.setdefault(match["question"], []).append(name)
        elif values:
            data.append((name, random.choice(values)))
    for names in rankings.values():
        order = list(range(1, len(names) + 1))
        random.shuffle(order)
        data.extend((name, str(position)) for name, position in zip(names, order, strict=True))
    for attributes in form.buttons:
        if attributes.get("name") and attributes.get("value") == "continue":
            data.append((attributes["name"], attributes["value"]))
            break
    return data


def form_body(data: list[tuple[str, str]]) -> tuple[bytes, dict[str, str]]:
    return urlencode(data).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def redirect_target(reply, what: str) -> str:
    """Where a POST that worked redirects to; an HttpError naming the form's first error (or
    the status) otherwise."""
    location = reply.headers.get("location")
    if reply.status not in (301, 302, 303) or not location:
        problem = ERROR_ITEM.search(reply.body.decode("utf-8", "replace"))
        detail = f": {unescape(re.sub(r'<[^>]+>', '', problem[1])).strip()}" if problem else ""
        raise HttpError(f"{what} answered {reply.status}, not a redirect{detail}")
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def expect_page(connection: Connection, path: str, jar: dict, label: str) -> bytes:
    reply = await connection.request("GET", path, label=label, cookies=jar)
    if reply.status != 200:
        raise HttpError(f"GET {path} answered {reply.status}")
    return reply.body


def run_prefix(run: dict) -> str:
    """What every marker of this loadgen run starts with, so the checks look only at what
    this run stored even in a database that has seen other runs."""
    return f"{MARKER_PREFIX}{run['run_id']}-"


def new_marker(run: dict) -> str:
    return run_prefix(run) + uuid.uuid4().hex[:16]


# --- survey submission -----------------------------------------------------------------------


@dataclass
class Journey:
    marker: str
    jar: dict[str, str]
    check_path: str
    data: list[tuple[str, str]]
    ready_at: float


async def _answer_survey(connection: Connection, start_path: str) -> Journey:
    """A new visitor reads the consultation page, answers every step and reaches 'check your
    answers'. Every request is timed as `journey`."""
    jar: dict[str, str] = {}
    marker = new_marker(connection.run)
    text = f"[{marker}] {FREE_TEXT}"  # marker first, so a short text box keeps it too
    await expect_page(connection, start_path, jar, "journey")
    path = start_path.rstrip("/") + "/step/1/"
    ready_at = None
    for _step in range(50):
        html = await expect_page(connection, path, jar, "journey")
        if ready_at is None:  # the survey starts its clock when the first step is shown
            ready_at = time.monotonic() + SECONDS_BEFORE_SUBMITTING
        form = post_form(html, path)
        body, headers = form_body(fill(form, text=text, email=f"{marker}@example.org"))
        reply = await connection.request(
            "POST", form.action, body, headers, label="journey", cookies=jar
        )
        path = redirect_target(reply, f"POST {form.action}")
        if "/step/" not in path:
            break
    if not path.rstrip("/").endswith("check-your-answers"):
        raise HttpError(f"the survey ended at {path}, not at check your answers")
    html = await expect_page(connection, path, jar, "journey")
    form = post_form(html, path)
    # One in four asks to hear about the results, which stores their email address.
    data = fill(
        form,
        text=text,
        email=f"{marker}@example.org",
        choose_everything=random.random() < 0.25,
    )
    return Journey(marker, jar, form.action, data, ready_at)


async def _post_maybe_twice(connection, counter_name, path, body, headers, label, jar):
    """POST a form; every DOUBLE_SEND_EVERY-th time (per `counter_name`) send it twice at once
    from two connections, as a double click does. Returns (this send's number, replies)."""
    counter = connection.run.setdefault(counter_name, 0) + 1
    connection.run[counter_name] = counter
    double = counter % DOUBLE_SEND_EVERY == 0
    senders = [connection, connection.sibling()] if double else [connection]
    try:
        replies = await asyncio.gather(
            *(
                sender.request(
                    "POST", path, body, headers, label=label, cookies=jar, stoppable=False
                )
                for sender in senders
            )
        )
    finally:
        if double:
            await senders[1].close()
    return counter, replies


async def _send_answers(connection: Connection, journey: Journey) -> None:
    """Press 'Send my answers' (sometimes twice at once) and read the confirmation. The
    submission is timed as `submit`, the confirmation page as `journey`."""
    body, headers = form_body(journey.data)
    counter, replies = await _post_maybe_twice(
        connection, "submissions", journey.check_path, body, headers, "submit", journey.jar
    )
    double = len(replies) > 1
    references = []
    for reply in replies:
        target = redirect_target(reply, f"POST {journey.check_path}")
        match = re.search(r"/confirmation/([^/]+)/", target)
        if match is None:
            raise HttpError(f"sending answers redirected to {target}, not a confirmation")
        references.append(match[1])
        connection.run["acks"].append(
            {"marker": journey.marker, "reference": match[1], "double": double}
        )
    page = await expect_page(connection, target, journey.jar, "journey")
    if references[-1].encode() not in page:
        raise HttpError(f"the confirmation page does not show the reference {references[-1]}")


async def submit_survey(connection: Connection, path: str) -> None:
    """One step of a client's survey traffic. Each client keeps journeys that are waiting out
    the survey's minimum time; it sends the oldest when it is ready and otherwise starts a new
    one, so concurrency stays fixed and the server sees whole journeys."""
    waiting: deque[Journey] = connection.state.setdefault("waiting", deque())
    if waiting and waiting[0].ready_at <= time.monotonic():
        await _send_answers(connection, waiting.popleft())
    else:
        waiting.append(await _answer_survey(connection, path))


def verify_submissions(report: dict) -> dict:
    """Every acknowledged journey has exactly one response, the one it was told about; both
    halves of a double send were told the same reference; nothing was stored that was not
    acknowledged (unless a request failed before its answer came back)."""
    from django.db.models import Count

    from consultations.models import Answer, Response

    acks = report["acks"]
    told: dict[str, set[str]] = {}
    for ack in acks:
        told.setdefault(ack["marker"], set()).add(ack["reference"])
    stored: dict[str, list[str]] = {}
    rows = (
        Answer.objects.filter(value_text__contains=f"[{run_prefix(report)}")
        .values_list("value_text", "response__reference")
        .distinct()
    )
    marker_pattern = re.compile(r"\[(" + re.escape(run_prefix(report)) + r"[0-9a-f]+)\]")
    for text, reference in rows:
        match = marker_pattern.search(text)
        if match:
            stored.setdefault(match[1], [])
            if reference not in stored[match[1]]:
                stored[match[1]].append(reference)

    problems = []
    lost = [marker for marker in told if marker not in stored]
    doubled = [marker for marker, refs in stored.items() if len(refs) > 1]
    mismatched = [
        marker
        for marker, refs in told.items()
        if len(refs) > 1 or (marker in stored and set(stored[marker]) != refs)
    ]
    unacknowledged = [marker for marker in stored if marker not in told]
    failed_sends = report["errors_including_warmup"].get("submit", 0)
    if lost:
        problems.append(f"{len(lost)} acknowledged submissions missing, e.g. {lost[0]}")
    if doubled:
        problems.append(f"{len(doubled)} submissions stored more than once, e.g. {doubled[0]}")
    if mismatched:
        problems.append(f"{len(mismatched)} told a reference that is not theirs")
    if len(unacknowledged) > failed_sends:
        problems.append(
            f"{len(unacknowledged)} responses stored but never acknowledged "
            f"({failed_sends} sends failed)"
        )
    duplicate_tokens = (
        Response.objects.values("submission_token").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    if duplicate_tokens:
        problems.append(f"{duplicate_tokens} submission tokens used by more than one response")
    doubles = sum(1 for ack in acks if ack["double"]) // 2
    summary = (
        f"{len(told)} acknowledged submissions ({doubles} sent twice at once), "
        f"{sum(len(refs) for refs in stored.values())} stored responses carry a journey "
        f"marker: {len(lost)} lost, {len(doubled)} duplicated"
    )
    return {"problems": problems, "summary": summary}


# --- event booking ---------------------------------------------------------------------------


BOOKING_SENT_PATH = re.compile(r"^/events/(\d+)/check-your-email/$")
MANAGE_LINK = re.compile(r"https?://[^/\s]+(/events/booking/(\d+)/[^/\s?#]+/)")
# The emails that answer a booking attempt: one per attempt, whether it booked a place, a
# place on the waiting list or nothing (the address already had a booking).
BOOKING_EMAIL_PURPOSES = ("events.confirmation", "events.waitlist", "events.already_booked")


async def read_inbox(connection: Connection, address: str) -> list[tuple[str, str]]:
    """The emails the site has sent to `address` so far, oldest first, as (purpose, text).

    The benchmark runs no email worker, so every email stays in the site's outbox
    (home.models.OutboundEmail), written in the same transaction as the booking: reading it
    there is reading the booker's inbox. Each client keeps one database connection."""
    import psycopg

    database = connection.state.get("outbox")
    try:
        if database is None or database.closed:
            database = await psycopg.AsyncConnection.connect(
                os.environ["BENCH_DATABASE_URL"], autocommit=True
            )
            connection.state["outbox"] = database
        cursor = await database.execute(
            'SELECT purpose, body_text FROM home_outboundemail WHERE "to" @> %s::jsonb ORDER BY id',
            (json.dumps([address]),),
        )
        return [(purpose, text) for purpose, text in await cursor.fetchall()]
    except psycopg.Error as error:
        connection.state.pop("outbox", None)
        raise HttpError(f"reading the outbox for {address}: {error}") from error


async def book_event(connection: Connection, path: str) -> None:
    """A new visitor opens the event page and books (timed as `book`; one in ten presses the
    button twice at once), is told to check their email, finds the manage link in the email
    the site sent them and opens it; one booking in four is then cancelled through the
    "Are you sure?" page. Every page is timed as `journey`."""
    jar: dict[str, str] = {}
    marker = new_marker(connection.run)
    email = f"{marker}@example.org"
    html = await expect_page(connection, path, jar, "journey")
    form = post_form(html, path)
    overrides = {"first_name": "Bench", "parent_email": "", "access_needs": ""}
    data = [(name, overrides.get(name, value)) for name, value in fill(form, text="", email=email)]
    body, headers = form_body(data)
    counter, replies = await _post_maybe_twice(
        connection, "bookings", form.action, body, headers, "book", jar
    )
    double = len(replies) > 1
    acks = []
    for reply in replies:
        target = redirect_target(reply, f"POST {form.action}")
        if BOOKING_SENT_PATH.match(target) is None:
            raise HttpError(f"booking redirected to {target}, not to check your email")
        ack = {"email": email, "double": double, "registrations": [], "cancelled": False}
        acks.append(ack)
        connection.run["acks"].append(ack)
    page = await expect_page(connection, target, jar, "journey")
    if b"Check your email" not in page or b"/events/booking/" in page:
        raise HttpError(f"{target} is not a check-your-email page that hides the booking")

    # The person opens the email (every attempt sent one, double sends two) and its link.
    inbox = [text for purpose, text in await read_inbox(connection, email)]
    links = [match for text in inbox for match in MANAGE_LINK.findall(text)]
    registrations = sorted({int(pk) for _path, pk in links})
    for ack in acks:
        ack["registrations"] = registrations
    if not links:
        raise HttpError(f"no email with a manage link reached {email} ({len(inbox)} emails)")
    manage_path = links[0][0]
    await expect_page(connection, manage_path, jar, "journey")
    if counter % CANCEL_EVERY == 0:
        cancel_path = manage_path + "cancel/"
        html = await expect_page(connection, cancel_path, jar, "journey")
        if b"Are you sure" not in html:
            raise HttpError(f"{cancel_path} does not ask 'Are you sure?'")
        form = post_form(html, cancel_path)
        body, headers = form_body(fill(form, text="", email=""))
        reply = await connection.request(
            "POST", form.action, body, headers, label="journey", cookies=jar
        )
        target = redirect_target(reply, f"POST {form.action}")
        if target != manage_path:
            raise HttpError(f"cancelling redirected to {target}, not to the booking's page")
        # Acknowledged (before the page below, which the run's end may cut off).
        for ack in acks:
            ack["cancelled"] = True
        page = await expect_page(connection, target, jar, "journey")
        if b"Your booking is cancelled" not in page:
            raise HttpError(f"after cancelling, {target} does not say the booking is cancelled")


def verify_bookings(report: dict) -> dict:
    """Every acknowledged booking ("check your email") is one registration, and the emails
    to its address (one per attempt: both halves of a double send get one) all link to that
    registration; it is cancelled if its cancellation was acknowledged; no event holds more
    people than its capacity; and nobody waits while a place is free."""
    from events.models import EventPage, Registration
    from home.models import OutboundEmail

    acks = report["acks"]
    prefix = run_prefix(report)
    told: dict[str, dict] = {}
    sends: dict[str, int] = {}
    for ack in acks:
        first = told.setdefault(ack["email"], dict(ack))
        first["registrations"] = sorted(set(first["registrations"]) | set(ack["registrations"]))
        first["cancelled"] = first["cancelled"] or ack["cancelled"]
        sends[ack["email"]] = sends.get(ack["email"], 0) + 1
    stored: dict[str, list[Registration]] = {}
    registrations = Registration.objects.filter(email__startswith=prefix)
    for registration in registrations:
        stored.setdefault(registration.email, []).append(registration)
    # The outbox, read again here: what each address was sent, whatever the flow saw.
    answers: dict[str, int] = {}  # booking emails per address
    linked: dict[str, set[int]] = {}  # registrations the emails to an address link to
    emails = OutboundEmail.objects.filter(purpose__startswith="events.").values_list(
        "to", "purpose", "body_text"
    )
    for to, purpose, text in emails:
        for address in to:
            if not address.startswith(prefix):
                continue
            if purpose in BOOKING_EMAIL_PURPOSES:
                answers[address] = answers.get(address, 0) + 1
            linked.setdefault(address, set()).update(
                int(pk) for _path, pk in MANAGE_LINK.findall(text)
            )

    problems = []
    lost = [email for email in told if email not in stored]
    doubled = [email for email, rows in stored.items() if len(rows) > 1]
    differently = [
        email
        for email, ack in told.items()
        if email in stored
        and len(stored[email]) == 1
        and (set(ack["registrations"]) | linked.get(email, set())) != {stored[email][0].pk}
    ]
    wrong = [
        email
        for email, ack in told.items()
        if email in stored
        and len(stored[email]) == 1
        and (stored[email][0].status == Registration.Status.CANCELLED) != ack["cancelled"]
    ]
    unanswered = [email for email in told if answers.get(email, 0) < sends[email]]
    unacknowledged = [email for email in stored if email not in told]
    failed = report["errors_including_warmup"].get("book", 0)
    if lost:
        problems.append(f"{len(lost)} acknowledged bookings missing, e.g. {lost[0]}")
    if doubled:
        problems.append(f"{len(doubled)} people booked more than once, e.g. {doubled[0]}")
    if differently:
        problems.append(
            f"{len(differently)} addresses were emailed a link to a booking that is not theirs, "
            f"or to more than one, e.g. {differently[0]}"
        )
    if wrong:
        problems.append(
            f"{len(wrong)} bookings whose cancellation differs from what they were told, "
            f"e.g. {wrong[0]}"
        )
    if unanswered:
        problems.append(
            f"{len(unanswered)} told to check their email got fewer emails than bookings they "
            f"sent, e.g. {unanswered[0]}"
        )
    if len(unacknowledged) > failed:
        problems.append(f"{len(unacknowledged)} bookings stored but never acknowledged")

    event_ids = {row.event_id for rows in stored.values() for row in rows}
    full = []
    for event in EventPage.objects.filter(pk__in=event_ids):
        holding = event.registrations.holding_a_place().count()
        waiting = event.registrations.waitlisted().count()
        if event.capacity is not None and holding > event.capacity:
            problems.append(f"{event.title!r} is overbooked: {holding} of {event.capacity}")
        if event.capacity is not None and waiting and holding < event.capacity:
            problems.append(
                f"{event.title!r} has {event.capacity - holding} free places while "
                f"{waiting} people wait"
            )
        if event.capacity is not None and holding >= event.capacity:
            full.append(f"{event.title!r} full ({holding} of {event.capacity}, {waiting} waiting)")
    cancelled = sum(1 for ack in told.values() if ack["cancelled"])
    doubles = sum(1 for ack in acks if ack["double"]) // 2
    summary = (
        f"{len(told)} acknowledged bookings ({doubles} sent twice at once, {cancelled} "
        f"cancelled through the 'Are you sure?' page), {sum(answers.values())} booking emails: "
        f"{len(lost)} lost, {len(doubled)} duplicated, {len(differently)} emailed another "
        f"booking's link, {len(unanswered)} without their email; "
        + (
            "; ".join(full)
            if full
            else "no event reached its capacity, so overbooking was not tested"
        )
    )
    return {"problems": problems, "summary": summary}
