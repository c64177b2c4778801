"""The organisation report: ``readycheck merge`` (inputs validated, bad ones named, failed
scans listed with their reason, blockers, shared root causes, trend), ``readycheck
scan-many`` (parallel child scans, one failure never stops the others) and the workflow's
small steps (``readycheck.fleet``: repository lists, the GitHub API listing, scan records)."""

from __future__ import annotations

import json
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from readycheck.cli import app
from readycheck.engine import ScanOptions, scan
from readycheck.fleet import (
    FleetError,
    artifact_name,
    organisation_repositories,
    parse_repository_list,
    scan_record,
    write_record,
)
from readycheck.fleet import main as fleet_main
from readycheck.org import build_org_report, load_inputs, read_json, validate
from readycheck.reporters.json_report import render_json
from readycheck.reporters.org import render_org_html, render_org_markdown
from readycheck.scanmany import ScanJob, plan_jobs, scan_one
from tests.conftest import SAMPLES, run_cli
from tests.org_synth import variants

runner = CliRunner()


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, Any]]:
    """Real reports of three bundled samples, as parsed JSON."""
    return {
        name: json.loads(render_json(scan(SAMPLES / name, ScanOptions())))
        for name in ("vibe-fastapi", "vibe-django-drf", "clean-fastapi")
    }


def _write(folder: Path, report: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "readycheck.json").write_text(json.dumps(report), encoding="utf-8")
    return folder / "readycheck.json"


def _merge(args: list[str]) -> Any:
    return runner.invoke(app, ["merge", *args], catch_exceptions=False)


def test_merge_names_every_input_it_cannot_use(tmp_path: Path, reports: dict[str, dict[str, Any]]) -> None:
    files = [_write(tmp_path / name, report) for name, report in reports.items()]
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"schema_version": 1, "score": ', encoding="utf-8")
    future = tmp_path / "future.json"
    future.write_text(json.dumps({**reports["clean-fastapi"], "schema_version": 2}), encoding="utf-8")
    foreign = tmp_path / "bandit.json"
    foreign.write_text(json.dumps({"results": [], "errors": []}), encoding="utf-8")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00junk")
    out = tmp_path / "org"
    result = _merge([*map(str, files), str(corrupt), str(future), str(foreign), str(binary), "-o", str(out)])
    assert result.exit_code == 0, result.output
    org = read_json(out / "readycheck-org.json")
    validate(org, "org-report.schema.json")
    assert {r["name"] for r in org["repositories"]} == set(reports)
    skipped = {Path(s["path"]).name: s["reason"] for s in org["inputs"]["skipped"]}
    assert skipped["corrupt.json"].startswith("not JSON (line 1")
    assert skipped["future.json"].startswith("schema version 2; this readycheck")
    assert skipped["bandit.json"].startswith("at (top level)")
    assert skipped["binary.json"] == "UnicodeDecodeError"
    for name in skipped:
        assert name in result.output  # named on the terminal too
    markdown = (out / "readycheck-org.md").read_text(encoding="utf-8")
    assert "## Inputs not used" in markdown and "future.json" in markdown
    html = (out / "readycheck-org.html").read_text(encoding="utf-8")
    assert "Inputs not used" in html and "default-src &#39;none&#39;" not in html and "default-src 'none'" in html


def test_repository_rows_carry_verdict_score_categories_date(reports: dict[str, dict[str, Any]]) -> None:
    entries, skipped = load_inputs([])
    assert entries == [] and skipped == []
    entries = []
    for name, report in reports.items():
        from readycheck.org import Entry

        entries.append(Entry(name=name, source=name, report=report, record=None, failure=None))
    org = build_org_report(entries)
    validate(org, "org-report.schema.json")
    rows = {r["name"]: r for r in org["repositories"]}
    vibe = rows["vibe-fastapi"]
    report = reports["vibe-fastapi"]
    assert vibe["verdict"] == report["verdict"] == "not-ready" and vibe["score"] == report["score"]
    assert vibe["scanned_at"] == report["scanned_at"] and vibe["provisional"] == report["provisional"]
    assert vibe["categories"]["secrets"]["score"] == next(
        c["score"] for c in report["categories"] if c["id"] == "secrets"
    )
    assert vibe["blocking_findings"] == sum(1 for f in report["findings"] if f["blocks_gate"])
    assert rows["clean-fastapi"]["blocking_findings"] == 0
    # worst first: not-ready before ready-with-warnings
    order = [r["verdict"] for r in org["repositories"]]
    assert order.index("not-ready") < order.index(rows["clean-fastapi"]["verdict"])
    # a rule blocking both vibe samples is counted once per repository
    rc201 = next(b for b in org["blockers"] if b["rule_id"] == "RC201")
    assert rc201["repositories"] == ["vibe-django-drf", "vibe-fastapi"]
    assert rc201["findings"] == sum(
        1 for r in ("vibe-fastapi", "vibe-django-drf") for f in reports[r]["findings"] if f["rule_id"] == "RC201"
    )
    assert [len(b["repositories"]) for b in org["blockers"]] == sorted(
        (len(b["repositories"]) for b in org["blockers"]), reverse=True
    )


