"""Two real web servers (gunicorn, one process each) on different ports, sharing the test
database and one Redis, as production runs several behind a load balancer. Tests send
consecutive requests of one visitor to different servers and check nothing was per-process."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/11")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

pytestmark = pytest.mark.postgres


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Servers:
    """The base addresses of the running servers; `next()` takes turns between them."""

    def __init__(self, urls: list[str]):
        self.urls = urls
        self._turn = 0

    def next(self) -> str:
        url = self.urls[self._turn % len(self.urls)]
        self._turn += 1
        return url

    def other(self, url: str) -> str:
        return next(other for other in self.urls if other != url)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def server_env() -> dict[str, str]:
    """The environment of a web server sharing this test run's database and Redis."""
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST'] or '127.0.0.1'}"
        f":{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.scaleout.server_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
    }


def wait_for(url: str, process: subprocess.Popen, log, path: str = "/healthz") -> None:
    """Wait until `url` answers `path` with 200; fail with the process's output if it dies."""
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode()[-3000:])
        try:
            if requests.get(f"{url}{path}", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not start")
        time.sleep(0.5)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def web_servers(count: int = 2):
    """`count` real gunicorns (one worker each) on their own ports, each in its own process
    group so a test can kill one whole server. Yields [(base URL, process), ...]."""
    if connection.vendor != "postgresql":
        pytest.skip("the servers share the test database: PostgreSQL only")
    env = server_env()
    ports = [free_port() for _ in range(count)]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finally; the servers' error output, shown if one fails to start
    processes = [
        subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                GUNICORN,
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
                "--timeout",
                "120",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_for(url, process, log)
        yield list(zip(urls, processes, strict=True))
    finally:
        stop(processes)
        log.close()


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    with web_servers(2) as running:
        yield Servers([url for url, _process in running])


@pytest.fixture(autouse=True)
def empty_shared_cache():
    """Each test starts with the servers' Redis empty (rate-limit counters, used codes)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def shared_cache(settings):
    """This test process uses the servers' Redis too, so what it changes (a publish, a phrase)
    reaches them the way a change made on a third server would."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def two_step_consultation():
    """An open consultation on a minimal site: step 1 asks "What would help?" (required),
    step 2 "Anything else?" (optional)."""
    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage
    from tests.consultations.conftest import question, section
    from tests.support.pages import add_page
    from tests.support.site_content import build_minimal_site

    index = add_page(
        build_minimal_site(),
        ConsultationIndexPage(title="Have your say", slug="have-your-say"),
        publish=True,
    )
    now = timezone.now()
    consultation = ConsultationPage(
        title="Safer streets",
        slug="safer-streets",
        summary="Tell us.",
        privacy_notice="<p>We keep your answers safe.</p>",
        opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=30),
        survey=[
            section("step-1", "Your views"),
            question("q-long", "long_text", label="What would help?", max_length=500),
            section("step-2", "More"),
            question("q-more", "long_text", label="Anything else?", max_length=500, required=False),
        ],
    )
    return add_page(index, consultation, publish=True)
