"""The founder's HTML report without a browser: plain-words headline, "fix these first"
ranking, endpoint matrix, plain-language data, visible control characters, and trends
(``scan --compare``)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from markupsafe import Markup

from readycheck.compare import compare, load_previous
from readycheck.engine import ScanOptions, scan
from readycheck.errors import UsageError
from readycheck.model import (
    Category,
    Confidence,
    Endpoint,
    EndpointRef,
    Finding,
    Location,
    ScanResult,
    Severity,
)
from readycheck.registry import load_registry
from readycheck.reporters import founder
from readycheck.reporters.html import render_html, visible_text
from readycheck.reporters.json_report import render_json
from tests.conftest import SAMPLES, run_cli


@pytest.fixture(scope="module")
def vibe(osv_policy: Path) -> ScanResult:
    return scan(SAMPLES / "vibe-fastapi", ScanOptions(policy_file=osv_policy))


@pytest.fixture(scope="module")
def clean(osv_policy: Path) -> ScanResult:
    return scan(SAMPLES / "clean-fastapi", ScanOptions(policy_file=osv_policy))


def _finding(rule_id: str, severity: Severity, *, path: str = "app/x.py", line: int = 1, endpoint=None) -> Finding:
    return Finding(
        rule_id=rule_id,
        category=Category.OWNERSHIP,
        severity=severity,
        confidence=Confidence.HIGH,
        location=Location(path=path, line=line),
        message=f"{rule_id} at {path}:{line}",
        owasp=(),
        cwe=(),
        fingerprint=f"{rule_id}-{path}-{line}",
        endpoint=endpoint,
    )


def test_every_builtin_rule_has_plain_words() -> None:
    words = founder.plain_language()
    builtin = [r.id for r in load_registry().rules if r.origin == "readycheck-audit"]
    assert builtin, "the registry lists the built-in rules"
    assert [r for r in builtin if r not in words.rules] == []
    for category in Category:
        assert words.harms[category].startswith("can "), "the harm reads after '1 problem' and 'N problems'"
    # a wrapped tool's rule falls back to its prefix, then to its category
    assert words.for_rule("squawk/ban-drop-column", Category.MIGRATIONS) == words.rules["squawk"]
    assert words.for_rule("othertool/X1", Category.CODE_SECURITY) == words.categories[Category.CODE_SECURITY]


def test_headline_names_the_harms(vibe: ScanResult, clean: ScanResult) -> None:
    head = founder.headline(vibe)
    # a problem is a root-cause group: findings of one rule that one fix closes count once
    serious = [g for g, _ in founder.ranked_groups(vibe) if g.severity.rank >= Severity.HIGH.rank]
    assert head.tone == "fail"
    assert head.title == f"Not ready to launch: {len(serious)} serious problems to fix first"
    ownership = sum(1 for g in serious if g.category == Category.OWNERSHIP)
    assert f"{ownership} problems can expose your users' data" in head.harms
    assert sum(int(h.split()[0]) for h in head.harms) == len(serious)
    assert founder.headline(clean).title == "Ready to launch: no problems found"
    assert founder.headline(clean).tone == "pass"


def test_headline_with_one_kind_of_problem(vibe: ScanResult) -> None:
    only_ownership = scan(SAMPLES / "vibe-fastapi", ScanOptions(select=["ownership"]))
    serious = [g for g, _ in founder.ranked_groups(only_ownership) if g.severity.rank >= Severity.HIGH.rank]
    head = founder.headline(only_ownership)
    assert head.title == f"Not ready to launch: {len(serious)} problems can expose your users' data"
    assert head.harms == ()


def test_fix_first_ranks_by_severity_then_exposure_and_mixes_rules(vibe: ScanResult) -> None:
    top = founder.fix_first(vibe)
    assert len(top) == 5
    ranks = [g.severity.rank for g, _ in top]
    assert ranks == sorted(ranks, reverse=True)
    assert top[0][0].severity == Severity.CRITICAL
    # the vibe sample has six RC101 leaks: no more than two of them crowd out other problems
    assert sum(1 for g, _ in top if g.rule_id == "RC101") <= 2

    public = Endpoint(method="POST", route="/a", path="app/a.py", line=1, framework="fastapi")
    private = Endpoint(method="POST", route="/b", path="app/b.py", line=1, framework="fastapi", auth="Depends(user)")
    signed_in = _finding("RC201", Severity.HIGH, path="app/b.py", endpoint=EndpointRef(method="POST", route="/b"))
    anyone = _finding("RC201", Severity.HIGH, path="app/z.py", endpoint=EndpointRef(method="POST", route="/a"))
    in_tests = _finding("RC201", Severity.HIGH, path="tests/test_a.py")
    worse = _finding("RC204", Severity.CRITICAL, path="tests/zz.sql")
    result = dataclasses.replace(
        vibe, findings=(in_tests, signed_in, anyone, worse), endpoints=(public, private), comparison=None
    )
    ranked = founder.fix_first(result, per_rule=5)
    assert [g.findings for g, _ in ranked] == [(worse,), (anyone,), (signed_in,), (in_tests,)]
    assert [e for _, e in ranked][1:] == [
        founder.Exposure.ANYONE,
        founder.Exposure.SIGNED_IN,
        founder.Exposure.NOT_PRODUCTION,
    ]
    # with per_rule=1 the second and third RC201 still fill the list when nothing else is left
    assert [g.first for g, _ in founder.fix_first(result, per_rule=1)] == [worse, anyone, signed_in, in_tests]
    assert len(founder.fix_first(result, limit=2)) == 2


def test_endpoint_matrix_marks_the_weak_routes(vibe: ScanResult) -> None:
    rows = founder.endpoint_matrix(vibe)
    assert len(rows) == len(vibe.endpoints)
    weakness = [r.weakness for r in rows]
    assert weakness == sorted(weakness, reverse=True)
    by_route = {(r.method, r.route): r for r in rows}
    for f in vibe.findings:
        if f.endpoint is None or f.suppressed:
            continue
        row = by_route[(f.endpoint.method, f.endpoint.route)]
        if f.rule_id == "RC201":
            assert row.ownership.status == founder.Status.BAD
        if f.rule_id == "RC207":
            assert row.auth == founder.Cell(status=founder.Status.BAD, label="Sender not verified")
        if f.rule_id == "RC401":
            assert row.rate_limit.status == founder.Status.BAD
        if f.rule_id == "RC602":
            assert row.logging.status == founder.Status.BAD
    for e in vibe.endpoints:
        row = by_route[(e.method, e.route)]
        if e.auth and row.auth.status != founder.Status.BAD:
            assert row.auth.label in ("Signed in", "Admins only")
        if not e.lookups and not e.body_writes:
            assert row.ownership.status in (founder.Status.NA, founder.Status.BAD)
    bad = sum(1 for r in rows if r.weakness[0])
    assert founder.matrix_summary(rows) == f"{bad} of {len(rows)} endpoints have a problem."


def test_visible_text_shows_invisible_and_reordering_characters() -> None:
    assert visible_text("ok\tline\n") == "ok\tline\n"
    assert visible_text("admin\u202etxt.exe") == "admin[U+202E]txt.exe"
    assert visible_text("a\x1b[31mred\x00") == "a[U+001B][31mred[U+0000]"
    assert visible_text("zero\u200bwidth\ufeff") == "zero[U+200B]width[U+FEFF]"
    assert visible_text("bad\udcffname") == "bad[U+DCFF]name"
    markup = Markup("<p>docs</p>")
    assert visible_text(markup) is markup
    assert visible_text(42) == 42


def test_html_report_keeps_everything_a_founder_needs(vibe: ScanResult) -> None:
    html = render_html(vibe)
    head = founder.headline(vibe)
    assert f'<h1 id="verdict-heading" class="tone-fail">{head.title.replace(chr(39), "&#39;")}</h1>' in html
    for group, _ in founder.fix_first(vibe):
        assert founder.plain_language().for_rule(group.rule_id, group.category).impact.replace("'", "&#39;") in html
    for e in vibe.endpoints:
        assert f"{e.method} {e.route}" in html
    assert "Changes since the last scan" not in html  # no --compare given
    for meta in vibe.rules:  # passed checks are listed
        if not any(f.rule_id == meta.id for f in vibe.findings) and any(
            r.id == meta.id and r.status.value == "passed" for r in vibe.runs
        ):
            assert f"<strong>{meta.id}</strong> {meta.name}" in html


def test_compare_reports_fixed_and_new_findings(tmp_path: Path, vibe: ScanResult) -> None:
    secrets_only = scan(SAMPLES / "vibe-fastapi", ScanOptions(select=["secrets"]))
    previous_file = tmp_path / "previous.json"
    previous_file.write_text(render_json(secrets_only), encoding="utf-8")
    previous = load_previous(previous_file)

    forward = compare(vibe, previous, source=str(previous_file))
    assert forward.previous_score == secrets_only.score.score
    assert forward.fixed == ()
    assert {f.fingerprint for f in forward.new} == {
        f.fingerprint for f in vibe.findings if not f.suppressed and f.category != Category.SECRETS
    }
    assert forward.new and all(f.category != Category.SECRETS for f in forward.new)

    full_file = tmp_path / "full.json"
    full_file.write_text(render_json(vibe), encoding="utf-8")
    backward = compare(secrets_only, load_previous(full_file), source="full.json")
    assert backward.new == ()
    # the other categories' checks did not run in the secrets-only scan: not re-checked, never fixed
    assert backward.fixed == ()
    assert {p.fingerprint for p in backward.not_rechecked} == {f.fingerprint for f in forward.new}
    ownership = next(c for c in backward.categories if c.id == Category.OWNERSHIP)
    assert ownership.before == next(c.score for c in vibe.score.categories if c.id == Category.OWNERSHIP)

    html = render_html(dataclasses.replace(vibe, comparison=forward))
    assert "Changes since the last scan" in html
    assert f"{len(forward.new)} new" in html


def test_load_previous_rejects_what_is_not_a_report(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(UsageError, match="cannot read --compare report"):
        load_previous(missing)
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    with pytest.raises(UsageError, match="is not JSON"):
        load_previous(garbage)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"version": "2.1.0", "runs": []}), encoding="utf-8")
    with pytest.raises(UsageError, match="is not a readycheck JSON report"):
        load_previous(other)


@pytest.mark.e2e
def test_scan_compare_on_the_command_line(tmp_path: Path, report_validator) -> None:
    first = run_cli("scan", str(SAMPLES / "vibe-fastapi"), "--select", "secrets", "-o", str(tmp_path), "-q")
    assert first.returncode == 1, first.stderr
    before = json.loads((tmp_path / "readycheck.json").read_text(encoding="utf-8"))
    print("first scan's unfinished runs:", [(r["id"], r["reason"]) for r in before["runs"] if r["status"] == "errored"])
    # the earlier report is read before this scan overwrites it
    second = run_cli(
        "scan",
        str(SAMPLES / "vibe-fastapi"),
        "-o",
        str(tmp_path),
        "-q",
        "-f",
        "json,html,markdown",
        "--compare",
        str(tmp_path / "readycheck.json"),
    )
    assert second.returncode == 1, second.stderr
    after = json.loads((tmp_path / "readycheck.json").read_text(encoding="utf-8"))
    report_validator.validate(after)
    cmp = after["comparison"]
    assert cmp["previous_score"] == before["score"]
    assert cmp["score_change"] == after["score"] - before["score"]
    assert cmp["fixed"] == []
    assert set(cmp["new"]) == {f["fingerprint"] for f in after["findings"]} - {
        f["fingerprint"] for f in before["findings"]
    }
    html = (tmp_path / "readycheck.html").read_text(encoding="utf-8")
    assert "Changes since the last scan" in html and f"0 fixed, {len(cmp['new'])} new" in html
    markdown = (tmp_path / "readycheck.md").read_text(encoding="utf-8")
    assert f"Since the last scan: score {before['score']} → {after['score']}" in markdown
    bad = run_cli(
        "scan", str(SAMPLES / "clean-fastapi"), "-o", str(tmp_path / "x"), "--compare", str(tmp_path / "nope.json")
    )
    assert bad.returncode == 2
    assert "cannot read --compare report" in bad.stderr


def test_blocking_follows_the_gate_with_a_baseline(tmp_path: Path, vibe: ScanResult) -> None:
    from readycheck.baseline import entries_of, render

    known = [f for f in vibe.findings if f.rule_id != "RC201"]
    baseline = tmp_path / "baseline.jsonl"
    baseline.write_text(render(entries_of(known)), encoding="utf-8")
    result = scan(SAMPLES / "vibe-fastapi", ScanOptions(baseline=baseline))
    # only the findings not in the baseline fail the gate, so only they are "serious problems"
    assert {f.rule_id for f in founder.blocking(result)} == {"RC201"}
    serious = [f for f in result.findings if f.rule_id == "RC201" and f.severity.rank >= Severity.HIGH.rank]
    assert founder.headline(result).title == f"Not ready to launch: {len(serious)} problems can expose your users' data"


def test_compare_never_calls_unchecked_or_merged_findings_fixed(vibe: ScanResult) -> None:
    """A finding of the earlier report is fixed only when the run that found it completed on
    its file; one now merged into another rule's finding on the same line is still open."""
    from readycheck.model import NotChecked, Run, RunKind, RunStatus

    keeper = next(f for f in vibe.findings if f.rule_id == "RC101" and "bandit/B105" in f.also_reported_by)
    rc201 = next(f for f in vibe.findings if f.rule_id == "RC201")
    rc302 = next(f for f in vibe.findings if f.rule_id.startswith("RC3"))
    gone = next(f for f in vibe.findings if f.rule_id == "RC104")

    def past(rule_id: str, f: Finding) -> dict[str, object]:
        return {
            "rule_id": rule_id,
            "category": f.category.value,
            "severity": f.severity.value,
            "message": f.message,
            "path": f.location.path,
            "line": f.location.line,
            "fingerprint": f"old-{rule_id}",
            "suppressed": False,
        }

    previous = {
        "score": 50,
        "verdict": "not-ready",
        "target": {"commit": None},
        "categories": [],
        "findings": [
            past("bandit/B105", keeper),
            past(rc201.rule_id, rc201),
            past(rc302.rule_id, rc302),
            past("RC104", gone),
        ],
    }
    runs = [r for r in vibe.runs if r.id not in {"RC201", rc302.rule_id}]
    runs.append(Run(id="RC201", kind=RunKind.CHECK, status=RunStatus.ERRORED, reason="internal error"))
    runs.append(
        Run(
            id=rc302.rule_id,
            kind=RunKind.CHECK,
            status=RunStatus.FAILED,
            not_checked=(NotChecked(path=str(rc302.location.path), reason="syntax error"),),
        )
    )
    result = dataclasses.replace(vibe, runs=tuple(runs))
    cmp = compare(result, previous, source="old.json")  # type: ignore[arg-type]
    # B105 is still reported (under RC101), so neither fixed nor unchecked
    assert [p.rule_id for p in cmp.fixed] == ["RC104"]
    assert sorted(p.rule_id for p in cmp.not_rechecked) == sorted(["RC201", rc302.rule_id])
