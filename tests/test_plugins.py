"""Plugins: a throwaway distribution installed in a temporary folder adds a check and a tool
adapter through the entry-point groups; broken plugins are reported with their
distribution's name and never stop the scan."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_cli

PLUGIN_MODULE = '''
"""A third-party readycheck plugin used by readycheck's tests."""
import json
import sys

from readycheck.adapters._subprocess import OutcomeKind, run_tool
from readycheck.adapters.base import ToolAdapter, ToolError
from readycheck.checks.base import Check
from readycheck.model import Category, Confidence, Severity

DOCS = """
## What it does

Flags `DEPLOY-TODO` markers.

## Why is this bad?

Unfinished work ships.

## Example

```python
# DEPLOY-TODO: wire payments
```

## Use instead

Finish it.

## References

- [CWE-1059](https://cwe.mitre.org/data/definitions/1059.html)
"""


class DeployTodo(Check):
    id = "ACME001"
    name = "deploy-todo-left"
    category = Category.DELIVERY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A DEPLOY-TODO marker is left in the code."
    owasp = ("A04:2021",)
    cwe = ("CWE-1059",)

    def run(self, ctx):
        for source in ctx.repo.code_files():
            for number, line in enumerate(source.lines, start=1):
                if "DEPLOY-TODO" in line:
                    yield ctx.finding(path=source.path, line=number, message="DEPLOY-TODO left in the code")


DeployTodo.__doc__ = DOCS


class NoDocs(Check):
    """Only a summary."""
    id = "ACME002"
    name = "no-docs"
    category = Category.DELIVERY
    severity = Severity.LOW
    confidence = Confidence.LOW
    summary = "x"

    def run(self, ctx):
        return []


class StealsReservedId(Check):
    id = "RC199"
    name = "steals-reserved-id"
    category = Category.SECRETS
    severity = Severity.LOW
    confidence = Confidence.LOW
    summary = "x"

    def run(self, ctx):
        return []


StealsReservedId.__doc__ = DOCS


class EchoTool(ToolAdapter):
    id = "acme-echo"
    name = "acme echo"
    categories = (Category.CODE_SECURITY,)
    summary = "Runs a tiny tool through readycheck's subprocess door."

    def run(self, ctx):
        program = "import json; print(json.dumps([{'file': 'app.py', 'line': 1, 'code': 'E1'}]))"
        outcome = run_tool([sys.executable, "-c", program], timeout=60)
        if outcome.kind != OutcomeKind.COMPLETED or outcome.returncode != 0:
            raise ToolError(f"acme-echo {outcome.kind.value}")
        ctx.version = "1.0"
        for item in json.loads(outcome.stdout):
            yield ctx.finding(rule_id=f"acme-echo/{item['code']}", category=Category.CODE_SECURITY,
                              severity=Severity.LOW, confidence=Confidence.HIGH, path=item["file"],
                              line=item["line"], message="echo finding", cwe=("CWE-20",))


class MissingTool(ToolAdapter):
    id = "acme-missing"
    name = "acme missing"
    categories = (Category.CODE_SECURITY,)
    summary = "A tool that is not installed."

    def run(self, ctx):
        outcome = run_tool(["acme-tool-that-does-not-exist", "--json"], timeout=5)
        raise ToolError(outcome.detail or outcome.kind.value)
        yield
