"""The site under test for `make bench`: a fresh PostgreSQL database, production settings
(bench/settings.py), and gunicorn started and waited for. See run_load.py."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "vru_bench"
REDIS_URL = "redis://127.0.0.1:6379/5"
# The seed's and gunicorn's output (including the app's own log lines) go here.
LOG_PATH = Path(tempfile.gettempdir()) / "vru-bench.log"


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(static_root: str, conn_max_age: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "site")]),
            "SECRET_KEY": "bench-only-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{POSTGRES_SERVER}/{DATABASE_NAME}",
            "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": "25",
            "DEFAULT_FROM_EMAIL": "no-reply@vru.example.org",
            "SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": REDIS_URL,
            "CONN_MAX_AGE": str(conn_max_age),
            "BENCH_STATIC_ROOT": static_root,
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True)


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")
