"""The background-job inventory (readycheck.analysis.jobs): app-wide Celery limits, retries and
keyed effects, and the agents/jobs object of the JSON report (validated against its schema)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from readycheck.analysis import ProgramModels
from readycheck.cli import app
from readycheck.engine import ScanOptions, scan
from readycheck.reporters.json_report import render_json
from readycheck.repository import Repository
from tests.conftest import SAMPLES, write_tree

SCHEMA = json.loads((Path(__file__).parent.parent / "readycheck" / "schemas" / "report.schema.json").read_text())


def _jobs(root: Path) -> dict[str, object]:
    models = ProgramModels(Repository.scan(root))
    return {job.name: job for job in models.jobs.jobs}


def test_app_wide_celery_limits_count_and_are_located(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "proj/celery.py": "from celery import Celery\napp = Celery('p')\napp.conf.update(task_soft_time_limit=60)\n",
            "proj/tasks.py": (
                "import requests\nfrom proj.celery import app\n\n"
                "@app.task(bind=True, max_retries=None)\n"
                "def fetch(self, url):\n"
                "    try:\n"
                "        return requests.get(url, timeout=5).text\n"
                "    except requests.RequestException as exc:\n"
                "        raise self.retry(exc=exc)\n"
            ),
        },
    )
    job = _jobs(tmp_path)["fetch"]
    assert job.framework == "Celery"
    assert job.time_limit == "task_soft_time_limit (proj/celery.py:3)"
    assert job.retries == "self.retry() at line 9, max_retries None"
    assert [hop.line for hop in job.io] == [7]


def test_agents_command_lists_jobs_and_the_report_carries_them(osv_policy: Path) -> None:
    outcome = CliRunner().invoke(app, ["agents", str(SAMPLES / "vibe-fastapi"), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    jobs = {j["name"]: j for j in json.loads(outcome.output)["jobs"]}
    assert jobs["render_invoice_pdf"]["time_limit"] is None
    assert jobs["charge_invoice"]["repeated_without_key"] == [
        {"what": "moves money", "path": "app/worker.py", "line": 24}
    ]
    result = scan(SAMPLES / "clean-agent-app", ScanOptions(history_commits=0, policy_file=osv_policy))
    report = json.loads(render_json(result))
    jsonschema.validate(report, SCHEMA)
    assert [a["started_by"] for a in report["agents"]["agents"]] == ["POST /assistant"]
    assert {j["name"]: j["time_limit"] for j in report["agents"]["jobs"]} == {
        "charge_pro_plan": "task_time_limit (app/worker.py:13)",
        "send_receipt": "task_time_limit (app/worker.py:13)",
    }
    assert all(not j["repeated_without_key"] for j in report["agents"]["jobs"])
