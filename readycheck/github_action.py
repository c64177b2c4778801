"""The GitHub Action's step (``action.yml`` runs ``python -m readycheck.github_action``).

Reads the action inputs from ``INPUT_*`` environment variables (the composite action passes
them through ``env``, never by splicing ``${{ }}`` into a shell line), runs ``readycheck
scan`` with the JSON, SARIF and Markdown reports (plus the formats asked for), appends the
Markdown report to ``$GITHUB_STEP_SUMMARY`` and writes the step outputs to ``$GITHUB_OUTPUT``:
``score``, ``verdict``, ``provisional``, ``exit-code``, ``report-dir`` and ``sarif``.

It exits 0 whatever the gate says, so the SARIF upload step still runs; the action's last
step fails the job from ``exit-code``. A usage error (exit code 2: a bad path or policy) is
passed on at once. File formats: GitHub "Workflow commands: setting an output parameter"
and "Adding a job summary" (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Mapping
from pathlib import Path

REQUIRED_FORMATS = ("json", "sarif", "markdown")


def _append(path: str | None, text: str) -> None:
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(text)


def _output(path: str | None, name: str, value: str) -> None:
    """Append ``name=value`` to ``$GITHUB_OUTPUT``, with a random delimiter for multi-line
    values."""
    if "\n" in value:
        delimiter = f"ghadelimiter_{uuid.uuid4()}"
        _append(path, f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    else:
        _append(path, f"{name}={value}\n")


def build_argv(env: Mapping[str, str]) -> tuple[list[str], Path]:
    """The ``readycheck scan`` command line for the action inputs, and the report folder.

    Inputs: ``INPUT_PATH`` (default ``.``), ``INPUT_POLICY``, ``INPUT_FAIL_ON``,
    ``INPUT_FORMATS`` (comma-separated; json, sarif and markdown are always written),
    ``INPUT_OUTPUT`` (default ``readycheck-reports``), ``INPUT_BASELINE`` (a baseline file),
    ``INPUT_DIFF_BASE`` (a git revision).
    """
    path = env.get("INPUT_PATH") or "."
    output = Path(env.get("INPUT_OUTPUT") or "readycheck-reports")
    asked = [f.strip() for f in (env.get("INPUT_FORMATS") or "").split(",") if f.strip() and f.strip() != "terminal"]
    formats = list(dict.fromkeys([*REQUIRED_FORMATS, *asked]))
    argv = [sys.executable, "-m", "readycheck", "scan", path, "-o", str(output), "--quiet"]
    for fmt in formats:
        argv += ["-f", fmt]
    if env.get("INPUT_POLICY"):
        argv += ["--policy", env["INPUT_POLICY"]]
    if env.get("INPUT_FAIL_ON"):
        argv += ["--fail-on", env["INPUT_FAIL_ON"]]
    if env.get("INPUT_BASELINE"):
        argv += ["--baseline", env["INPUT_BASELINE"]]
    if env.get("INPUT_DIFF_BASE"):
        argv += ["--diff", env["INPUT_DIFF_BASE"]]
    return argv, output


def main(env: Mapping[str, str] | None = None) -> int:
    """Run the action step; returns the process exit code (0, or 2 on a usage error)."""
    env = os.environ if env is None else env
    argv, output = build_argv(env)
    completed = subprocess.run(argv, check=False, capture_output=True, text=True)  # noqa: S603 - our own CLI
    sys.stderr.write(completed.stderr)
    code = completed.returncode
    outputs = env.get("GITHUB_OUTPUT")
    _output(outputs, "exit-code", str(code))
    _output(outputs, "report-dir", str(output))
    if code == 2:
        return 2
    report_path = output / "readycheck.json"
    if report_path.is_file():
        report = json.loads(report_path.read_text(encoding="utf-8"))
        _output(outputs, "score", str(report["score"]))
        _output(outputs, "verdict", str(report["verdict"]))
        _output(outputs, "provisional", "true" if report["provisional"] else "false")
    sarif = output / "readycheck.sarif"
    if sarif.is_file():
        _output(outputs, "sarif", str(sarif))
    markdown = output / "readycheck.md"
    if markdown.is_file():
        _append(env.get("GITHUB_STEP_SUMMARY"), markdown.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
