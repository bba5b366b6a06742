"""What every benchmark visitor does: read a page's POST form out of its HTML, fill it in,
follow redirects, carry a marker, and sometimes send a form twice at once."""

import asyncio
import random
import re
import uuid
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from bench.loadgen import Connection, HttpError

# One submission or booking in this many is sent twice at once, as a double click does.
DOUBLE_SEND_EVERY = 10
MARKER_PREFIX = "bench-"


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


async def post_maybe_twice(connection, counter_name, path, body, headers, label, jar):
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


def lost_doubled_unacknowledged(told: dict, stored: dict) -> tuple[list, list, list]:
    """For a check: the markers acknowledged but not stored, stored more than once, and
    stored but never acknowledged (`stored` maps a marker to its rows)."""
    lost = [marker for marker in told if marker not in stored]
    doubled = [marker for marker, rows in stored.items() if len(rows) > 1]
    unacknowledged = [marker for marker in stored if marker not in told]
    return lost, doubled, unacknowledged


def lost_and_doubled(lost: list, doubled: list, *, things: str, doubled_means: str) -> list[str]:
    """A check's first two problems, each with an example: acknowledged `things` that are
    missing, and ones stored more than once (said as `doubled_means`)."""
    problems = []
    if lost:
        problems.append(f"{len(lost)} acknowledged {things} missing, e.g. {lost[0]}")
    if doubled:
        problems.append(f"{len(doubled)} {doubled_means}, e.g. {doubled[0]}")
    return problems
