"""SARIF 2.1.0 and Markdown output: schema-valid SARIF for every sample, GitHub's upload
rules, fingerprints that survive edits above a finding, and Markdown that escapes what the
repository controls."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from readycheck._resources import schema_path
from readycheck.engine import ScanOptions, scan
from readycheck.model import Run, RunKind, RunStatus
from readycheck.reporters.markdown import render_markdown
from readycheck.reporters.sarif import MAX_TAGS, to_sarif
from tests.conftest import SAMPLES, run_cli

VALIDATOR = jsonschema.Draft7Validator(json.loads(schema_path("sarif-schema-2.1.0.json").read_text(encoding="utf-8")))


def check_github_rules(log: dict) -> None:
    """What GitHub code scanning rejects or mishandles, beyond the schema."""
    assert len(log["runs"]) <= 20
    categories = [run["automationDetails"]["id"] for run in log["runs"]]
    assert len(categories) == len(set(categories))
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids)), "each rule once"
        for rule in rules:
            assert len(rule["properties"]["tags"]) <= MAX_TAGS
            assert 0.0 <= float(rule["properties"]["security-severity"]) <= 10.0
        for result in run["results"]:
            assert len(result["locations"]) == 1
            assert ids[result["ruleIndex"]] == result["ruleId"]
            assert result["partialFingerprints"]
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert not uri.startswith("/") and "://" not in uri


@pytest.mark.parametrize("name", ["vibe-fastapi", "vibe-nextjs-supabase", "vibe-django-drf", "clean-fastapi"])
def test_sample_sarif_is_valid(name: str) -> None:
    log = to_sarif(scan(SAMPLES / name, ScanOptions()))
    VALIDATOR.validate(log)
    check_github_rules(log)


def test_posture_findings_get_their_own_run() -> None:
    log = to_sarif(scan(SAMPLES / "vibe-fastapi", ScanOptions()))
    code, posture = log["runs"]
    assert {r["ruleId"] for r in posture["results"]} >= {"RC601", "RC709"}
    assert not {r["ruleId"] for r in code["results"]} & {"RC601", "RC709", "RC607", "RC704"}


def test_fingerprints_survive_lines_inserted_above(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "vibe-fastapi", repo)
    before = {
        (r["ruleId"], r["partialFingerprints"]["readycheckFingerprint/v1"])
        for run in to_sarif(scan(repo, ScanOptions()))["runs"]
        for r in run["results"]
    }
    config = repo / "app" / "config.py"
    config.write_text("# a comment\n\n# another one\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    after_log = to_sarif(scan(repo, ScanOptions()))
    after = {
        (r["ruleId"], r["partialFingerprints"]["readycheckFingerprint/v1"])
        for run in after_log["runs"]
        for r in run["results"]
    }
    assert before == after
    lines = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in after_log["runs"][0]["results"]
        if r["ruleId"] == "RC101" and "config.py" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    ]
    assert lines == [7]


def test_suppressed_and_errored_are_carried() -> None:
    result = scan(SAMPLES / "vibe-fastapi", ScanOptions(select=["RC101"]))
    first = replace(result.findings[0], suppressed=True, suppression_reason="test fixture")
    errored = Run(id="acme", kind=RunKind.TOOL, status=RunStatus.ERRORED, reason="acme not found on PATH", seconds=0.0)
    result = replace(result, findings=(first, *result.findings[1:]), runs=(*result.runs, errored))
    log = to_sarif(result)
    VALIDATOR.validate(log)
    code = log["runs"][0]
    assert code["results"][0]["suppressions"] == [{"kind": "external", "justification": "test fixture"}]
    assert code["invocations"][0]["executionSuccessful"] is False
    assert any("acme not found" in n["message"]["text"] for n in code["invocations"][0]["toolExecutionNotifications"])


def test_markdown_escapes_and_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "x|<img src=y onerror=z>`.py"
    (tmp_path / name).write_text('api_secret = "Zq7-demo-Kx2-readycheck"\n', encoding="utf-8")
    result = scan(tmp_path, ScanOptions(select=["RC101"]))
    text = render_markdown(result)
    assert "<img" not in text and "&lt;img" in text and "x\\|" in text
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/app")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    linked = render_markdown(result)
    assert "](https://github.com/acme/app/blob/0123abc/x%7C%3Cimg%20src%3Dy%20onerror%3Dz%3E%60.py#L1)" in linked
    assert "<img" not in linked


def test_cli_writes_sarif_and_markdown(tmp_path: Path, osv_policy: Path) -> None:
    proc = run_cli(
        "scan",
        str(SAMPLES / "clean-fastapi"),
        "-f",
        "sarif",
        "-f",
        "markdown",
        "-o",
        str(tmp_path),
        "--policy",
        str(osv_policy),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    VALIDATOR.validate(json.loads((tmp_path / "readycheck.sarif").read_text(encoding="utf-8")))
    assert (tmp_path / "readycheck.md").read_text(encoding="utf-8").startswith("## readycheck: ✅ Ready to deploy")


def test_artifact_uri_is_a_relative_uri_reference() -> None:
    from readycheck.reporters.sarif import FALLBACK_URI, artifact_uri

    assert artifact_uri("app/api/notes/[id]/route.ts") == "app/api/notes/%5Bid%5D/route.ts"
    assert artifact_uri("app/(auth)/login/page.tsx") == "app/(auth)/login/page.tsx"
    assert artifact_uri("spaces in name.js") == "spaces%20in%20name.js"
    assert artifact_uri("a\nb.py") == "a%0Ab.py"
    assert artifact_uri("back\\slash.ts") == "back%5Cslash.ts"
    assert artifact_uri("100%.py") == "100%25.py"
    assert artifact_uri("caf\u00e9.py") == "caf%C3%A9.py"
    assert artifact_uri(None) == FALLBACK_URI


def test_markdown_category_scores_say_unknown_with_the_reason() -> None:
    """A category whose checks did not complete is unknown with its reason; 0 stays 0; only a
    category nothing applies to says "not applicable" (never "n/a" or "?")."""
    import dataclasses

    from readycheck.engine import ScanOptions, scan
    from readycheck.model import Category, CategoryScore
    from readycheck.reporters.markdown import render_markdown
    from tests.conftest import SAMPLES

    result = scan(SAMPLES / "clean-fastapi", ScanOptions())
    categories = (
        CategoryScore(id=Category.SECRETS, score=0, findings=3, rules_applicable=2),
        CategoryScore(
            id=Category.DEPENDENCIES,
            score=None,
            findings=1,
            rules_applicable=2,
            unknown_reason="did not complete: pip-audit",
        ),
        CategoryScore(
            id=Category.AI_SAFETY,
            score=None,
            findings=0,
            rules_applicable=0,
            unknown_reason="nothing applicable was checked",
        ),
    )
    text = render_markdown(dataclasses.replace(result, score=dataclasses.replace(result.score, categories=categories)))
    assert f"| {Category.SECRETS.label} | 0 | 3 |" in text
    assert f"| {Category.DEPENDENCIES.label} | unknown (did not complete: pip-audit) | 1 |" in text
    assert f"| {Category.AI_SAFETY.label} | not applicable | 0 |" in text
    assert "n/a" not in text and "| ? |" not in text
