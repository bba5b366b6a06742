"""Accessibility (axe-core) and HTML validity (Nu HTML Checker) assertions for any test.

    from tests.support.a11y import assert_accessible, assert_valid_html

    assert_accessible(page, context="consultation step 2 with errors")  # a Playwright page
    assert_valid_html([(page.url, page.content()), ...], context="consultation journey")

Both tools come from npm (`make install` runs `npm ci`). When a tool is missing the check
skips with a loud reason on a developer machine and fails when `CI=true`.
"""

import functools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VNU_TIMEOUT_SECONDS = 120


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def missing_tool(reason: str) -> None:
    """Skip loudly on a developer machine; in CI a missing tool is a failure, never a skip."""
    message = f"{reason} — run `make install` (needs npm and Java)."
    if in_ci():
        pytest.fail(f"CI=true but {message}")
    pytest.skip(f"SKIPPED CHECK: {message}")


def assert_accessible(page, context: str = "") -> None:
    """Run axe-core on the page as it is now; fail listing every WCAG A/AA violation."""
    if not AXE_SCRIPT.exists():
        missing_tool(f"axe-core is not installed at {AXE_SCRIPT}")
    # Not page.add_script_tag(): that adds an inline <script>, which the site's strict CSP
    # rightly blocks. Playwright's evaluate runs outside the page's CSP.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    violations = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations;
        }""",
        WCAG_TAGS,
    )
    if violations:
        pytest.fail(format_violations(violations, page.url, context), pytrace=False)


def assert_accessible_without_scripts(
    browser, url: str, context: str = "", cookies=(), **context_args
) -> None:
    """axe-core needs JavaScript, so a page with JavaScript disabled cannot run it (Playwright's
    evaluate waits for ever there). Audit what a no-JavaScript visitor gets instead: the same
    URL in a context where every script the site serves is blocked. `cookies` (a no-JavaScript
    context's `cookies()`) carry that visitor's session, for pages that show their answers."""
    audit_context = browser.new_context(**context_args)
    try:
        if cookies:
            audit_context.add_cookies(list(cookies))
        audit_context.route("**/*.js", lambda route: route.abort())
        audit_page = audit_context.new_page()
        audit_page.goto(url)
        assert_accessible(audit_page, context=context)
    finally:
        audit_context.close()


@functools.cache
def axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8") + "\n;true"


def format_violations(violations: list[dict], url: str, context: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url} ({context or 'no context'}):"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
    return "\n".join(lines)


def assert_valid_html(documents: str | Iterable[tuple[str, str]], context: str = "") -> None:
    """Validate one HTML string, or many (name, html) pairs in a single Java call (the JVM
    takes about two seconds to start, so batch the pages of a journey together)."""
    if isinstance(documents, str):
        documents = [(context or "document", documents)]
    documents = list(documents)
    java = shutil.which("java")
    if java is None:
        missing_tool("Java is not installed")
    if not VNU_JAR.exists():
        missing_tool(f"the Nu HTML Checker is not installed at {VNU_JAR}")

    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        files = {}
        for number, (name, html) in enumerate(documents):
            path = Path(folder) / f"page-{number}.html"
            path.write_text(html, encoding="utf-8")
            files[str(path)] = (name, html)
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=VNU_TIMEOUT_SECONDS,
            check=False,
        )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"The Nu HTML Checker did not answer in JSON:\n{result.stderr[:2000]}")
    errors = [
        message for message in messages if message.get("type") in {"error", "non-document-error"}
    ]
    if errors:
        pytest.fail(format_html_errors(errors, files, context), pytrace=False)


def format_html_errors(errors: list[dict], files: dict[str, tuple[str, str]], context: str) -> str:
    lines = [f"{len(errors)} HTML error(s) ({context or 'no context'}):"]
    for error in errors:
        # vnu names files "file:/tmp/..."; map them back to the page they came from.
        path = "/" + error.get("url", "").removeprefix("file:").lstrip("/")
        name, html = files.get(path, (path, ""))
        line_number = error.get("lastLine", 0)
        source_lines = html.splitlines()
        source = (
            source_lines[line_number - 1].strip()[:160]
            if 0 < line_number <= len(source_lines)
            else ""
        )
        lines.append(
            f"- {name} line {line_number}, column {error.get('firstColumn', '?')}: "
            f"{error.get('message')}\n    {source}"
        )
    return "\n".join(lines)
