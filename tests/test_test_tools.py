"""`.ci/test-tools`, run by `make test` and `.ci/run`: installs missing test tools through apt
when it can, and names them when it cannot (issue 21). Run with stand-in `id` and `apt-get`
programs on an otherwise empty PATH, so nothing is really installed."""

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "test-tools"


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def run(tmp_path: Path, *, uid: int, apt: bool, have: tuple[str, ...] = (), ci: bool = False):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    stub(bin_dir, "id", f"echo {uid}")
    if apt:
        stub(bin_dir, "apt-get", f'echo "$@" >> {tmp_path}/apt.log')
    for tool in have:
        stub(bin_dir, tool, "exit 0")
    chromium = bin_dir / "chromium"
    env = {
        "PATH": str(bin_dir),
        "CHROMIUM_PATH": str(chromium if "chromium" in have else tmp_path / "no-chromium"),
    }
    if ci:
        env["CI"] = "true"
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        ["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, check=False
    )
    apt_log = tmp_path / "apt.log"
    return result, apt_log.read_text() if apt_log.exists() else ""


def test_nothing_happens_when_every_tool_is_there(tmp_path):
    result, apt_log = run(tmp_path, uid=0, apt=True, have=("chromium", "java", "npm"))
    assert result.returncode == 0
    assert result.stdout == result.stderr == "" and apt_log == ""


def test_root_with_apt_installs_only_what_is_missing(tmp_path):
    result, apt_log = run(tmp_path, uid=0, apt=True, have=("npm",))
    assert result.returncode == 0
    assert "update -qq" in apt_log
    install = [line for line in apt_log.splitlines() if line.startswith("install")]
    assert install == ["install -y -qq --no-install-recommends chromium default-jre-headless"]


@pytest.mark.parametrize("apt", [True, False])
def test_without_root_it_names_what_to_install_and_carries_on(tmp_path, apt):
    result, apt_log = run(tmp_path, uid=1000, apt=apt, have=("java",))
    assert result.returncode == 0
    assert apt_log == ""
    assert "Chromium at" in result.stderr and "Node.js and npm" in result.stderr
    assert "Java" not in result.stderr
    if apt:
        assert "sudo apt-get install chromium nodejs npm" in result.stderr
    else:
        assert "brew install" in result.stderr
    assert "skipped with a reason starting 'SKIPPED'" in result.stderr


def test_in_ci_a_tool_it_cannot_install_is_an_error(tmp_path):
    result, _ = run(tmp_path, uid=1000, apt=False, ci=True)
    assert result.returncode == 1
    assert "CI=true: refusing to run with tools missing." in result.stderr


def test_make_test_and_ci_run_both_use_it():
    root = SCRIPT.parents[1]
    makefile = (root / "Makefile").read_text()
    assert "test: test-tools install" in makefile and "@.ci/test-tools" in makefile
    ci_run = (root / ".ci" / "run").read_text()
    assert ".ci/test-tools" in ci_run and "apt-get" not in ci_run
