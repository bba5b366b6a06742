"""One web server is killed while people are answering a survey through a real load balancer
(HAProxy, as docs/deployment.md describes) in front of two gunicorns: no answers are lost, none
are stored twice, and nobody has to do more than press a button again once.

HAProxy retries a request that got no answer on the other server (`retry-on`), so most people
never notice. A request the dying server was in the middle of may still come back as an error;
a visitor then sends it again, as a person would, and the exactly-once submission token makes
that safe: a submission that was stored before the server died is recognised, not stored again.
"""

import os
import re
import signal
import tempfile
import threading
import time

import pytest
import requests

from bench import balancer
from tests.support.a11y import missing_tool

from .conftest import csrf_token, free_port, stop, two_step_consultation, wait_for, web_servers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VISITORS = 6
JOURNEYS_EACH = 3
MIN_SECONDS_TO_COMPLETE = 3  # the survey's bot check (consultations.views)


@pytest.fixture
def balanced(django_db_setup):
    """Two web servers behind HAProxy. Yields (the balancer's URL, [(url, process), ...])."""
    if not balancer.installed():
        missing_tool("HAProxy is not installed (.ci/test-tools installs it)")
    with web_servers(2) as running:
        port = free_port()
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
        backends = [url.removeprefix("http://") for url, _process in running]
        haproxy = balancer.start(port, backends, log)
        try:
            wait_for(f"http://127.0.0.1:{port}", haproxy, log)
            yield f"http://127.0.0.1:{port}", running
        finally:
            stop([haproxy])
            log.close()


class Visitor:
    """One person's browser through the balancer: a server error or a dropped connection is
    met by sending the same request again, once, as a person would press the button again."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Host"] = "localhost"
        self.retries = 0

    def _send(self, method: str, path: str, data=None):
        for attempt in range(2):
            try:
                reply = self.session.request(
                    method, self.base + path, data=data, allow_redirects=False, timeout=60
                )
            except requests.ConnectionError:
                reply = None
            if reply is not None and reply.status_code < 500:
                return reply
            if attempt == 0:
                self.retries += 1
        raise AssertionError(f"{method} {path} failed twice: {reply and reply.status_code}")

    def get(self, path: str):
        return self._send("GET", path)

    def post_form(self, path: str, data: dict, page=None):
        page = page or self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return self._send("POST", path, {"csrfmiddlewaretoken": csrf_token(page.text), **data})


def _main_text(reply) -> str:
    return re.sub(r"<[^>]+>|\s+", " ", reply.text[reply.text.find("<main") :])[:1500]


def test_killing_a_web_server_mid_run_loses_and_repeats_nothing(balanced):
    from consultations.models import Response

    base, running = balanced
    consultation = two_step_consultation()
    step_1 = consultation.subpage_url("step_route", number=1)
    step_2 = consultation.subpage_url("step_route", number=2)
    check = consultation.subpage_url("check_route")
    sent: list[str] = []
    visitors: list[Visitor] = []
    failures: list[BaseException] = []
    started = threading.Barrier(VISITORS + 1)

    def answer_surveys(number: int):
        try:
            started.wait()
            for journey in range(JOURNEYS_EACH):
                visitor = Visitor(base)
                visitors.append(visitor)
                text = f"Visitor {number}, journey {journey}: more youth clubs"
                first_step = visitor.get(step_1)  # the survey's clock starts here
                begun = time.monotonic()
                assert visitor.post_form(step_1, {"q-long": text}, first_step).status_code == 302
                assert visitor.post_form(step_2, {"q-more": ""}).status_code == 302
                review = visitor.get(check)
                assert text in review.text
                token = review.text.split('name="submission_token" value="', 1)[1].split('"')[0]
                time.sleep(max(0, MIN_SECONDS_TO_COMPLETE - (time.monotonic() - begun)))
                done = visitor.post_form(check, {"submission_token": token}, page=review)
                assert done.status_code == 302, _main_text(done)
                assert visitor.get(done.headers["Location"]).status_code == 200
                sent.append(text)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=answer_surveys, args=(n,)) for n in range(VISITORS)]
    for thread in threads:
        thread.start()
    started.wait()
    # Kill the second server, master and worker together, while journeys are under way.
    deadline = time.monotonic() + 120
    while len(sent) < VISITORS // 2 and time.monotonic() < deadline and not failures:
        time.sleep(0.05)
    _url, doomed = running[1]
    assert len(sent) < VISITORS * JOURNEYS_EACH  # killed mid-run, not after
    os.killpg(doomed.pid, signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=300)

    assert not failures, failures
    assert len(sent) == VISITORS * JOURNEYS_EACH
    stored = list(
        Response.objects.filter(consultation=consultation).values_list(
            "answers__value_text", flat=True
        )
    )
    stored = [text for text in stored if text]
    assert sorted(stored) == sorted(sent)  # none lost, none stored twice
    assert all(visitor.retries <= 1 for visitor in visitors), [v.retries for v in visitors]
    assert doomed.poll() is not None  # the server really was dead for the rest of the run
