"""Production settings, checked in subprocesses: they need environment variables with no
defaults, which the test process (running test settings) must not have."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("production_probe.py")
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "probe-" + "k3y-" * 16,
    "ALLOWED_HOSTS": "vru.example.org",
    "DATABASE_URL": "sqlite://:memory:",
    "WAGTAILADMIN_BASE_URL": "https://vru.example.org",
    "EMAIL_HOST": "localhost",
    "EMAIL_PORT": "25",
    "DEFAULT_FROM_EMAIL": "no-reply@vru.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}
# Variables from the developer's shell that would change what production settings do.
SCRUBBED = {"CONN_MAX_AGE", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_env(**changes: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SCRUBBED}
    env.update(PRODUCTION_ENV)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "site")])
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def probe() -> dict:
    result = run([str(PROBE)], production_env())
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


PUBLIC_OK = ["/", "/about-us/", "/strategy/", "/get-help/", "/search/?q=help"]


@pytest.mark.parametrize("path", PUBLIC_OK)
def test_public_pages_send_the_security_headers(probe, path):
    page = probe["pages"][path]
    assert page["status"] == 200
    headers = {name.lower(): value for name, value in page["headers"].items()}

    csp = parse_csp(headers["content-security-policy"])
    script_sources = csp.get("script-src", csp.get("default-src"))
    assert script_sources, "CSP must restrict scripts"
    assert "'unsafe-inline'" not in script_sources
    assert "'unsafe-eval'" not in script_sources
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]

    hsts = headers["strict-transport-security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31_536_000
    assert "includeSubDomains" in hsts
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in {
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    }
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


def test_the_not_found_page_is_protected_too(probe):
    page = probe["pages"]["/nowhere/"]
    assert page["status"] == 404
    headers = {name.lower(): value for name, value in page["headers"].items()}
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "strict-transport-security" in headers


def test_plain_http_is_redirected_to_https(probe):
    assert probe["http_redirect"]["status"] == 301
    assert probe["http_redirect"]["location"].startswith("https://vru.example.org/")


def test_session_and_csrf_cookies_are_locked_down(probe):
    assert probe["sign_in_status"] == 302, "the probe could not sign in"
    cookies = probe["cookies"]
    assert {"sessionid", "csrftoken"} <= set(cookies), cookies
    for name in cookies:
        assert cookies[name]["secure"], f"{name} must be Secure"
        assert cookies[name]["samesite"] in {"Lax", "Strict"}, f"{name} must set SameSite"
    assert cookies["sessionid"]["httponly"], "the session cookie must be HttpOnly"


def test_check_deploy_has_no_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(DATABASE_URL="sqlite:////tmp/vru-check-deploy.sqlite3"),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL"])
def test_production_refuses_to_start_without_required_settings(missing):
    result = run(["manage.py", "check"], production_env(**{missing: None}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_empty_required_settings():
    result = run(["manage.py", "check"], production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


STORAGE_PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    alias: {"backend": config["BACKEND"], "options": config.get("OPTIONS", {})}
    for alias, config in settings.STORAGES.items()
} | {"docs": settings.WAGTAILDOCS_SERVE_METHOD}))
"""


def test_media_and_exports_go_to_object_storage_when_buckets_are_named():
    plain = run(["-c", STORAGE_PROBE], production_env())
    assert plain.returncode == 0, plain.stderr[-3000:]
    plain = json.loads(plain.stdout)
    assert plain["default"]["backend"] == "django.core.files.storage.FileSystemStorage"
    assert "private_exports" not in plain  # the private folder (PRIVATE_EXPORT_ROOT)
    assert plain["docs"] == "serve_view"

    buckets = run(
        ["-c", STORAGE_PROBE],
        production_env(
            MEDIA_STORAGE_BUCKET="vru-media",
            EXPORT_STORAGE_BUCKET="vru-exports",
            S3_ENDPOINT_URL="https://s3.example.net",
        ),
    )
    assert buckets.returncode == 0, buckets.stderr[-3000:]
    buckets = json.loads(buckets.stdout)
    media, exports = buckets["default"], buckets["private_exports"]
    assert media["backend"] == exports["backend"] == "storages.backends.s3.S3Storage"
    assert media["options"]["bucket_name"] == "vru-media"
    assert media["options"]["querystring_auth"] is False  # public images, behind the CDN
    assert exports["options"]["bucket_name"] == "vru-exports"
    assert exports["options"]["default_acl"] == "private"
    assert exports["options"]["endpoint_url"] == "https://s3.example.net"
    assert buckets["staticfiles"]["backend"].startswith("whitenoise.")
    # Restricted documents are never handed out as a storage address.
    assert buckets["docs"] == "serve_view"
