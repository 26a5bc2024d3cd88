"""`annals reconcile` (generator/reconcile.py) against Wikidata answers recorded in tests/data/wikidata (see its
README) and served from a local HTTP server: what is looked up, how candidates are scored by name, type and
description, the review file it writes (never entities.yml), an accepted suggestion reaching the actor's page
and JSON-LD, and a clear message and exit status when Wikidata cannot be reached."""

from __future__ import annotations

import html
import json
import re
import socket
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from generator.model import Actor, Mention
from generator.reconcile import SUGGEST_AT, WikidataClient, WikidataUnavailable, look_up

DATA = Path(__file__).resolve().parent / "data" / "wikidata"


class RecordedWikidata(BaseHTTPRequestHandler):
    """Answers wbsearchentities and wbgetentities from the recorded files, as the API would; keeps each request."""

    requests: list[tuple[dict, str]] = []

    def do_GET(self):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        self.requests.append((query, self.headers.get("User-Agent", "")))
        if query.get("action") == "wbsearchentities":
            recorded = DATA / "search" / f"{query['search']}.json"
            answer = (
                json.loads(recorded.read_text("utf-8"))
                if recorded.is_file()
                else {"searchinfo": {"search": query["search"]}, "search": [], "success": 1}
            )
        elif query.get("action") == "wbgetentities":
            entities = {}
            for qid in query["ids"].split("|"):
                recorded = DATA / "entities" / f"{qid}.json"
                entities[qid] = (
                    json.loads(recorded.read_text("utf-8"))
                    if recorded.is_file()
                    else {"id": qid, "missing": ""}
                )
            answer = {"entities": entities, "success": 1}
        else:
            answer = {
                "error": {
                    "code": "unknown_action",
                    "info": f'Unrecognized value for parameter "action": {query.get("action")}.',
                }
            }
        body = json.dumps(answer).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordedWikidata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    server.shutdown()
    server.server_close()


