"""The GitHub Action: action.yml is a safe composite action, and its scan step, run with a
simulated GitHub environment, writes the job summary and the step outputs."""

from __future__ import annotations

from pathlib import Path

import yaml

from readycheck.github_action import build_argv, main
from tests.conftest import ROOT, SAMPLES


def outputs_of(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)


def github_env(tmp_path: Path, **inputs: str) -> dict[str, str]:
    (tmp_path / "out.txt").touch()
    (tmp_path / "summary.md").touch()
    return {
        "GITHUB_OUTPUT": str(tmp_path / "out.txt"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "INPUT_OUTPUT": str(tmp_path / "reports"),
        **inputs,
    }


def test_action_yml_is_a_safe_composite_action() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), "inputs reach shell lines only through env"
        if "run" in step:
            assert step["shell"] == "bash"
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert len(setup["uses"].split("@")[1]) == 40, "third-party code pinned to a commit"
    assert {"score", "verdict", "report-dir", "sarif"} <= set(action["outputs"])


def test_scan_step_writes_outputs_and_summary(tmp_path: Path) -> None:
    env = github_env(tmp_path, INPUT_PATH=str(SAMPLES / "vibe-fastapi"), INPUT_FORMATS="html")
    assert main(env) == 0
    outputs = outputs_of(tmp_path / "out.txt")
    assert outputs["exit-code"] == "1" and outputs["verdict"] == "not-ready"
    assert 0 <= int(outputs["score"]) < 65  # far below a ready app (see test_vibe_sample_is_not_ready)
    assert Path(outputs["sarif"]).is_file() and (tmp_path / "reports" / "readycheck.html").is_file()
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## readycheck: ❌ Not ready to deploy")


def test_clean_app_passes_the_gate(tmp_path: Path, osv_policy: Path) -> None:
    env = github_env(tmp_path, INPUT_PATH=str(SAMPLES / "clean-fastapi"), INPUT_POLICY=str(osv_policy))
    assert main(env) == 0
    outputs = outputs_of(tmp_path / "out.txt")
    assert outputs["exit-code"] == "0" and outputs["verdict"] == "ready" and outputs["score"] == "100"


def test_usage_error_fails_the_step(tmp_path: Path) -> None:
    env = github_env(tmp_path, INPUT_PATH=str(tmp_path / "missing"))
    assert main(env) == 2
    assert outputs_of(tmp_path / "out.txt")["exit-code"] == "2"


def test_inputs_become_arguments_not_shell() -> None:
    argv, output = build_argv(
        {
            "INPUT_PATH": "app; rm -rf /",
            "INPUT_FAIL_ON": "medium",
            "INPUT_FORMATS": "html,terminal",
            "INPUT_BASELINE": "b.jsonl",
        }
    )
    assert "app; rm -rf /" in argv and argv[argv.index("--fail-on") + 1] == "medium"
    assert [argv[i + 1] for i, a in enumerate(argv) if a == "-f"] == ["json", "sarif", "markdown", "html"]
    assert output == Path("readycheck-reports")
    assert argv[argv.index("--baseline") + 1] == "b.jsonl"
