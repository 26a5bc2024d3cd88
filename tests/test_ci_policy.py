"""Under CI=true a test that cannot run fails with its reason instead of skipping; outside CI it skips, saying why.

The policy lives in tests/conftest.py. Here it runs on small test files in a scratch folder with a copy of that
conftest, in a fresh pytest process, with the environment each case needs (whatever this run's own CI is).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

SKIPPING = """
import pytest

def test_runs():
    pass

def test_needs_a_tool():
    pytest.skip("frobnicator is not installed")

@pytest.mark.skipif(True, reason="no GPU here")
def test_marked():
    pass

@pytest.mark.xfail(reason="known bug", strict=True)
def test_expected_to_fail():
    assert False
"""

SHARED_MISSING = """
import pytest

def test_corpus():
    pytest.skip("shared corpus not found at /nowhere/shared/corpus (expected ../shared beside the repo)")

def test_browser():
    pytest.skip("no Chromium for the browser tests: /usr/bin/chromium is missing")
"""

MODULE_SKIP = """
import pytest

pytest.skip("the whole file needs frobnicator", allow_module_level=True)

def test_never_collected():
    pass
"""


@pytest.fixture
def project(pytester, monkeypatch):
    """A scratch folder with the project's conftest; neither policy variable set."""
    for name in ("CI", "ANNALS_SHARED_OPTIONAL"):
        monkeypatch.delenv(name, raising=False)
    pytester.makeconftest(CONFTEST.read_text("utf-8"))
    return pytester


def run(pytester, source: str):
    pytester.makepyfile(test_policy_sample=source)
    return pytester.runpytest_subprocess("-ra", "-p", "no:cacheprovider")


def test_outside_ci_a_test_that_cannot_run_skips_and_says_why(project):
    result = run(project, SKIPPING)
    result.assert_outcomes(passed=1, skipped=2, xfailed=1)
    result.stdout.fnmatch_lines(["*SKIPPED*frobnicator is not installed*", "*SKIPPED*no GPU here*"])
    result.stdout.no_fnmatch_line("*cannot skip*")


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_under_ci_a_test_that_cannot_run_fails_with_the_reason(project, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    result = run(project, SKIPPING)
    # pytest.skip() in the test body fails the test; a skipif marker is evaluated at setup, so it is an error there.
    result.assert_outcomes(passed=1, failed=1, errors=1, xfailed=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR*test_marked*CI=true: cannot skip: no GPU here*",
            "*FAILED*test_needs_a_tool*CI=true: cannot skip: frobnicator is not installed*",
        ]
    )
    assert result.ret != 0


@pytest.mark.parametrize("value", ["", "false", "0"])
def test_ci_unset_or_false_is_outside_ci(project, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    run(project, SKIPPING).assert_outcomes(passed=1, skipped=2, xfailed=1)


def test_under_ci_a_skipped_file_fails_collection(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = run(project, MODULE_SKIP)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*CI=true: cannot skip: the whole file needs frobnicator*"])


def test_under_ci_missing_shared_data_fails_unless_declared_optional(project, monkeypatch):
    # The scratch folder has no ../shared beside its conftest, like a GitHub runner.
    monkeypatch.setenv("CI", "true")
    run(project, SHARED_MISSING).assert_outcomes(failed=2)

    monkeypatch.setenv("ANNALS_SHARED_OPTIONAL", "1")
    result = run(project, SHARED_MISSING)
    # The missing corpus may skip; the missing Chromium still fails.
    result.assert_outcomes(skipped=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*SKIPPED*shared corpus not found*",
            "*FAILED*test_browser*CI=true: cannot skip: no Chromium*",
        ]
    )


def test_declaring_shared_data_optional_does_not_excuse_it_when_the_folder_is_there():
    from conftest import forbidden_skip

    ci = {"CI": "true", "ANNALS_SHARED_OPTIONAL": "1"}
    reason = "shared test data not found: ../shared/seeds/x.txt (expected the 'shared' folder next to the repo)"
    assert forbidden_skip(reason, ci, shared_present=False) is None
    assert forbidden_skip(reason, ci, shared_present=True) == f"CI=true: cannot skip: {reason}"
    assert (
        forbidden_skip(reason, {"CI": "true"}, shared_present=False)
        == f"CI=true: cannot skip: {reason}"
    )
    assert forbidden_skip("linkchecker is not installed", ci, shared_present=False) is not None
    assert forbidden_skip(reason, {"ANNALS_SHARED_OPTIONAL": "1"}, shared_present=True) is None
