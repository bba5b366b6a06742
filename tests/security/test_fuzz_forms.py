"""Every public form and link of the site, posted with broken encodings and hostile values,
never answers with a server error (issue 20).

The targets are not a hand-kept list: they are read from the URL configuration (every pattern
outside the staff admin, with each path converter filled in with ordinary and hostile values),
from every routable page's own routes, and from one live page of every page type, then
completed with working booking and consent links. A new URL therefore joins the fuzz by
itself; a new regular-expression URL must be given a sample path below or the coverage test
fails. Requests go through a client that enforces CSRF (with a valid token in the
X-CSRFToken header, so hostile values reach the views), anonymously and signed in.

tests/consultations/test_fuzz.py goes deeper into survey answers; this file goes wide."""

import re
import uuid
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLResolver, get_resolver

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from events import services as event_services
from events.models import EventPage
from tests.support.site_content import seed_site

pytestmark = pytest.mark.django_db

# Regular-expression URLs cannot be filled in from their converters: each gets sample paths
# ("{value}" is replaced by each hostile path value), or is skipped with a reason.
REGEX_SAMPLES = {
    "account_confirm_email": ["/accounts/confirm-email/{value}/"],
    "account_reset_password_from_key": ["/accounts/password/reset/key/1-{value}/"],
    "wagtaildocs_serve": ["/documents/1/{value}"],
}
REGEX_SKIPPED = {
    "wagtail_serve": "page URLs come from the page tree instead",
    None: "media files (served by Django only with DEBUG on)",
}
SKIPPED_PREFIXES = ("/admin/",)  # staff only, behind MFA; tests/security/test_admin_access.py

PATH_VALUES = {
    "int": ["1", "0", "9" * 30],
    "str": ["fuzz", "%00", "a%00b", "x" * 300, "%ff%fe", "%E2%80%AE", "..%2F..", "%25"],
}
PATH_VALUES["slug"] = ["fuzz", "a" * 300]
PATH_VALUES["path"] = PATH_VALUES["str"]
PATH_VALUES["uuid"] = [str(uuid.uuid4())]

HOSTILE_VALUES = [
    "",
    "\x00",
    "a\x00b",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "' OR '1'='1",
    '"><script>alert(1)</script>',
    "\u202egnp.exe",
    "😀" * 40,
    "x" * 5000,
    "../../etc/passwd",
    "someone@example.org\r\nBcc: other@example.org",
    "a@b",
    "on",
    "__other__",
    "continue_later",
    "cancel",
    "confirm",
]
EXTRA_FIELDS = ["action", "next", "registration", "reference", "submission_token", "email"]


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix, pattern


CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def fill_route(route: str) -> list[str]:
    """Every path a route makes when each converter takes each of its sample values in turn
    (the others keep their first, ordinary value)."""
    converters = [match.group("kind") or "str" for match in CONVERTER.finditer(route)]

    def build(choice: int | None, value: str | None) -> str:
        position = iter(range(len(converters)))

        def replace(match):
            index = next(position)
            kind = match.group("kind") or "str"
            return value if index == choice else PATH_VALUES[kind][0]

        return "/" + CONVERTER.sub(replace, route)

    paths = [build(None, None)]
    for index, kind in enumerate(converters):
        paths += [build(index, value) for value in PATH_VALUES[kind][1:]]
    return paths


def url_conf_paths() -> tuple[list[str], list[str]]:
    """(paths, regex URL names nobody gave a sample for). Ordinary paths come first."""
    paths, unknown = [], []
    for prefix, pattern in walk(get_resolver().url_patterns):
        if ("/" + prefix).startswith(SKIPPED_PREFIXES):
            continue
        raw = str(pattern.pattern)
        if hasattr(pattern.pattern, "_route"):
            paths += fill_route(prefix + raw)
        elif pattern.name in REGEX_SAMPLES:
            for sample in REGEX_SAMPLES[pattern.name]:
                paths += [sample.format(value=value) for value in PATH_VALUES["str"]]
        elif pattern.name not in REGEX_SKIPPED:
            unknown.append(pattern.name)
    return [path for path in paths if not path.startswith(SKIPPED_PREFIXES)], unknown


def page_paths() -> list[str]:
    """One live page of every page type, and every route of each routable one."""
    paths = []
    seen_types = set()
    for page in Page.objects.live().specific().order_by("path"):
        if type(page) in seen_types or page.url is None:
            continue
        seen_types.add(type(page))
        paths.append(page.url)
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_subpage_urls():
                route = getattr(pattern.pattern, "_route", None)
                if route:
                    paths += [page.url + path.lstrip("/") for path in fill_route(route)]
    return paths