def test_same_code_in_two_repositories_is_one_shared_root_cause(
    tmp_path: Path, reports: dict[str, dict[str, Any]]
) -> None:
    template = SAMPLES / "vibe-fastapi"
    for name in ("shop", "crm"):
        shutil.copytree(template, tmp_path / "src" / name)
    (tmp_path / "src" / "crm" / "README.md").write_text("another app from the same template\n", encoding="utf-8")
    for name in ("shop", "crm"):
        _write(tmp_path / "out" / name, json.loads(render_json(scan(tmp_path / "src" / name, ScanOptions()))))
    _write(tmp_path / "out" / "drf", reports["vibe-django-drf"])
    entries, _ = load_inputs([tmp_path / "out"])
    org = build_org_report(entries)
    assert {e.name for e in entries} == {"shop", "crm", "vibe-django-drf"}
    secrets = [s for s in org["shared"] if s["rule_id"] == "RC101"]
    assert secrets and all({r["name"] for r in s["repositories"]} >= {"shop", "crm"} for s in secrets)
    assert all(s["kind"] == "copied code" for s in secrets)
    # the shared snippet is the report's, already redacted: no secret line reaches the org report
    text = json.dumps(org)
    shop = json.loads((tmp_path / "out" / "shop" / "readycheck.json").read_text(encoding="utf-8"))
    raw_lines = [
        (tmp_path / "src" / "shop" / f["path"]).read_text(encoding="utf-8").splitlines()[f["line"] - 1].strip()
        for f in shop["findings"]
        if f["rule_id"] == "RC101" and f["line"]
    ]
    assert raw_lines
    for raw in raw_lines:
        assert raw not in text


def test_failed_scans_are_listed_with_their_reason(tmp_path: Path, reports: dict[str, dict[str, Any]]) -> None:
    ok = tmp_path / "acme__shop"
    _write(ok, reports["clean-fastapi"])
    write_record(scan_record("acme/shop", ok, exit_code=0), ok)
    crashed = tmp_path / "acme__crm"
    write_record(scan_record("acme/crm", crashed, exit_code=-9), crashed)
    broken = tmp_path / "acme__blog"
    broken.mkdir()
    (broken / "readycheck.json").write_text("{", encoding="utf-8")
    write_record(scan_record("acme/blog", broken, exit_code=1), broken)
    out = tmp_path / "org"
    result = _merge(
        [str(tmp_path), "-o", str(out), "--expected", json.dumps(["acme/shop", "acme/crm", "acme/blog", "acme/lost"])]
    )
    assert result.exit_code == 0, result.output
    org = read_json(out / "readycheck-org.json")
    rows = {r["name"]: r for r in org["repositories"]}
    assert rows["acme/shop"]["status"] == "scanned"
    assert rows["acme/crm"]["status"] == "failed"
    assert rows["acme/crm"]["reason"] == "the scan wrote no report (exit code -9: readycheck crashed or was killed)"
    assert (
        rows["acme/blog"]["status"] == "failed"
        and "its report could not be used: not JSON" in rows["acme/blog"]["reason"]
    )
    assert rows["acme/lost"]["status"] == "failed" and "did not finish" in rows["acme/lost"]["reason"]
    assert org["summary"]["failed"] == 3
    assert _merge([str(tmp_path), "-o", str(out), "--gate"]).exit_code == 1


