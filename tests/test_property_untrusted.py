"""Robustness as a property (issue 21): for every generated hazardous tree
(:mod:`tests.hazards`), the audit finishes without an exception, every report format renders
and the JSON and SARIF validate against their schemas, no planted secret appears in clear in
any output, the tree (``.git`` included) is unchanged byte for byte and mtime for mtime, and
no child process is left behind.

The in-process property runs readycheck's own checks (the wrapped tools are the field's,
tested in tests/test_tool_adapters.py) over a few hundred trees; a few trees also go through
the command line with every tool, where the exit code must be 0, 1 or 3 and stderr must hold
no traceback."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings

from readycheck.engine import ScanOptions, scan
from readycheck.registry import load_registry
from readycheck.reporters import renderer
from tests.conftest import ROOT, run_cli
from tests.hazards import SECRET, Entry, hazardous_tree, materialise
from tests.treesnap import snapshot

REGISTRY = load_registry()
OWN_CHECKS = [c.meta.id for c in REGISTRY.checks]
SARIF_SCHEMA = json.loads((ROOT / "readycheck" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads((ROOT / "readycheck" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
EXAMPLES = int(os.environ.get("READYCHECK_PROPERTY_EXAMPLES", "200"))


def _children() -> set[int]:
    """Pids of this process's live children (zombies excluded)."""
    me = os.getpid()
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _fresh(root: Path) -> None:
    if root.exists():
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                path = Path(dirpath) / name
                if not path.is_symlink():
                    try:
                        path.chmod(0o755)
                    except OSError:
                        pass
        shutil.rmtree(root)


def _check_outputs(texts: dict[str, str]) -> None:
    for fmt, text in texts.items():
        assert SECRET not in text, f"the planted secret appears in clear in the {fmt} report"
    report = json.loads(texts["json"])
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(json.loads(texts["sarif"]))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(entries=hazardous_tree())
def test_every_hazardous_tree_gets_a_report(tmp_path_factory, entries: list[Entry]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.getbasetemp() / "hazard"
    _fresh(root)
    materialise(root, entries)
    before = snapshot(root)
    children = _children()
    result = scan(root, ScanOptions(select=OWN_CHECKS, history_commits=50, jobs=2), registry=REGISTRY)
    texts = {fmt: renderer(fmt)(result) for fmt in ("json", "sarif", "markdown", "html", "terminal")}
    _check_outputs(texts)
    assert snapshot(root) == before, "the scan changed the tree"
    assert _children() <= children, "the scan left a child process behind"
    crashed = [r for r in result.runs if (r.reason or "").startswith("internal error")]
    assert not crashed, [(r.id, r.reason) for r in crashed]
    _fresh(root)


@settings(
    max_examples=int(os.environ.get("READYCHECK_PROPERTY_CLI_EXAMPLES", "4")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(entries=hazardous_tree())
def test_hazardous_tree_through_the_command_line(tmp_path_factory, entries: list[Entry]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.getbasetemp() / "hazard-cli"
    out = tmp_path_factory.getbasetemp() / "hazard-cli-out"
    _fresh(root)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    materialise(root, entries)
    before = snapshot(root)
    formats = [a for f in ("json", "sarif", "markdown", "html") for a in ("-f", f)]
    proc = run_cli("scan", str(root), *formats, "-o", str(out), "--history-commits", "50", "-q", timeout=600)
    assert proc.returncode in (0, 1, 3), proc.stderr
    assert "Traceback" not in proc.stderr and SECRET not in proc.stderr + proc.stdout
    names = {
        "json": "readycheck.json",
        "sarif": "readycheck.sarif",
        "markdown": "readycheck.md",
        "html": "readycheck.html",
    }
    _check_outputs({fmt: (out / name).read_text(encoding="utf-8") for fmt, name in names.items()})
    assert snapshot(root) == before
    _fresh(root)
