"""The survey flow: a consultation answered step by step and sent (sometimes twice at once),
and its check that every acknowledged submission is stored exactly once."""

import random
import re
import time
from collections import deque
from dataclasses import dataclass

from bench.loadgen import Connection, HttpError

from .visitor import (
    expect_page,
    fill,
    form_body,
    lost_and_doubled,
    lost_doubled_unacknowledged,
    new_marker,
    post_form,
    post_maybe_twice,
    redirect_target,
    run_prefix,
)

# The survey refuses answers sent sooner than this after the first step was shown
# (consultations.views.MIN_SECONDS_TO_COMPLETE, 3 s), as a bot check; keep a margin.
SECONDS_BEFORE_SUBMITTING = 3.3
FREE_TEXT = "More street lights, and youth clubs open later in the evening."


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


async def _send_answers(connection: Connection, journey: Journey) -> None:
    """Press 'Send my answers' (sometimes twice at once) and read the confirmation. The
    submission is timed as `submit`, the confirmation page as `journey`."""
    body, headers = form_body(journey.data)
    counter, replies = await post_maybe_twice(
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

    lost, doubled, unacknowledged = lost_doubled_unacknowledged(told, stored)
    mismatched = [
        marker
        for marker, refs in told.items()
        if len(refs) > 1 or (marker in stored and set(stored[marker]) != refs)
    ]
    failed_sends = report["errors_including_warmup"].get("submit", 0)
    problems = lost_and_doubled(
        lost, doubled, things="submissions", doubled_means="submissions stored more than once"
    )
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
