"""Scoring properties (hypothesis) and rubric examples."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readycheck.checks.base import fingerprint
from readycheck.model import (
    Category,
    Confidence,
    Finding,
    Location,
    Run,
    RunKind,
    RunStatus,
    Severity,
    Verdict,
)
from readycheck.policy import Policy
from readycheck.registry import load_registry
from readycheck.scoring import score

RULES = tuple(load_registry().rules)
RULE_BY_ID = {r.id: r for r in RULES}
POLICY = Policy(
    fail_on=Severity.HIGH,
    blockers=("RC101",),
    required=("RC*",),
    category_weights={c: 1.0 + i for i, c in enumerate(Category)},
)
CHECK_IDS = ["RC101", "RC201", "RC301", "RC501"]
CATEGORY_OF = {
    "RC101": Category.SECRETS,
    "RC201": Category.OWNERSHIP,
    "RC301": Category.UNBOUNDED_ENDPOINTS,
    "RC501": Category.MIGRATIONS,
}


@st.composite
def scans(draw: st.DrawFn) -> tuple[list[Finding], list[Run]]:
    runs = []
    for rule in CHECK_IDS:
        status = draw(st.sampled_from([RunStatus.PASSED, RunStatus.FAILED, RunStatus.SKIPPED, RunStatus.ERRORED]))
        runs.append(
            Run(
                id=rule,
                kind=RunKind.CHECK,
                status=status,
                reason="x" if status in (RunStatus.SKIPPED, RunStatus.ERRORED) else None,
                categories=(CATEGORY_OF[rule],),
            )
        )
    tool_status = draw(st.sampled_from([RunStatus.PASSED, RunStatus.ERRORED]))
    runs.append(
        Run(
            id="bandit",
            kind=RunKind.TOOL,
            status=tool_status,
            reason="x" if tool_status == RunStatus.ERRORED else None,
            categories=(Category.CODE_SECURITY,),
        )
    )
    findings = []
    for index in range(draw(st.integers(0, 12))):
        rule = draw(st.sampled_from([*CHECK_IDS, "bandit/B105"]))
        category = CATEGORY_OF.get(rule, Category.CODE_SECURITY)
        findings.append(
            Finding(
                rule_id=rule,
                category=category,
                severity=draw(st.sampled_from(list(Severity))),
                confidence=draw(st.sampled_from(list(Confidence))),
                location=Location(path=f"f{index}.py", line=index + 1),
                message="m",
                owasp=(),
                cwe=(),
                fingerprint=fingerprint(rule, f"f{index}.py", str(index)),
                suppressed=draw(st.booleans()),
                new=draw(st.booleans()),
            )
        )
    return findings, runs


@settings(max_examples=300, deadline=None)
@given(scans())
def test_scores_are_bounded_and_deterministic(scan_input: tuple[list[Finding], list[Run]]) -> None:
    findings, runs = scan_input
    first = score(findings=findings, runs=runs, rules=RULES, policy=POLICY)
    again = score(findings=list(findings), runs=list(runs), rules=RULES, policy=POLICY)
    assert first == again
    assert 0 <= first.score <= 100
    for category in first.categories:
        assert category.score is None or 0 <= category.score <= 100


@settings(max_examples=300, deadline=None)
@given(scans(), st.data())
def test_removing_a_finding_never_lowers_a_score(
    scan_input: tuple[list[Finding], list[Run]], data: st.DataObject
) -> None:
    findings, runs = scan_input
    if not findings:
        return
    index = data.draw(st.integers(0, len(findings) - 1))
    before = score(findings=findings, runs=runs, rules=RULES, policy=POLICY)
    after = score(findings=findings[:index] + findings[index + 1 :], runs=runs, rules=RULES, policy=POLICY)
    assert after.score >= before.score
    for b, a in zip(before.categories, after.categories, strict=True):
        assert (a.score is None) == (b.score is None)
        if a.score is not None and b.score is not None:
            assert a.score >= b.score
    order = [Verdict.NOT_READY, Verdict.READY_WITH_WARNINGS, Verdict.READY]
    assert order.index(after.verdict) >= order.index(before.verdict)


@settings(max_examples=200, deadline=None)
@given(scans())
def test_incomplete_runs_make_unknown_and_provisional(scan_input: tuple[list[Finding], list[Run]]) -> None:
    findings, runs = scan_input
    result = score(findings=findings, runs=runs, rules=RULES, policy=POLICY)
    errored = [r for r in runs if r.status == RunStatus.ERRORED]
    assert result.provisional == bool(errored) or not [c for c in result.categories if c.score is not None]
    for run in errored:
        for category in run.categories:
            assert next(c for c in result.categories if c.id == category).score is None
    assert set(result.incomplete_required) == {r.id for r in errored if r.id.startswith("RC")}


def _finding(rule: str, severity: Severity, confidence: Confidence = Confidence.HIGH, **kw: object) -> Finding:
    return Finding(
        rule_id=rule,
        category=CATEGORY_OF.get(rule, Category.CODE_SECURITY),
        severity=severity,
        confidence=confidence,
        location=Location(path="a.py", line=1),
        message="m",
        owasp=(),
        cwe=(),
        fingerprint=fingerprint(rule, "a.py", repr(kw) + severity.value),
        **kw,
    )  # type: ignore[arg-type]


def _run(rule: str, status: RunStatus = RunStatus.PASSED) -> Run:
    return Run(
        id=rule,
        kind=RunKind.CHECK,
        status=status,
        reason="r" if status == RunStatus.ERRORED else None,
        categories=(CATEGORY_OF[rule],),
    )


def test_rubric_examples() -> None:
    clean = score(findings=[], runs=[_run("RC101")], rules=RULES, policy=POLICY)
    assert clean.score == 100 and clean.verdict == Verdict.READY
    one_high = score(
        findings=[_finding("RC101", Severity.HIGH)], runs=[_run("RC101", RunStatus.FAILED)], rules=RULES, policy=POLICY
    )
    assert one_high.score == 50 and one_high.verdict == Verdict.NOT_READY
    low = score(
        findings=[_finding("RC201", Severity.LOW)], runs=[_run("RC201", RunStatus.FAILED)], rules=RULES, policy=POLICY
    )
    assert low.verdict == Verdict.READY_WITH_WARNINGS and low.gate_passed
    suppressed = score(
        findings=[_finding("RC101", Severity.CRITICAL, suppressed=True)],
        runs=[_run("RC101", RunStatus.FAILED)],
        rules=RULES,
        policy=POLICY,
    )
    assert suppressed.score == 100 and suppressed.gate_passed
    baseline = score(
        findings=[_finding("RC201", Severity.HIGH, new=False)],
        runs=[_run("RC201", RunStatus.FAILED)],
        rules=RULES,
        policy=POLICY,
    )
    assert baseline.gate_passed and baseline.score < 100


def test_blocker_fails_gate_whatever_severity_the_policy_gives_it() -> None:
    policy = dataclasses.replace(POLICY, fail_on=Severity.CRITICAL)
    lowered = tuple(dataclasses.replace(r, severity=Severity.LOW) if r.id == "RC101" else r for r in RULES)
    result = score(
        findings=[_finding("RC101", Severity.LOW)], runs=[_run("RC101", RunStatus.FAILED)], rules=lowered, policy=policy
    )
    assert not result.gate_passed and "blocker rule RC101" in result.gate_reasons[0]


def test_blocker_finding_demoted_by_its_context_blocks_only_through_fail_on() -> None:
    # RC101 shows a key in test data as medium instead of its rule's severity: not a blocker by
    # rule any more, but still at or above a medium fail-on
    demoted = _finding("RC101", Severity.MEDIUM)
    assert RULE_BY_ID["RC101"].severity.rank > Severity.MEDIUM.rank
    high_gate = score(findings=[demoted], runs=[_run("RC101", RunStatus.FAILED)], rules=RULES, policy=POLICY)
    assert high_gate.gate_passed and high_gate.score < 100
    medium_gate = dataclasses.replace(POLICY, fail_on=Severity.MEDIUM)
    result = score(findings=[demoted], runs=[_run("RC101", RunStatus.FAILED)], rules=RULES, policy=medium_gate)
    assert not result.gate_passed and result.gate_reasons == ("1 medium finding (fail-on: medium)",)


def test_low_confidence_blocker_finding_does_not_block() -> None:
    finding = _finding("RC101", Severity.LOW, Confidence.LOW)
    result = score(findings=[finding], runs=[_run("RC101", RunStatus.FAILED)], rules=RULES, policy=POLICY)
    assert result.gate_passed and result.verdict == Verdict.READY_WITH_WARNINGS and result.score < 100


def test_errored_check_is_unknown_never_100() -> None:
    result = score(findings=[], runs=[_run("RC101", RunStatus.ERRORED), _run("RC201")], rules=RULES, policy=POLICY)
    secrets = next(c for c in result.categories if c.id == Category.SECRETS)
    assert secrets.score is None and "RC101" in (secrets.unknown_reason or "")
    assert result.provisional and result.incomplete_required == ("RC101",)
    assert result.verdict == Verdict.READY_WITH_WARNINGS


def test_strict_keeps_the_severity_of_a_key_in_test_data(tmp_path: Path) -> None:
    from readycheck.engine import ScanOptions, scan
    from tests.conftest import write_tree

    write_tree(
        tmp_path,
        {"tests/data/recorded_page.html": '<script>var key = "sk_live_51ReadycheckStrictDemo000000";</script>\n'},
    )
    demoted = [f for f in scan(tmp_path, ScanOptions(select=["RC101"])).findings if f.rule_id == "RC101"]
    assert [f.severity for f in demoted] == [Severity.MEDIUM]
    relaxed = scan(tmp_path, ScanOptions(select=["RC101"], history_commits=0))
    assert relaxed.score.gate_passed, relaxed.score.gate_reasons
    strict = scan(tmp_path, ScanOptions(select=["RC101"], history_commits=0, strict=True))
    [kept] = [f for f in strict.findings if f.rule_id == "RC101"]
    assert kept.severity.rank > Severity.MEDIUM.rank and not strict.score.gate_passed
    assert "command line (--strict)" in strict.policy_sources
