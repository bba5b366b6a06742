"""`manage.py redact`: one line in, the same line redacted out, every layer."""

import io
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
LINES = [
    "hi im jayden, my snap is jaydenx07",
    "",
    "Sadiq Khan came to Peckham on 05/12/2026",
    "call 07700 900461 or sam dot jones at gmail dot com, I go to Kingsdale School",
]
EXPECTED = [
    "hi im [name], my snap is [handle]",
    "",
    "Sadiq Khan came to Peckham on 05/12/2026",
    "call [phone] or [email], I go to [school]",
]


def test_redact_reads_standard_input_line_by_line(tmp_path, monkeypatch):
    source = tmp_path / "answers.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out = io.StringIO()
    with source.open(encoding="utf-8") as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        call_command("redact", stdout=out)
    assert out.getvalue().splitlines() == EXPECTED


def test_redact_through_manage_py_with_a_real_pipe():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "redact"],
        cwd=ROOT,
        input="\r\n".join(LINES[:1] + LINES[2:]) + "\r\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == EXPECTED[:1] + EXPECTED[2:]