def link_paths() -> list[str]:
    """Working personal links, so hostile values reach the views behind them."""
    event = (
        EventPage.objects.live().filter(parent_consent_for_under_16s=True).first()
        or EventPage.objects.live().first()
    )
    registration = event_services.book_place(
        event,
        first_name="Fuzz",
        email="fuzz.owner@example.org",
        under_16=True,
        parent_email="fuzz.parent@example.org",
    )
    return [event.url, registration.get_manage_path(), registration.get_consent_path()]


@pytest.fixture
def site(db):
    seed_site()
    paths, unknown = url_conf_paths()
    every = set(paths + page_paths() + link_paths())
    ordinary = {path for path in every if not HOSTILE_IN_PATH.search(path)}
    return {
        "paths": sorted(every),
        "ordinary": sorted(ordinary),
        "hostile": sorted(every - ordinary),
        "unknown_regex": unknown,
    }


# A path made with a hostile converter value (see PATH_VALUES).
HOSTILE_IN_PATH = re.compile(r"(%|/0/|\.\.|9{30}|x{300}|a{300})")


class Browser(Client):
    """A client that enforces CSRF like a browser and, if a fuzzed post signed it out (or
    deleted its account), signs back in before the next request."""

    def __init__(self, resident=None):
        super().__init__(enforce_csrf_checks=True, raise_request_exception=False)
        self.resident = resident
        self.who = "anonymous" if resident is None else "resident"
        self.ready()

    def ready(self) -> None:
        if self.resident is not None and "_auth_user_id" not in self.session:
            from allauth.account.models import EmailAddress

            user_model = type(self.resident)
            if not user_model.objects.filter(pk=self.resident.pk).exists():
                self.resident = user_model.objects.create_user(
                    username="fuzz-resident", email="fuzz.resident@example.org"
                )
                EmailAddress.objects.create(
                    user=self.resident, email=self.resident.email, verified=True, primary=True
                )
            self.force_login(self.resident, backend="django.contrib.auth.backends.ModelBackend")
        if "csrftoken" not in self.cookies or not self.cookies["csrftoken"].value:
            self.get("/email-updates/")  # a form for everyone: sets the CSRF cookie


@pytest.fixture
def clients(django_user_model):
    from allauth.account.models import EmailAddress

    resident = django_user_model.objects.create_user(
        username="fuzz-resident", email="fuzz.resident@example.org", password="not-used-1234567"
    )
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    return {"anonymous": Browser(), "resident": Browser(resident)}


FIELD_NAME = re.compile(r'\bname="([^"]+)"')
POST_FORM = re.compile(r'<form[^>]*method="post"', re.IGNORECASE)
_forms: dict[tuple[str, str], tuple[list[str], bool]] = {}


def read_form(client: Browser, path: str) -> tuple[list[str], bool]:
    """The names of the inputs the page at `path` shows (plus a few every form might read), and
    whether it shows a form that posts."""
    key = (client.who, path)
    if key not in _forms:
        client.ready()
        response = client.get(path)
        html = response.content.decode(errors="replace") if response.status_code == 200 else ""
        names = [name for name in FIELD_NAME.findall(html) if name != "csrfmiddlewaretoken"]
        _forms[key] = (sorted(set(names + EXTRA_FIELDS)), bool(POST_FORM.search(html)))
    return _forms[key]


def field_names(client: Browser, path: str) -> list[str]:
    return read_form(client, path)[0]


