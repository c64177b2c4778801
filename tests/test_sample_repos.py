"""End-to-end scans of ``sample_repos/``: annotated planted issues are found exactly, the
clean app is ready, the CLI exits with the contract's codes and writes valid reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readycheck.engine import ScanOptions, scan
from readycheck.model import Severity, Verdict
from readycheck.registry import load_registry
from tests.annotations import expected, found_places, parse_annotations, todo
from tests.conftest import SAMPLES, run_cli

VIBE = ["vibe-fastapi", "vibe-nextjs-supabase", "vibe-django-drf"]
CLEAN = ["clean-fastapi", "clean-agent-app"]
FAMILIES = {"secrets", "ownership", "unbounded-endpoints", "migrations", "rate-limits", "logging", "delivery"}
RULE_IDS = {m.id for m in load_registry().rules}
# Tools whose findings the samples annotate too (installed with readycheck).
ANNOTATED_TOOLS = ("squawk/", "bandit/", "semgrep/", "pip-audit/", "osv/")


REGISTRY = load_registry()


def _family(rule: str) -> str | None:
    if rule in FAMILIES:
        return rule
    if rule.startswith("squawk/"):
        return "migrations"
    meta = REGISTRY.rule(rule)
    return meta.category.value if meta else None


@pytest.mark.parametrize("name", VIBE + CLEAN)
def test_findings_match_annotations(name: str, osv_policy: Path) -> None:
    root = SAMPLES / name
    annotations = parse_annotations(root)
    # readycheck's own history of the sample folder is not the sample's; RC106 is tested on
    # repositories built by tests/test_secret_history.py
    result = scan(root, ScanOptions(history_commits=0, policy_file=osv_policy))
    tool_rules = {a.rule for a in annotations if a.rule.startswith(ANNOTATED_TOOLS)}
    found = {
        place for place in found_places(result.findings) if place[0] in RULE_IDS or place[0].startswith(ANNOTATED_TOOLS)
    }
    want = expected(annotations, RULE_IDS | tool_rules)
    assert found - want == set(), "false positives"
    assert want - found == set(), "false negatives"
    assert not (todo(annotations, RULE_IDS) & found), "a todoruleid gap is now found: promote it"


@pytest.mark.parametrize("name", VIBE)
def test_vibe_samples_plant_every_family(name: str) -> None:
    annotations = parse_annotations(SAMPLES / name)
    families = {_family(a.rule) for a in annotations if a.kind in ("ruleid", "todoruleid")}
    assert FAMILIES <= families, f"families without a planted issue: {FAMILIES - families}"


@pytest.mark.parametrize("name", VIBE)
def test_vibe_sample_is_not_ready(name: str, osv_policy: Path) -> None:
    result = scan(SAMPLES / name, ScanOptions(policy_file=osv_policy))
    assert result.score.verdict == Verdict.NOT_READY
    # each rule that passes is an audit that counts (Lighthouse-style weighted mean), so the
    # score moves as rules are added (the ai-safety audits count on every vibe sample, as each
    # calls an LLM); a vibe sample stays far below the clean samples' 100
    assert result.score.score < 65
    assert not result.score.provisional


@pytest.mark.parametrize("name", CLEAN)
def test_clean_sample_is_ready(name: str, osv_policy: Path) -> None:
    result = scan(SAMPLES / name, ScanOptions(policy_file=osv_policy))
    assert not result.score.provisional, result.score.provisional_reasons
    assert result.score.verdict == Verdict.READY, result.score.gate_reasons
    assert not [f for f in result.findings if f.severity.rank >= Severity.HIGH.rank]
    assert result.score.score == 100


def test_cli_vibe_fastapi_exits_1_and_writes_valid_reports(tmp_path: Path, report_validator) -> None:
    out = tmp_path / "reports"
    proc = run_cli("scan", str(SAMPLES / "vibe-fastapi"), "--output", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "Not ready to deploy" in proc.stdout
    assert "Score" in proc.stdout
    report = json.loads((out / "readycheck.json").read_text(encoding="utf-8"))
    report_validator.validate(report)
    assert report["verdict"] == "not-ready"
    html = (out / "readycheck.html").read_text(encoding="utf-8")
    assert "Not ready to launch" in html and "<script" not in html


def test_cli_clean_exits_0(tmp_path: Path, report_validator) -> None:
    proc = run_cli("scan", str(SAMPLES / "clean-fastapi"), "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report_validator.validate(json.loads((tmp_path / "readycheck.json").read_text(encoding="utf-8")))
