"""Shared fixtures: Debian's Chromium driven by Playwright, and a built site served on 127.0.0.1.

Chromium comes from the system (`/usr/bin/chromium`), never from `playwright install`: when it is missing and we are
root with apt-get, the session installs Debian's package; where that cannot be done the browser tests skip and say
why. The browser reaches nothing but the local server.

Under `CI=true` (or `CI=1`) nothing may skip: a test that would skip fails instead, with the skip's reason, so a
green CI run means every test ran. The one exception is opt-in: with `ANNALS_SHARED_OPTIONAL=1` a skip because the
shared data (../shared beside the repo) is not found stands, when that folder is absent altogether. The GitHub
workflow sets it, because ../shared is not public; it never excuses a missing Chromium.
"""

from __future__ import annotations

import fcntl
import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "wikinews"
# For a test that needs articles of the shared corpus; worded as SHARED_MISSING expects.
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"shared corpus not found at {CORPUS} (expected ../shared beside the repo)",
)
# Four real Wikinews articles on the US Congress: people, parties and places that recur across articles.
CONGRESS_ARTICLES = [
    "2019/2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md",
    "2019/2019-01-07-president-trump-says-he-can-and-may-put-us-into-state-of-emergency-to-build-bord.md",
    "2019/2019-09-25-us-speaker-pelosi-announces-trump-impeachment-investigation.md",
    "2019/2019-11-01-u-s-house-formalizes-rules-for-trump-impeachment-proceedings.md",
]


def build_seed_files(root: Path, files: list[Path]):
    """The pipeline's BuildResult for `files`, copied (in the order given) into `root/seeds` and built in this
    process with en_core_web_sm; the generated pages land in `root/pages`."""
    from generator.pipeline import BuildSettings, build_archive

    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for path in files:
        shutil.copy(path, seeds / path.name)
    settings = BuildSettings(
        seeds=seeds,
        entities=None,
        model="en_core_web_sm",
        cache_dir=root / "cache",
        pages_dir=root / "pages",
    )
    return build_archive(settings)


@pytest.fixture(scope="module")
def congress_archive(tmp_path_factory):
    """The seed article and the Congress articles (when the shared corpus is there), read, annotated and resolved."""
    congress = [CORPUS / name for name in CONGRESS_ARTICLES] if CORPUS.is_dir() else []
    return build_seed_files(tmp_path_factory.mktemp("congress"), [SEED, *congress]).archive


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but the local test server: every other host name fails to resolve, so no connection leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
APT_TIMEOUT = 900  # seconds, for apt-get update + install on a fresh machine


