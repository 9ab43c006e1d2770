"""README's two opening commands stay true, and CI runs exactly the test one, before it packages."""

import re

from tests.conftest import REPO


def readme_commands():
    return re.findall(r"^    (python3 -m venv .*)$", (REPO / "README.md").read_text(), re.MULTILINE)[:2]


def test_readme_opens_with_a_run_command_and_a_test_command():
    run, test = readme_commands()
    assert run.endswith(".venv/bin/communique")
    assert test.endswith("-m pytest")


def test_ci_runs_exactly_the_readme_test_command_before_any_packaging_step():
    _, test = readme_commands()
    lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert test in lines
    packaging = [number for number, line in enumerate(lines)
                 if not line.lstrip().startswith("#") and re.search(r"pyinstaller|packaging/", line)]
    assert packaging, "no packaging step found in .ci/run"
    assert lines.index(test) < min(packaging)