'''

ENTRY_POINTS = """
[readycheck.checks]
ACME001 = acme_readycheck:DeployTodo
ACME002 = acme_readycheck:NoDocs
RC199 = acme_readycheck:StealsReservedId
ACME003 = acme_module_that_is_missing:Check

[readycheck.adapters]
acme-echo = acme_readycheck:EchoTool
acme-missing = acme_readycheck:MissingTool
"""


@pytest.fixture()
def plugin_site(tmp_path: Path) -> Path:
    """An installed distribution ``acme-readycheck-plugin`` 1.0 in ``tmp/site``."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "acme_readycheck.py").write_text(textwrap.dedent(PLUGIN_MODULE))
    dist_info = site / "acme_readycheck_plugin-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-readycheck-plugin\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(ENTRY_POINTS)
    (dist_info / "RECORD").write_text("")
    return site


@pytest.fixture()
def target(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("print('hello')\n# DEPLOY-TODO: wire payments\n")
    return repo


def test_plugin_findings_reach_the_report(plugin_site: Path, target: Path, report_validator) -> None:
    proc = run_cli("scan", str(target), "--format", "json", "--output", "-", env={"PYTHONPATH": str(plugin_site)})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    report_validator.validate(report)
    found = {(f["rule_id"], f["path"], f["line"]) for f in report["findings"]}
    assert ("ACME001", "app.py", 2) in found
    assert ("acme-echo/E1", "app.py", 1) in found
    runs = {r["id"]: r for r in report["runs"]}
    assert runs["ACME001"]["status"] == "failed"
    assert runs["acme-echo"]["status"] == "failed" and runs["acme-echo"]["version"] == "1.0"
    assert runs["RC101"]["status"] == "passed"
    # broken plugins: named with their distribution, recorded as errored, report provisional
    assert runs["acme-missing"]["status"] == "errored"
    assert "not found" in runs["acme-missing"]["reason"]
    broken = {rid: r["reason"] for rid, r in runs.items() if rid.startswith("plugin:")}
    assert set(broken) == {
        "plugin:acme-readycheck-plugin:ACME002",
        "plugin:acme-readycheck-plugin:RC199",
        "plugin:acme-readycheck-plugin:ACME003",
    }
    assert all("acme-readycheck-plugin 1.0" in reason for reason in broken.values())
    assert "documentation sections missing" in broken["plugin:acme-readycheck-plugin:ACME002"]
    assert "reserved" in broken["plugin:acme-readycheck-plugin:RC199"]
    assert "import failed: ModuleNotFoundError" in broken["plugin:acme-readycheck-plugin:ACME003"]
    assert report["provisional"] is True
    code_security = next(c for c in report["categories"] if c["id"] == "code-security")
    assert code_security["score"] is None  # acme-missing did not run: unknown, never 100


def test_checks_command_lists_plugin_rules(plugin_site: Path) -> None:
    proc = run_cli("checks", "--format", "json", env={"PYTHONPATH": str(plugin_site)})
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(proc.stdout)
    rules = {r["id"]: r for r in listing["rules"]}
    assert rules["ACME001"]["origin"] == "acme-readycheck-plugin"
    assert "RC199" not in rules
    assert {t["id"] for t in listing["tools"]} == {
        "acme-echo",
        "acme-missing",
        "squawk",
        "bandit",
        "semgrep",
        "pip-audit",
        "osv",
    }
    assert any("acme-readycheck-plugin" in p for p in listing["plugin_problems"])


def test_select_runs_only_the_plugin(plugin_site: Path, target: Path) -> None:
    proc = run_cli(
        "scan", str(target), "-f", "json", "-o", "-", "--select", "ACME001", env={"PYTHONPATH": str(plugin_site)}
    )
    report = json.loads(proc.stdout)
    assert {r["id"] for r in report["runs"] if not r["id"].startswith("plugin:")} == {"ACME001"}


def test_required_tool_that_cannot_run_exits_3(plugin_site: Path, target: Path, tmp_path: Path) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text("version: 1\ngate:\n  required: ['RC*', 'acme-missing']\n")
    proc = run_cli(
        "scan",
        str(target),
        "-f",
        "json",
        "-o",
        str(tmp_path / "r.json"),
        "--policy",
        str(policy),
        env={"PYTHONPATH": str(plugin_site)},
    )
    assert proc.returncode == 3, proc.stderr
    assert sys.executable  # the plugin ran under the same interpreter
