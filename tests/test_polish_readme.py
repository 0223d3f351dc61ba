"""README's two commands: they work verbatim on a system Python that refuses global installs
(PEP 668), and CI runs README's test command as written.

What the slow test exercises, exactly: a fresh copy of the project's tracked files; a `python3`
on PATH that is the machine's Debian/Ubuntu system Python with its EXTERNALLY-MANAGED marker
(the test first checks that a plain `pip install .` is refused there); README's first command
run through `sh -c` exactly as README prints it. Tests may not reach PyPI, so pip is told
through its environment (PIP_NO_INDEX, PIP_NO_DEPS, PIP_NO_BUILD_ISOLATION) to install the
project alone, and the dependencies are read from this test run's own site-packages on
PYTHONPATH; the `prospect` package itself comes from the new `.venv/` (checked).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The commands of README's "Two commands on a fresh machine" block, comments dropped."""
    section = README.split("## Two commands on a fresh machine", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "README's two-command section has no sh block"
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def test_readme_has_two_commands_that_install_into_a_venv() -> None:
    demo, tests = readme_commands()
    for cmd in (demo, tests):
        assert cmd.startswith("python3 -m venv .venv && ")
        # no global install: every pip and every program runs from .venv/bin
        assert not re.search(r"(^|&& )(pip|python3 -m pip|prospect|python3 -m pytest)\b", cmd)
    assert demo.endswith(".venv/bin/prospect demo")
    assert tests.endswith(".venv/bin/python -m pytest")
    assert "cd" in README.split("## Two commands on a fresh machine", 1)[1].split("```")[0]
    assert ". .venv/bin/activate" in README and "pipx install ." in README


def test_ci_runs_readme_test_command_verbatim() -> None:
    _demo, tests = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()
    assert "pg_isready" in ci and "libpangoft2" in ci  # the other CI steps stay
    assert not re.search(r"^python3 -m pip install", ci, re.MULTILINE)


def _system_python() -> Path:
    """A python3 (3.11+) outside any venv whose pip refuses global installs, or skip."""
    probe = ("import sys, sysconfig, pathlib; "
             "print(sys.version_info >= (3, 11) and sys.prefix == sys.base_prefix and "
             "pathlib.Path(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED').is_file())")
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if not os.access(candidate, os.X_OK):
            continue
        out = subprocess.run([candidate, "-c", probe], capture_output=True, text=True)
        if out.stdout.strip() == "True":
            ok = subprocess.run([candidate, "-m", "venv", "--help"], capture_output=True)
            if ok.returncode == 0:
                return Path(candidate)
    pytest.skip("no externally-managed (PEP 668) system python3 with venv on this machine")


def _copy_project(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


@pytest.mark.slow
def test_readme_first_command_runs_verbatim_on_an_externally_managed_python(tmp_path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to copy the tracked files from")
    system = _system_python()
    here = sysconfig.get_path("purelib")
    if sysconfig.get_python_version() != subprocess.run(
            [str(system), "-c", "import sysconfig; print(sysconfig.get_python_version())"],
            capture_output=True, text=True).stdout.strip():
        pytest.skip("the system python's version differs from this test run's (dependencies "
                    "are shared through PYTHONPATH)")
    clone, bin_dir, home = tmp_path / "prospect", tmp_path / "bin", tmp_path / "home"
    clone.mkdir(), bin_dir.mkdir(), home.mkdir()
    _copy_project(clone)
    (bin_dir / "python3").symlink_to(system)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home),
           "PROSPECT_HOME": str(home / "data"), "LANG": "C.UTF-8"}

    refused = subprocess.run(["sh", "-c", "python3 -m pip install ."], cwd=clone, env=env,
                             capture_output=True, text=True)
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr

    demo_cmd, _ = readme_commands()
    # the dependencies, without a `prospect` this test run may have installed there (CI
    # installs the project itself non-editable): the new .venv's own must be the one used
    deps = tmp_path / "deps"
    deps.mkdir()
    for entry in Path(here).iterdir():
        if entry.name != "prospect" and not entry.name.startswith(("prospect-", "_prospect")):
            (deps / entry.name).symlink_to(entry)
    offline = env | {"PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "0",
                     "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONPATH": str(deps)}
    run = subprocess.run(["sh", "-c", demo_cmd], cwd=clone, env=offline, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    pdfs = sorted(p.name for p in (clone / "prospect-demo").glob("*.pdf"))
    assert pdfs == ["lucia-fernandez-ortega.pdf", "marcus-bell.pdf"]
    assert "Done." in run.stdout
    where = subprocess.run([str(clone / ".venv/bin/python"), "-c",
                            "import prospect; print(prospect.__file__)"], cwd=tmp_path,
                           env=offline, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(clone / ".venv"))