def install_chromium() -> str:
    """Debian's Chromium, installed with apt-get when missing and possible; '' on success, else why not."""
    if CHROMIUM.exists():
        return ""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return f"{CHROMIUM} is missing and installing it needs root: run `apt-get install chromium`"
    if shutil.which("apt-get") is None:
        return f"{CHROMIUM} is missing and there is no apt-get to install Debian's chromium package"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # The suite's processes (pytest-xdist's workers) may ask at once, and apt-get fails at once while another holds
    # its lock: one installs, the others wait for it and find Chromium there.
    with open(Path(tempfile.gettempdir()) / "annals-tests-chromium.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if CHROMIUM.exists():
            return ""
        try:
            result = subprocess.run(
                ["bash", "-c", "apt-get update -qq && apt-get install -y -qq chromium"],
                env=env,
                capture_output=True,
                text=True,
                timeout=APT_TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return f"installing chromium with apt-get did not finish within {APT_TIMEOUT} s"
    if result.returncode != 0 or not CHROMIUM.exists():
        return f"apt-get could not install chromium (exit {result.returncode}): {result.stderr.strip()[-500:]}"
    return ""


@pytest.fixture(scope="session")
def chromium() -> Path:
    problem = install_chromium()
    if problem:
        # Outside CI the browser tests skip and say why; under CI=true the hook below turns this into a failure.
        pytest.skip(f"no Chromium for the browser tests: {problem}")
    return CHROMIUM


# --- skips under CI ------------------------------------------------------------------------------------------------

CI_VARIABLE = "CI"  # GitHub Actions, GitLab and most CI services set CI=true
SHARED_OPTIONAL_VARIABLE = "ANNALS_SHARED_OPTIONAL"
# How every test here words a skip for missing shared data: "shared corpus not found ...", "shared test data not
# found ...", "shared gold data not found ...".
SHARED_MISSING = re.compile(r"\bshared\b.*\bnot found\b", re.IGNORECASE | re.DOTALL)


def is_set(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() in ("true", "1")


# Property tests explore new examples on every run where people work, but under CI they run the same examples every
# time: a green CI run must not depend on which examples chance picked (a failure found locally is fixed there).
settings.register_profile("ci", derandomize=True, print_blob=True)
if is_set(os.environ, CI_VARIABLE):
    settings.load_profile("ci")


def forbidden_skip(reason: str, environ: Mapping[str, str], shared_present: bool) -> str | None:
    """Why a skip with `reason` must fail instead, or None when it may stand (outside CI; or missing shared data
    that the environment declared optional and that is really absent)."""
    if not is_set(environ, CI_VARIABLE):
        return None
    if (
        is_set(environ, SHARED_OPTIONAL_VARIABLE)
        and not shared_present
        and SHARED_MISSING.search(reason)
    ):
        return None
    return f"{CI_VARIABLE}=true: cannot skip: {reason}"


def skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


def fail_forbidden_skip(report) -> None:
    # An expected failure (xfail) is reported as skipped too, with `wasxfail`: that is not a skip and stays as it is.
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    why = forbidden_skip(skip_reason(report), os.environ, SHARED.is_dir())
    if why:
        report.outcome = "failed"
        report.longrepr = why


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    fail_forbidden_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    # A module-level pytest.skip() or importorskip() skips the whole file at collection.
    report = yield
    fail_forbidden_skip(report)
    return report


def serve_site(site: Path):
    """Serve `site` over HTTP on 127.0.0.1 in a thread; returns (base URL, stop function)."""
    httpd = LocalServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def stop():
        httpd.shutdown()
        httpd.server_close()
        thread.join()

    return f"http://127.0.0.1:{httpd.server_address[1]}/", stop


class LocalServer(http.server.ThreadingHTTPServer):
    # A search asks for dozens of index chunks and fragments at once; past listen()'s backlog (5 by default), while
    # the server's thread is slow to accept them on a loaded machine, Linux drops a connection's opening packet and
    # the browser sends it again only after a second, then three: delays a real host never adds, which add up
    # within a browser test's wait.
    request_queue_size = 128


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    """The module's built site over HTTP on 127.0.0.1 (search needs a real origin for its web worker)."""
    url, stop = serve_site(site)
    yield url
    stop()


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright import (
        sync_api,  # a test dependency (pip install -e '.[test]'): missing, it fails loudly
    )

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def local_only(route):
    if re.match(r"^(http://127\.0\.0\.1[:/]|data:|blob:|about:)", route.request.url):
        route.continue_()
    else:
        route.abort()


def open_page(browser, url: str, javascript: bool = True):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
    )
    context.route("**/*", local_only)
    page = context.new_page()
    page.goto(url)
    return context, page


def material_ready(page) -> None:
    """Waits until Material for MkDocs has mounted its components (search, link previews, table wrappers...) on the
    page: its document$ replays the document to a late subscriber only after every component's subscription ran."""
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate("() => new Promise(resolve => window.document$.subscribe(() => resolve(true)))")


def set_site_url(config: Path, url: str | None) -> None:
    """Point a project made by `annals new` at `url`, or leave site_url unset (None): its mkdocs.yml's one
    `site_url:` line is replaced, so no earlier or later line can win over it."""
    text = config.read_text("utf-8")
    line = f"site_url: {url}" if url is not None else "# site_url: unset"
    changed, count = re.subn(r"(?m)^#? ?site_url:.*$", line, text, count=1)
    assert count == 1, f"no site_url line in {config}"
    config.write_text(changed, "utf-8")


def build_in_process(config_file: Path, dirty: bool = False):
    """`mkdocs build` (or a `serve --dirty` rebuild) in this process, as a separate `mkdocs build` process would
    run it; the annals plugin's build as it stood when MkDocs had written the site: (pipeline.BuildResult as the
    pipeline returned it, the same as the plugin held it through MkDocs' pages (its archive without mentions),
    pagecache.PageReuse or None, search bundles) by name. The plugin drops its build at the end, so it is taken
    as it finishes."""
    from types import SimpleNamespace
    from unittest import mock

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    from generator.sitebuild import SiteBuild

    finished, built = [], []
    real_finish, real_keep = SiteBuild.finish, SiteBuild.keep_archive_without_mentions

    def keeping(self):
        built.append(self.result)
        return real_keep(self)

    def finishing(self, config):
        finished.append(
            SimpleNamespace(
                result=built[-1],
                held=self.result,
                reuse=self.reuse,
                search_bundles=self.search_bundles,
            )
        )
        return real_finish(self, config)

    # MkDocs keeps plugins that have on_startup between loads of a config in one process (for `serve`), and so
    # their state: clear them so that each build here starts as a separate `mkdocs build` process would.
    MkDocsConfig.plugins.plugin_cache.clear()
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    try:
        with (
            mock.patch.object(SiteBuild, "finish", finishing),
            mock.patch.object(SiteBuild, "keep_archive_without_mentions", keeping),
        ):
            build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
    return finished[-1]


# Wrappers the tests use to see every page at once; a build writes each as it comes.
def render_archive(archive, *args, **kwargs):
    """Every generated page of the archive (render.iter_archive_pages) as a list, in path order, each written in
    pieces (the JSON exports) as one text."""
    from generator.model import Page
    from generator.render import iter_archive_pages

    return sorted(
        (
            page
            if page.content is None or isinstance(page.content, str)
            else Page(page.path, "".join(page.content))
            for page in iter_archive_pages(archive, *args, **kwargs)
        ),
        key=lambda page: page.path,
    )


def render_feeds(*args, **kwargs):
    """feeds.iter_feeds' feeds as a list."""
    from generator.feeds import iter_feeds

    return list(iter_feeds(*args, **kwargs))


def render_data_exports(archive):
    """The exports, each as one text (a gzipped one decompressed)."""
    from generator.archivedb import archive_database
    from generator.exports import iter_data_exports
    from generator.model import Page

    with archive_database(archive) as connection:
        return [
            Page(page.path, gzip.decompress(b"".join(page.content)).decode("utf-8"))
            if page.path.endswith(".gz")
            else Page(page.path, "".join(page.content))
            for page in iter_data_exports(connection)
        ]
