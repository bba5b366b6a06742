"""Two real web servers (gunicorn, one process each) on different ports, sharing the test
database and one Redis, as production runs several behind a load balancer. Tests send
consecutive requests of one visitor to different servers and check nothing was per-process."""

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


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("the servers share the test database: PostgreSQL only")
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST'] or '127.0.0.1'}"
        f":{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.scaleout.server_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
    }
    ports = [free_port(), free_port()]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finally; both servers' error output, shown if one fails to start
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
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(log.read().decode()[-3000:])
                try:
                    if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not start")
                time.sleep(0.5)
        yield Servers(urls)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


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