def annals(project: Path, *args: str, api_url: str | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "CI": "true"}
    if api_url:
        env["ANNALS_WIKIDATA_API"] = api_url
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project as `annals new` makes it: its example article is real Wikinews text naming Nancy Pelosi, Donald
    Trump, Mitch McConnell, California, the Senate, Congress and the House."""
    root = tmp_path_factory.mktemp("reconcile") / "archive"
    subprocess.run(
        [sys.executable, "-m", "generator", "new", str(root)], check=True, capture_output=True
    )
    (root / "entities.yml").write_text(
        "actors:\n  - name: Mitch McConnell\n    links: {wikidata: Q355522}\n", "utf-8"
    )
    return root


@pytest.fixture(scope="module")
def reconciled(project, api):
    RecordedWikidata.requests.clear()
    before = (project / "entities.yml").read_bytes()
    result = annals(project, "reconcile", "--top", "6", api_url=api)
    return result, before, list(RecordedWikidata.requests)


def suggested(project: Path) -> dict[str, dict]:
    data = yaml.safe_load((project / "entities.suggested.yml").read_text("utf-8"))
    return {entry["name"]: entry for entry in data["actors"]}


def test_it_looks_up_the_most_mentioned_actors_without_a_link_and_names_itself(reconciled):
    result, _, requests = reconciled
    assert result.returncode == 0, result.stderr
    searched = [query["search"] for query, _ in requests if query["action"] == "wbsearchentities"]
    assert searched[:2] == [
        "Nancy Pelosi",
        "Senate",
    ]  # two mentions each, then one mention each by name
    assert (
        len(searched) == 6 and "Mitch McConnell" not in searched
    )  # linked in entities.yml already
    assert all(agent.startswith("Annals/") for _, agent in requests)
    fetched = [query for query, _ in requests if query["action"] == "wbgetentities"]
    assert {"ids": "Q22686|Q3713655", "props": "claims|descriptions"}.items() <= next(
        q for q in fetched if "Q22686" in q["ids"]
    ).items()
    assert "6 actors" in result.stdout and "entities.suggested.yml" in result.stdout


def test_suggestions_are_ready_entries_and_entities_yml_is_untouched(project, reconciled):
    _, before, _ = reconciled
    assert (project / "entities.yml").read_bytes() == before
    entries = suggested(project)
    assert entries["Nancy Pelosi"] == {
        "name": "Nancy Pelosi",
        "description": "American politician (born 1940)",
        "links": {"wikidata": "Q170581"},
    }
    assert entries["Donald Trump"]["links"] == {
        "wikidata": "Q22686"
    }  # the label that is his name, not Donald Trump Jr.
    assert entries["California"]["links"] == {"wikidata": "Q99"}
    assert (
        "Senate" not in entries
    )  # Wikidata found nothing under the name: nothing suggested, and the file says so
    text = (project / "entities.suggested.yml").read_text("utf-8")
    assert re.search(
        r"^# Senate \(organization, 2 mentions\): Wikidata has no item by this name; nothing suggested",
        text,
        re.M,
    )
    assert re.search(
        r"^# Donald Trump .*Q22686 scores .*label is the actor's name; a person by its statements",
        text,
        re.M,
    )
    assert re.search(
        r"^# Also found: Q3713655 Donald Trump Jr\. \(American businessman \(born 1977\)\) 0\.\d\d",
        text,
        re.M,
    )


def test_running_again_gives_the_same_file(project, api, reconciled):
    first = (project / "entities.suggested.yml").read_bytes()
    assert annals(project, "reconcile", "--top", "6", api_url=api).returncode == 0
    assert (project / "entities.suggested.yml").read_bytes() == first


def test_an_accepted_suggestion_shows_its_description_and_same_as(project, reconciled, tmp_path):
    """The editor moves Nancy Pelosi's entry into entities.yml; the build shows its description on her page and
    links the Wikidata item, in the page and as sameAs in its JSON-LD."""
    entry = suggested(project)["Nancy Pelosi"]
    rules = yaml.safe_load((project / "entities.yml").read_text("utf-8"))
    rules["actors"].append(entry)
    (project / "entities.yml").write_text(yaml.safe_dump(rules, sort_keys=False), "utf-8")
    result = annals(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "actors" / "nancy-pelosi" / "index.html").read_text("utf-8")
    assert (
        "American politician (born 1940)" in page
        and 'href="https://www.wikidata.org/wiki/Q170581"' in page
    )
    ld = json.loads(
        html.unescape(
            page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
        )
    )
    about = ld if ld.get("name") == "Nancy Pelosi" else ld.get("mainEntity", ld.get("about", {}))
    assert (
        "https://www.wikidata.org/wiki/Q170581" in about["sameAs"]
        and about["description"] == "American politician (born 1940)"
    )


def test_offline_it_says_so_writes_nothing_and_exits_3(tmp_path):
    root = tmp_path / "archive"
    subprocess.run(
        [sys.executable, "-m", "generator", "new", str(root)], check=True, capture_output=True
    )
    with (
        socket.socket() as unused
    ):  # a port nothing listens on: connections are refused, as offline
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    result = annals(root, "reconcile", api_url=f"http://127.0.0.1:{port}/w/api.php")
    assert result.returncode == 3
    assert "cannot reach Wikidata" in result.stderr and "nothing written" in result.stderr
    assert not (root / "entities.suggested.yml").exists()


def test_an_error_answer_is_reported_not_written(api):
    with pytest.raises(WikidataUnavailable, match="unknown_action"):
        WikidataClient(api).get(action="nosuchaction")


def paris(kind: str, sentence: str) -> Actor:
    return Actor(
        "paris", "Paris", kind, (), (Mention("a", 0, 5, "Paris", "GPE", sentence, "paris"),)
    )


def test_the_type_decides_between_a_city_and_a_person_of_one_name(api):
    """'Paris' finds the city first and Paris Hilton second: a place gets the city; a person never gets it, and
    Paris Hilton, whose label is not the name, is not suggested either."""
    client = WikidataClient(api)
    place = look_up(paris("place", "Paris is the capital of France, and its largest city."), client)
    assert place.suggestion and place.suggestion.candidate.id == "Q90"
    assert "capital, city, france, largest" in "; ".join(place.suggestion.reasons).replace(
        "description shares ", ""
    )
    person = look_up(
        paris("person", "Paris thanked fans at the premiere, the businesswoman said."), client
    )
    scores = {s.candidate.id: s for s in person.candidates}
    assert not scores["Q90"].suggestible and person.suggestion is None
    assert scores["Q47899"].score < SUGGEST_AT
