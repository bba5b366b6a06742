"""The booking flow: an event booked (sometimes twice at once), the manage link read from
the booker's email and one booking in four cancelled, and its check against the database."""

import json
import os
import re

from bench.loadgen import Connection, HttpError

from . import visitor

# One booking in this many is cancelled through its manage link, freeing a place for the
# first person waiting.
CANCEL_EVERY = 4

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
    marker = visitor.new_marker(connection.run)
    email = f"{marker}@example.org"
    html = await visitor.expect_page(connection, path, jar, "journey")
    form = visitor.post_form(html, path)
    overrides = {"first_name": "Bench", "parent_email": "", "access_needs": ""}
    data = [
        (name, overrides.get(name, value))
        for name, value in visitor.fill(form, text="", email=email)
    ]
    body, headers = visitor.form_body(data)
    counter, replies = await visitor.post_maybe_twice(
        connection, "bookings", form.action, body, headers, "book", jar
    )
    double = len(replies) > 1
    acks = []
    for reply in replies:
        target = visitor.redirect_target(reply, f"POST {form.action}")
        if BOOKING_SENT_PATH.match(target) is None:
            raise HttpError(f"booking redirected to {target}, not to check your email")
        ack = {"email": email, "double": double, "registrations": [], "cancelled": False}
        acks.append(ack)
        connection.run["acks"].append(ack)
    page = await visitor.expect_page(connection, target, jar, "journey")
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
    await visitor.expect_page(connection, manage_path, jar, "journey")
    if counter % CANCEL_EVERY == 0:
        cancel_path = manage_path + "cancel/"
        html = await visitor.expect_page(connection, cancel_path, jar, "journey")
        if b"Are you sure" not in html:
            raise HttpError(f"{cancel_path} does not ask 'Are you sure?'")
        form = visitor.post_form(html, cancel_path)
        body, headers = visitor.form_body(visitor.fill(form, text="", email=""))
        reply = await connection.request(
            "POST", form.action, body, headers, label="journey", cookies=jar
        )
        target = visitor.redirect_target(reply, f"POST {form.action}")
        if target != manage_path:
            raise HttpError(f"cancelling redirected to {target}, not to the booking's page")
        # Acknowledged (before the page below, which the run's end may cut off).
        for ack in acks:
            ack["cancelled"] = True
        page = await visitor.expect_page(connection, target, jar, "journey")
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
    prefix = visitor.run_prefix(report)
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

    lost, doubled, unacknowledged = visitor.lost_doubled_unacknowledged(told, stored)
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
    failed = report["errors_including_warmup"].get("book", 0)
    problems = visitor.lost_and_doubled(
        lost, doubled, things="bookings", doubled_means="people booked more than once"
    )
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
