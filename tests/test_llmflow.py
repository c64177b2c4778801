"""Model output followed to sinks (readycheck.analysis.llmflow, RC803): the evidence chain, the
return and parameter hops, and what makes the rule not applicable."""

from __future__ import annotations

from pathlib import Path

from readycheck.engine import ScanOptions, scan
from readycheck.model import Confidence, Severity
from tests.conftest import write_tree


def test_chain_names_every_hop_across_modules(tmp_path: Path) -> None:
    repo = write_tree(
        tmp_path,
        {
            "app/llm.py": (
                "from openai import OpenAI\n"
                "client = OpenAI()\n"
                "def ask(q):\n"
                "    r = client.chat.completions.create(model='m', messages=[], max_tokens=5)\n"
                "    return r.choices[0].message.content\n"
            ),
            "app/jobs.py": (
                "import subprocess\n"
                "from app.llm import ask\n"
                "def fix_disk():\n"
                "    cmd = ask('which command frees disk space?')\n"
                "    subprocess.run(cmd, shell=True)\n"
            ),
        },
    )
    result = scan(repo, ScanOptions(select=["RC803"]))
    [finding] = [f for f in result.findings if f.rule_id == "RC803"]
    assert (finding.location.path, finding.location.line) == ("app/jobs.py", 5)
    assert finding.severity == Severity.HIGH
    assert finding.confidence == Confidence.MEDIUM  # one hop across functions
    assert finding.cwe == ("CWE-78",)
    places = [(hop.path, hop.line) for hop in finding.evidence]
    assert places == [
        ("app/llm.py", 4),
        ("app/llm.py", 4),
        ("app/llm.py", 5),
        ("app/jobs.py", 4),
        ("app/jobs.py", 4),
        ("app/jobs.py", 5),
    ]


def test_not_applicable_without_llm_calls_and_bad_files_are_reported(tmp_path: Path) -> None:
    repo = write_tree(tmp_path, {"app/main.py": "import subprocess\nsubprocess.run(input(), shell=True)\n"})
    run = next(r for r in scan(repo, ScanOptions(select=["RC803"])).runs if r.id == "RC803")
    assert run.status.value == "skipped"
    assert "no LLM output" in (run.reason or "")
    write_tree(
        tmp_path,
        {
            "app/llm.py": "from openai import OpenAI\nexec(OpenAI().responses.create(model='m', input='x', max_output_tokens=9).output_text)\n",
            "app/broken.py": "def (:\n",
        },
    )
    result = scan(repo, ScanOptions(select=["RC803"]))
    run = next(r for r in result.runs if r.id == "RC803")
    assert run.status.value == "failed"
    assert [n.path for n in run.not_checked] == ["app/broken.py"]
    assert [(f.location.path, f.location.line) for f in result.findings if f.rule_id == "RC803"] == [("app/llm.py", 2)]