def encode(variant: str, fields: list[tuple[str, str]]) -> tuple[bytes, str]:
    """A request body in one of the ways a broken or hostile client sends one."""
    form = "application/x-www-form-urlencoded"
    if variant == "utf-8":
        return urlencode(fields).encode(), form
    if variant == "latin-1":
        return urlencode(fields, encoding="latin-1", errors="replace").encode(), (
            f"{form}; charset=latin-1"
        )
    if variant == "unknown charset":
        return urlencode(fields).encode(), f"{form}; charset=x-no-such-charset"
    if variant == "invalid utf-8":
        return urlencode(fields).encode() + b"&" + quote(
            fields[0][0]
        ).encode() + b"=\xff\xfe\xc0\x80", form
    if variant == "raw nul bytes":
        return b"&".join(quote(name).encode() + b"=\x00\x00" for name, _ in fields), form
    if variant == "huge field":
        return urlencode([(fields[0][0], "x" * 2_000_000)]).encode(), form
    if variant == "too big":
        return urlencode([(fields[0][0], "x" * 3_000_000)]).encode(), form
    if variant == "too many fields":
        return urlencode([(f"field{number}", "1") for number in range(1500)]).encode(), form
    if variant == "text/plain":
        return "\n".join(f"{name}={value}" for name, value in fields).encode(), "text/plain"
    if variant == "json":
        return b'{"email": [1, {"a": null}], "\\u0000": "' + b"\x00" + b'"', "application/json"
    if variant == "no content type":
        return urlencode(fields).encode(), ""
    if variant == "multipart":
        data = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        return encode_multipart(BOUNDARY, data), MULTIPART_CONTENT
    if variant == "multipart unknown charset":
        body = encode_multipart(BOUNDARY, dict(fields))
        return body, f"{MULTIPART_CONTENT}; charset=x-no-such-charset"
    if variant == "multipart without boundary":
        return encode_multipart(BOUNDARY, dict(fields)), "multipart/form-data"
    if variant == "multipart cut short":
        return encode_multipart(BOUNDARY, dict(fields))[:40], MULTIPART_CONTENT
    raise AssertionError(variant)


VARIANTS = [
    "utf-8",
    "latin-1",
    "unknown charset",
    "invalid utf-8",
    "raw nul bytes",
    "huge field",
    "too big",
    "too many fields",
    "text/plain",
    "json",
    "no content type",
    "multipart",
    "multipart unknown charset",
    "multipart without boundary",
    "multipart cut short",
]
PARSER_VARIANTS = ["latin-1", "too big", "multipart without boundary", "multipart cut short"]
CHEAP_VARIANTS = [v for v in VARIANTS if v not in ("huge field", "too big", "too many fields")]


def send(client: Browser, method: str, path: str, variant: str, fields) -> int:
    client.ready()
    body, content_type = encode(variant, fields)
    response = client.generic(
        method,
        path,
        body,
        content_type=content_type,
        headers={"x-csrftoken": client.cookies["csrftoken"].value},
    )
    return response.status_code


def test_every_url_can_be_fuzzed(site):
    assert site["unknown_regex"] == [], "give these regex URLs a sample path in REGEX_SAMPLES"
    paths = site["paths"]
    for expected in ("/email-updates/", "/accessible-formats/", "/accounts/signup/"):
        assert expected in paths
    assert any(path.endswith("/get-involved/") for path in paths)
    assert any("/step/" in path for path in paths)
    assert any(path.startswith("/events/booking/") for path in paths)
    assert any(path.startswith("/events/consent/") for path in paths)


def test_every_form_survives_every_broken_encoding(site, clients):
    """Each path with ordinary converter values gets every encoding signed out (and the
    ordinary ones signed in); each path with hostile converter values a hostile post and a
    GET. All failures are listed at once."""
    failures = []

    def check(who, method, path, variant, fields):
        client = clients[who]
        if method == "GET":
            client.ready()
            status = client.get(path, dict(fields[:5])).status_code
        else:
            status = send(client, method, path, variant, fields)
        if status >= 500:
            failures.append(f"{status} {who} {method} {path} ({variant})")

    for path in site["ordinary"]:
        for who in clients:
            names = field_names(clients[who], path)
            fields = [
                (name, HOSTILE_VALUES[i % len(HOSTILE_VALUES)]) for i, name in enumerate(names)
            ]
            for variant in VARIANTS if who == "anonymous" else CHEAP_VARIANTS[:4]:
                check(who, "POST", path, variant, fields)
            check(who, "GET", path, "NUL in the query", [(name, "\x00") for name in names])
    for path in site["hostile"]:
        for who in ("anonymous", "resident") if "/my-account/" in path else ("anonymous",):
            fields = [(name, "9" * 40) for name in EXTRA_FIELDS]
            check(who, "POST", path, "utf-8", fields)
            check(who, "GET", path, "hostile path", fields)
    assert failures == []


FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
values = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
)


@FUZZ
@given(data=st.data())
def test_hostile_values_in_every_form_never_cause_a_server_error(site, clients, data):
    who = data.draw(st.sampled_from(sorted(clients)), label="who")
    client = clients[who]
    path = data.draw(st.sampled_from(site["paths"]), label="path")
    names = field_names(client, path)
    fields = data.draw(
        st.lists(st.tuples(st.sampled_from(names) | st.text(max_size=20), values), max_size=12),
        label="fields",
    ) or [("email", "")]
    variant = data.draw(st.sampled_from(CHEAP_VARIANTS), label="variant")
    assert send(client, "POST", path, variant, fields) < 500
