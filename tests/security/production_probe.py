"""Run in a subprocess by test_production_headers.py, under PRODUCTION settings.

Production settings read every secret from the environment with no defaults, so they cannot
be loaded inside the test process. This script migrates an in-memory SQLite database, builds a
small page tree, makes real requests with Django's test client over HTTPS, signs in through the
account sign-in form, and prints what it saw as JSON on stdout.
"""

import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "site")]

PUBLIC_PATHS = ["/", "/about-us/", "/strategy/", "/get-help/", "/search/?q=help", "/nowhere/"]
HOST = "vru.example.org"


def main() -> None:
    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client, override_settings

    call_command("migrate", verbosity=0, interactive=False)

    from django.contrib.auth import get_user_model

    from tests.support.site_content import build_minimal_site

    build_minimal_site()
    from allauth.account.models import EmailAddress

    resident = get_user_model().objects.create_user(
        "probe", "probe@example.org", "probe-password-123!"
    )
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)

    report = {"pages": {}, "cookies": {}, "http_redirect": None}
    # Hashed static names need collectstatic; headers do not depend on them.
    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static):
        client = Client(HTTP_HOST=HOST)
        for path in PUBLIC_PATHS:
            response = client.get(path, secure=True)
            report["pages"][path] = {
                "status": response.status_code,
                "headers": dict(response.items()),
            }
        insecure = client.get("/", secure=False)
        report["http_redirect"] = {
            "status": insecure.status_code,
            "location": insecure.get("Location"),
        }

        client.get("/accounts/login/", secure=True)
        signed_in = client.post(
            "/accounts/login/",
            {"login": "probe@example.org", "password": "probe-password-123!"},
            secure=True,
        )
        report["sign_in_status"] = signed_in.status_code
        for name, morsel in client.cookies.items():
            report["cookies"][name] = {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    main()
