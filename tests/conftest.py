"""Shared fixtures: paths, the report schema validator, a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_repos"
EXAMPLES = Path(__file__).resolve().parent / "examples"
SARIF_SCHEMA = ROOT / "readycheck" / "schemas" / "sarif-schema-2.1.0.json"  # the official schema, shipped


@pytest.fixture(scope="session")
def report_validator() -> jsonschema.Draft202012Validator:
    """Validator for readycheck's JSON report schema (shipped in the package)."""
    from readycheck._resources import schema_path

    schema = json.loads(schema_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m readycheck ARGS`` in a subprocess; returns the completed process."""
    full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "readycheck", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def osv_policy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A policy file pointing pip-audit and the npm OSV lookup at a local OSV server with real
    advisories (tests/osv_server.py), running for the whole session: scans of the samples are
    then complete (not provisional) without network."""
    from tests.osv_server import osv_server

    with osv_server() as (url, _calls):
        policy = tmp_path_factory.mktemp("osv") / "osv-policy.yml"
        policy.write_text(
            f"version: 1\ntools:\n  pip-audit:\n    osv-url: {url}/v1/query\n  osv:\n    url: {url}\n", encoding="utf-8"
        )
        yield policy


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path → text) under ``root``, creating folders; returns ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
