"""Root-cause groups (readycheck.grouping, policies/grouping.yml): findings of one rule that one
fix closes become one problem in the reports for people, while JSON and SARIF keep one result
per location with the group id."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import jsonschema
import pytest

from readycheck.engine import ScanOptions, scan
from readycheck.grouping import GroupBy, GroupingPolicy, GroupRule, group_findings, grouping_policy, route_prefix
from readycheck.model import Category, Confidence, Endpoint, EndpointRef, Finding, Hop, Location, ScanResult, Severity
from readycheck.registry import load_registry
from readycheck.reporters import founder
from readycheck.reporters.html import render_html
from readycheck.reporters.json_report import render_json
from readycheck.reporters.markdown import render_markdown
from readycheck.reporters.sarif import to_sarif
from readycheck.reporters.terminal import render_text
from tests.conftest import SAMPLES


def _finding(
    rule_id: str,
    *,
    path: str | None = "app/routes/groups.py",
    line: int = 1,
    severity: Severity = Severity.LOW,
    endpoint: tuple[str, str] | None = None,
    suppressed: bool = False,
    message: str | None = None,
) -> Finding:
    return Finding(
        rule_id=rule_id,
        category=Category.RATE_LIMITS,
        severity=severity,
        confidence=Confidence.MEDIUM,
        location=Location(path=path, line=line),
        message=message or f"{rule_id} at {path}:{line}",
        owasp=(),
        cwe=(),
        fingerprint=f"{rule_id}-{path}-{line}-{endpoint}",
        endpoint=EndpointRef(method=endpoint[0], route=endpoint[1]) if endpoint else None,
        suppressed=suppressed,
    )


def _endpoint(method: str, route: str, *chain: Hop) -> Endpoint:
    registration = Hop(path="app/routes/groups.py", line=len(route), note=f"@router.{method.lower()}('{route}')")
    return Endpoint(
        method=method,
        route=route,
        path="app/routes/groups.py",
        line=len(route),
        framework="fastapi",
        evidence=(registration, *chain),
    )


ROUTER = Hop(path="app/routes/groups.py", line=3, note="router = APIRouter(prefix='/groups')")
API = Hop(path="app/routes/__init__.py", line=5, note="router = APIRouter(prefix='/api')")
APP = Hop(path="app/main.py", line=9, note="app = FastAPI()")


@pytest.mark.parametrize(
    ("route", "prefix"),
    [
        ("/api/v1/groups/{id}/members", "/api/v1/groups"),
        ("/api/groups", "/api/groups"),
        ("/todos/:id", "/todos"),
        ("/{slug}", "/"),
        ("/", "/"),
        ("/api/projects/[id]/route", "/api/projects"),
        ("/v2/<int:pk>", "/v2"),
        ("/users/*", "/users"),
    ],
)
def test_route_prefix_keeps_structural_segments_and_the_resource(route: str, prefix: str) -> None:
    assert route_prefix(route) == prefix


def test_endpoint_findings_under_one_prefix_are_one_problem_fixed_at_their_shared_router() -> None:
    endpoints = [
        _endpoint("DELETE", "/api/groups/{id}", ROUTER, API, APP),
        _endpoint("POST", "/api/groups/{id}/members", ROUTER, API, APP),
        _endpoint("DELETE", "/api/users/{id}", API, APP),
    ]
    findings = [
        _finding("RC602", line=10, endpoint=("DELETE", "/api/groups/{id}")),  # ruleid: same group
        _finding("RC602", line=20, endpoint=("POST", "/api/groups/{id}/members")),  # ruleid: same group
        _finding("RC602", line=30, endpoint=("DELETE", "/api/users/{id}")),  # ok: another prefix
        _finding("RC602", line=40, endpoint=("DELETE", "/api/groups/x"), severity=Severity.HIGH),  # ok: severity
        _finding("RC602", line=50, endpoint=("DELETE", "/api/groups/y"), suppressed=True),  # ok: suppressed
    ]
    groups = group_findings(findings, endpoints=endpoints)
    assert sum(g.count for g in groups) == 4  # every open finding in exactly one group
    assert groups[0].severity == Severity.HIGH and groups[0].count == 1
    pair = next(g for g in groups if g.count == 2)
    assert pair.scope == "/api/groups" and pair.by is GroupBy.ROUTE_PREFIX
    assert pair.title.startswith("2 endpoints under /api/groups ")
    assert pair.fix_at == ROUTER  # the innermost router both routes go through
    users = next(g for g in groups if g.scope == "/api/users")
    assert users.count == 1 and users.title == findings[2].message and users.fix_at is None


def test_routes_that_share_only_the_app_are_fixed_in_the_app_and_unknown_routes_name_nothing() -> None:
    endpoints = [
        _endpoint("DELETE", "/api/groups/{id}", ROUTER, APP),
        _endpoint("DELETE", "/api/groups/{id}/x", APP),
    ]
    findings = [
        _finding("RC602", line=1, endpoint=("DELETE", "/api/groups/{id}")),
        _finding("RC602", line=2, endpoint=("DELETE", "/api/groups/{id}/x")),
    ]
    (group,) = group_findings(findings, endpoints=endpoints)
    assert group.fix_at == APP
    # an endpoint not in the inventory: no shared router is claimed
    (group,) = group_findings(findings, endpoints=endpoints[:1])
    assert group.fix_at is None


def test_strategies_repository_directory_file_and_none() -> None:
    findings = [
        _finding("RC402", path="a/x.py", line=1, endpoint=("GET", "/a")),  # repository: one group
        _finding("RC402", path="b/y.py", line=2, endpoint=("GET", "/b")),
        _finding("RC504", path="alembic/versions/1.py", line=3),  # directory
        _finding("RC504", path="alembic/versions/2.py", line=4),
        _finding("RC504", path="other/versions/3.py", line=5),
        _finding("RC101", path="app/config.py", line=6),  # none: each secret alone
        _finding("RC101", path="app/config.py", line=7),
        _finding("RC301", path="app/x.py", line=8),  # route-prefix without an endpoint: by file
        _finding("RC301", path="app/x.py", line=9),
    ]
    groups = {(g.rule_id, g.scope, g.count) for g in group_findings(findings)}
    assert groups == {
        ("RC402", "", 2),
        ("RC504", "alembic/versions", 2),
        ("RC504", "other/versions", 1),
        ("RC101", "", 1),
        ("RC301", "app/x.py", 2),
    }
    assert sum(1 for g in group_findings(findings) if g.rule_id == "RC101") == 2
    titles = {g.rule_id: g.title for g in group_findings(findings) if g.count > 1}
    assert titles["RC402"] == "2 endpoints have no rate limit and no declared rate-limit policy"
    assert titles["RC504"] == "2 migration steps in alembic/versions/ lock a table while they run"
    repository = next(g for g in group_findings(findings) if g.rule_id == "RC402")
    assert repository.fix is not None and ".readycheck.yml" in repository.fix


def test_a_rule_without_a_title_says_its_shared_message_or_its_summary() -> None:
    same = [_finding("bandit/B311", path=f"m{i}.py", message="Standard pseudo-random generators") for i in range(3)]
    (group,) = group_findings(same)
    assert group.title == "3 findings: Standard pseudo-random generators"
    differ = [_finding("RC999", path="x.py", line=i) for i in range(2)]
    meta = next(r for r in load_registry().rules if r.id == "RC303")
    (group,) = group_findings(differ, rules=[dataclasses.replace(meta, id="RC999")])
    assert group.title == f"2 findings in x.py: {meta.summary}"


def test_group_ids_survive_line_moves_and_differ_per_scope() -> None:
    before = group_findings([_finding("RC504", path="m/1.py", line=3), _finding("RC504", path="m/2.py", line=9)])
    after = group_findings([_finding("RC504", path="m/1.py", line=30), _finding("RC504", path="m/2.py", line=1)])
    assert before[0].id == after[0].id and re.fullmatch("g[0-9a-f]{16}", before[0].id)
    other = group_findings([_finding("RC504", path="n/1.py"), _finding("RC504", path="n/2.py")])
    assert other[0].id != before[0].id


def test_policy_entries_match_by_id_then_longest_prefix_then_default() -> None:
    policy = GroupingPolicy(
        default=GroupBy.FILE,
        rules={
            "RC1*": GroupRule(by=GroupBy.NONE),
            "RC10*": GroupRule(by=GroupBy.DIRECTORY),
            "RC105": GroupRule(by=GroupBy.REPOSITORY),
            "bandit/": GroupRule(by=GroupBy.REPOSITORY),
        },
    )
    assert policy.for_rule("RC105").by is GroupBy.REPOSITORY
    assert policy.for_rule("RC101").by is GroupBy.DIRECTORY
    assert policy.for_rule("RC120").by is GroupBy.NONE
    assert policy.for_rule("bandit/B101").by is GroupBy.REPOSITORY
    assert policy.for_rule("RC301").by is GroupBy.FILE


def test_every_grouping_entry_names_a_known_rule_or_prefix() -> None:
    ids = {r.id for r in load_registry().rules}
    for key in grouping_policy().rules:
        if key.endswith("/"):
            assert key in {"bandit/", "semgrep/", "squawk/"}, key
        elif key.endswith("*"):
            assert any(i.startswith(key[:-1]) for i in ids), key
        else:
            assert key in ids, key


@pytest.fixture(scope="module")
def vibe(osv_policy: Path) -> ScanResult:
    return scan(SAMPLES / "vibe-fastapi", ScanOptions(policy_file=osv_policy))


def test_json_and_sarif_keep_one_result_per_location_with_its_group(
    vibe: ScanResult, report_validator: jsonschema.Draft202012Validator
) -> None:
    data = json.loads(render_json(vibe))
    report_validator.validate(data)
    open_findings = [f for f in data["findings"] if not f["suppressed"]]
    groups = {g["id"]: g for g in data["groups"]}
    assert len(groups) < len(open_findings)  # some findings share a root cause
    assert sorted(fp for g in groups.values() for fp in g["findings"]) == sorted(
        f["fingerprint"] for f in open_findings
    )
    for finding in data["findings"]:
        if finding["suppressed"]:
            assert finding["group"] is None
        else:
            group = groups[finding["group"]]
            assert finding["fingerprint"] in group["findings"] and group["rule_id"] == finding["rule_id"]
            assert group["severity"] == finding["severity"] and group["count"] == len(group["findings"])
    sarif = to_sarif(vibe)
    results = [r for run in sarif["runs"] for r in run["results"]]
    assert len(results) == len(data["findings"])  # still one result per finding
    for result in results:
        if "suppressions" in result:
            assert "readycheckGroup/v1" not in result["partialFingerprints"]
            continue
        group = groups[result["partialFingerprints"]["readycheckGroup/v1"]]
        assert result["partialFingerprints"]["readycheckFingerprint/v1"] in group["findings"]
        assert result["properties"]["groupSize"] == group["count"]


def test_reports_for_people_list_problems_with_their_counts(vibe: ScanResult) -> None:
    ranked = founder.ranked_groups(vibe)
    multi = next(g for g, _ in ranked if g.count > 1)
    text = render_text(vibe)
    assert f"of {len(ranked)}, from {sum(1 for f in vibe.findings if not f.suppressed)} findings" in text
    markdown = render_markdown(vibe)
    assert f"in {len(ranked)} problems)" in markdown
    html = render_html(vibe)
    assert f"All {multi.count} places" in html
    for member in multi.findings:  # every place is one click away
        assert member.location.path is not None and f"{member.location.path}:{member.location.line}" in html


def test_the_first_screen_shows_at_most_40_problems_and_the_rest_one_click_away(vibe: ScanResult) -> None:
    leaks = tuple(
        dataclasses.replace(
            _finding("RC101", path=f"app/k{i:02}.py", severity=Severity.HIGH), category=Category.SECRETS
        )
        for i in range(founder.FIRST_SCREEN + 5)
    )
    result = dataclasses.replace(vibe, findings=leaks, comparison=None)
    html = render_html(result)
    section = html[html.index('id="findings-heading"') :]
    first, rest = section.split('<details class="more">', 1)
    assert first.count('<article class="finding"') == founder.FIRST_SCREEN
    assert rest.count('<article class="finding"') == 5
    assert "5 more problems" in rest