def test_merge_with_nothing_usable_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    proc = run_cli("merge", str(tmp_path / "x.json"), "-o", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert "error: no readycheck report to merge" in proc.stderr and "x.json" in proc.stderr


def test_trend_against_an_earlier_org_report(tmp_path: Path, reports: dict[str, dict[str, Any]]) -> None:
    before = json.loads(json.dumps(reports["vibe-fastapi"]))
    before["score"] = 40
    _write(tmp_path / "then" / "vibe-fastapi", before)
    assert _merge([str(tmp_path / "then"), "-o", str(tmp_path / "org1")]).exit_code == 0
    _write(tmp_path / "now" / "vibe-fastapi", reports["vibe-fastapi"])
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    result = _merge(
        [
            str(tmp_path / "now"),
            "-o",
            str(tmp_path / "org2"),
            "--previous",
            str(tmp_path / "org1" / "readycheck-org.json"),
            "--previous",
            str(tmp_path / "junk.json"),
        ]
    )
    assert result.exit_code == 0
    org = read_json(tmp_path / "org2" / "readycheck-org.json")
    row = org["repositories"][0]
    assert row["score_change"] == reports["vibe-fastapi"]["score"] - 40
    assert [t["score"] for t in row["trend"]] == [40]
    assert any("not an earlier organisation report" in s["reason"] for s in org["inputs"]["skipped"])
    markdown = (tmp_path / "org2" / "readycheck-org.md").read_text(encoding="utf-8")
    assert f"+{reports['vibe-fastapi']['score'] - 40}" in markdown


def test_old_reports_without_blocks_gate_use_fail_on(reports: dict[str, dict[str, Any]]) -> None:
    from readycheck.org import Entry

    old = json.loads(json.dumps(reports["vibe-fastapi"]))
    for finding in old["findings"]:
        del finding["blocks_gate"]
    del old["scanned_at"]
    validate(old, "report.schema.json")  # still a valid report of schema version 1
    org = build_org_report([Entry(name="old", source="old", report=old, record=None, failure=None)])
    expected = sum(1 for f in old["findings"] if not f["suppressed"] and f["severity"] in ("critical", "high"))
    assert org["repositories"][0]["blocking_findings"] == expected
    assert org["repositories"][0]["scanned_at"] is None


def test_hostile_repository_names_are_escaped(reports: dict[str, dict[str, Any]]) -> None:
    from readycheck.org import Entry

    name = "x|<img src=x onerror=alert(1)>\u202e"
    org = build_org_report([Entry(name=name, source="s", report=reports["vibe-fastapi"], record=None, failure=None)])
    markdown = render_org_markdown(org)
    assert "<img" not in markdown and "\\|" in markdown
    html = render_org_html(org)
    assert "<img" not in html and "&lt;img" in html and "[U+202E]" in html


def test_markdown_stays_under_the_job_summary_limit(reports: dict[str, dict[str, Any]]) -> None:
    from readycheck.org import Entry
    from readycheck.reporters.org import MAX_MARKDOWN_BYTES

    many = variants(reports["vibe-fastapi"], 200)
    entries = [
        Entry(name=f"{'long-organisation-name/' * 200}{i}", source="s", report=r, record=None, failure=None)
        for i, r in enumerate(many)
    ]
    markdown = render_org_markdown(build_org_report(entries))
    assert len(markdown.encode("utf-8")) <= MAX_MARKDOWN_BYTES
    assert "more repositories in the HTML and JSON reports" in markdown


# ---------------------------------------------------------------- scan-many


def test_scan_many_scans_in_parallel_and_reports_failures(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder.txt"
    a_file.write_text("x", encoding="utf-8")
    out = tmp_path / "org"
    result = runner.invoke(
        app,
        [
            "scan-many",
            str(SAMPLES / "vibe-fastapi"),
            str(SAMPLES / "clean-fastapi"),
            str(a_file),
            str(tmp_path / "missing"),
            "-o",
            str(out),
            "-j",
            "2",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    org = read_json(out / "readycheck-org.json")
    rows = {r["name"]: r for r in org["repositories"]}
    assert rows["vibe-fastapi"]["verdict"] == "not-ready"
    assert rows["clean-fastapi"]["status"] == "scanned"
    assert rows["not-a-folder.txt"]["reason"] == "not a folder"
    assert rows["missing"]["reason"] == "no such folder"
    for name in ("vibe-fastapi", "clean-fastapi"):
        for file in ("readycheck.json", "readycheck.html", "readycheck.md", "readycheck.sarif", "readycheck-scan.json"):
            assert (out / "repos" / name / file).is_file()


def test_a_crashing_scan_is_failed_with_its_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake_readycheck.py"
    fake.write_text("import sys\nsys.stderr.write('Traceback...\\nerror: out of memory\\n')\nsys.exit(70)\n")
    done = scan_one(ScanJob("app", SAMPLES / "clean-fastapi"), tmp_path / "out", [], 60, [sys.executable, str(fake)])
    assert done.exit_code == 70
    assert done.reason == "the scan wrote no report (exit code 70: error: out of memory)"
    record = json.loads((tmp_path / "out" / "repos" / "app" / "readycheck-scan.json").read_text())
    assert record["reason"] == done.reason and record["report"] is False
    hang = tmp_path / "hang.py"
    hang.write_text("import time\ntime.sleep(600)\n")
    import readycheck.scanmany as scanmany

    original = scanmany.GRACE_SECONDS
    scanmany.GRACE_SECONDS = 0.5
    try:
        done = scan_one(
            ScanJob("slow", SAMPLES / "clean-fastapi"), tmp_path / "out", [], 0.5, [sys.executable, str(hang)]
        )
    finally:
        scanmany.GRACE_SECONDS = original
    assert done.exit_code is None and done.reason == "the scan was killed after 1 s"


def test_plan_jobs_names_are_unique_and_safe(tmp_path: Path) -> None:
    names = [
        j.name
        for j in plan_jobs([tmp_path / "a", tmp_path / "x" / "a", tmp_path / "we ird;$(x)", tmp_path / ".hidden"])
    ]
    assert names == ["a", "a-2", "we_ird___x_", "hidden"]


# ---------------------------------------------------------------- fleet


def test_repository_lists_are_validated() -> None:
    assert parse_repository_list('["acme/shop", "acme/crm", "acme/shop"]') == ["acme/shop", "acme/crm"]
    assert parse_repository_list("acme/shop\n# comment\nacme/crm.io\n") == ["acme/shop", "acme/crm.io"]
    for bad in ('["acme/shop;rm -rf /"]', '["../etc"]', '["acme/.."]', "[1]", "[", '["a/b/c"]'):
        with pytest.raises(FleetError):
            parse_repository_list(bad)
    assert artifact_name("acme/shop") == "readycheck-repo-acme__shop"


class _FakeGitHub(BaseHTTPRequestHandler):
    repos: ClassVar[list[dict[str, Any]]] = []
    seen_auth: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        type(self).seen_auth.append(self.headers.get("Authorization"))
        if parts.path != "/orgs/acme/repos":
            self.send_response(404)
            self.end_headers()
            return
        page = int(parse_qs(parts.query)["page"][0])
        body = json.dumps(type(self).repos[(page - 1) * 100 : page * 100]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def fake_github() -> Iterator[str]:
    repos = [
        {"full_name": f"acme/app{i:03d}", "topics": ["vibe"] if i % 2 else [], "archived": False, "fork": False}
        for i in range(103)
    ]
    repos += [{"full_name": "acme/old", "topics": ["vibe"], "archived": True, "fork": False}]
    repos += [{"full_name": "acme/fork", "topics": ["vibe"], "archived": False, "fork": True}]
    _FakeGitHub.repos = repos
    _FakeGitHub.seen_auth = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_organisation_listing_pages_and_filters(fake_github: str, tmp_path: Path) -> None:
    every = organisation_repositories("acme", token="t0k3n", api_url=fake_github)
    assert len(every) == 103 and "acme/old" not in every and "acme/fork" not in every
    assert _FakeGitHub.seen_auth == ["Bearer t0k3n", "Bearer t0k3n"]  # two pages
    tagged = organisation_repositories("acme", "vibe", api_url=fake_github)
    assert len(tagged) == 51 and all(int(name[-3:]) % 2 for name in tagged)
    with pytest.raises(FleetError, match="not a GitHub organisation name"):
        organisation_repositories("acme/../x", api_url=fake_github)
    with pytest.raises(FleetError, match="/orgs/nobody/repos"):
        organisation_repositories("nobody", api_url=fake_github)
    output = tmp_path / "out.txt"
    env = {"GITHUB_OUTPUT": str(output), "GH_TOKEN": "t0k3n", "GITHUB_API_URL": fake_github}
    assert fleet_main(["list-repositories", "--organization", "acme", "--topic", "vibe"], env) == 0
    written = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert json.loads(written["repositories"]) == tagged and written["count"] == "51"
    assert fleet_main(["list-repositories", "--repositories", '["acme/x;y"]'], env) == 2
    assert fleet_main(["list-repositories"], env) == 2


def test_idioms_and_lookalike_redacted_secrets_are_not_shared(reports: dict[str, dict[str, Any]]) -> None:
    from readycheck.org import Entry

    first = json.loads(json.dumps(reports["vibe-fastapi"]))
    second = json.loads(json.dumps(reports["vibe-fastapi"]))
    for finding in second["findings"]:
        # another app: other secret values and other code at the same places, same redacted look
        finding["fingerprint"] = "f" * 20 if finding["category"] == "secrets" else finding["fingerprint"][::-1]
        if finding["category"] != "secrets" and finding["snippet"] and len(finding["snippet"]) >= 40:
            finding["snippet"] += "  # changed"
    idiom = {**first["findings"][0], "rule_id": "RC603", "category": "logging", "snippet": "except Exception:"}
    first["findings"].append({**idiom, "fingerprint": "1" * 20})
    second["findings"].append({**idiom, "fingerprint": "2" * 20})
    entries = [
        Entry(name=n, source=n, report=r, record=None, failure=None) for n, r in (("one", first), ("two", second))
    ]
    assert build_org_report(entries)["shared"] == []
    # the same two reports, unchanged, share every finding
    same = [Entry(name=n, source=n, report=first, record=None, failure=None) for n in ("one", "two")]
    shared = build_org_report(same)["shared"]
    assert {s["rule_id"] for s in shared} >= {"RC101", "RC603"}
