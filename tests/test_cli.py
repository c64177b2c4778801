"""Command-line surface: version, checks, explain, formats and outputs."""

from __future__ import annotations

import json
from pathlib import Path

from readycheck import __version__
from tests.conftest import SAMPLES, run_cli


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"readycheck {__version__}"


def test_checks_table() -> None:
    proc = run_cli("checks")
    assert proc.returncode == 0
    assert "RC101" in proc.stdout and "hardcoded-secret" in proc.stdout and "CWE-798" in proc.stdout


def test_explain_by_id_and_name() -> None:
    by_id = run_cli("explain", "RC101")
    by_name = run_cli("explain", "hardcoded-secret")
    assert by_id.returncode == by_name.returncode == 0
    assert by_id.stdout == by_name.stdout
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"):
        assert section in by_id.stdout


def test_json_to_stdout_keeps_stdout_clean(tmp_path: Path, osv_policy: Path) -> None:
    proc = run_cli("scan", str(SAMPLES / "clean-fastapi"), "-f", "json", "-o", "-", "--policy", str(osv_policy))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["verdict"] == "ready"


def test_single_format_output_file_and_fail_on_never(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "report.html"
    proc = run_cli(
        "scan", str(SAMPLES / "vibe-fastapi"), "-f", "html", "-o", str(out), "--fail-on", "never", "--ignore", "RC101"
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert proc.stdout == ""


def test_fail_on_never_still_fails_on_blockers(tmp_path: Path) -> None:
    proc = run_cli("scan", str(SAMPLES / "vibe-fastapi"), "-q", "-o", str(tmp_path), "--fail-on", "never")
    assert proc.returncode == 1
    assert proc.stdout == ""


def test_several_formats_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    proc = run_cli("scan", str(SAMPLES / "clean-fastapi"), "-f", "json", "-f", "html", "-o", str(existing))
    assert proc.returncode == 2 and "is a file" in proc.stderr
