"""The agent inventory (readycheck.analysis.agents) and `readycheck agents`: tools resolved
across modules, effects classed from the code, unknown said so (never a pass)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from readycheck.analysis import ProgramModels
from readycheck.analysis.agents import ToolEffect, hints
from readycheck.cli import app
from readycheck.engine import ScanOptions, scan
from readycheck.model import RunStatus
from readycheck.repository import Repository


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


CHAT_APP = {
    "lib/tools/delete-note.ts": (
        'import { tool } from "ai";\nimport { z } from "zod";\nimport { db } from "../db";\n'
        "export const deleteNote = tool({\n"
        '  description: "Delete a note",\n'
        "  inputSchema: z.object({ noteId: z.string() }),\n"
        "  execute: async ({ noteId }) => db.note.delete({ where: { id: noteId } }),\n"
        "});\n"
    ),
    "app/api/chat/route.ts": (
        'import { streamText, stepCountIs } from "ai";\n'
        'import { deleteNote } from "../../../lib/tools/delete-note";\n'
        "export async function POST(req: Request) {\n"
        "  const { messages } = await req.json();\n"
        '  return streamText({ model: "openai/gpt-4.1", messages, stopWhen: stepCountIs(3), tools: { deleteNote } });\n'
        "}\n"
    ),
}


def test_tools_are_resolved_across_modules_and_tied_to_their_endpoint(tmp_path: Path) -> None:
    root = _write(tmp_path, CHAT_APP)
    found = ProgramModels(Repository.scan(root, read_git=False)).agents
    assert len(found.agents) == 1
    agent = found.agents[0]
    assert (agent.path, agent.sdk, agent.model) == ("app/api/chat/route.ts", "vercel-ai", "openai/gpt-4.1")
    assert [t.name for t in agent.tools] == ["deleteNote"] and not agent.unresolved_tools
    assert agent.step_cap is not None and agent.step_cap.startswith("stopWhen=stepCountIs(3)")
    assert agent.started_by is not None and (agent.started_by.method, agent.started_by.route) == ("POST", "/api/chat")
    tool = agent.tools[0]
    assert tool.effect == ToolEffect.WRITE
    assert tool.high_impact() is not None and tool.high_impact().what == "deletes records"  # type: ignore[union-attr]
    assert tool.params == ("noteId",)


def test_unfollowed_tool_lists_make_the_run_errored_not_passed(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "agent.py": (
                "from agents import Agent\nfrom app.registry import load_tools\n\n"
                'assistant = Agent(name="a", model="gpt-4.1", tools=load_tools())\n'
            )
        },
    )
    result = scan(root, ScanOptions(select=["RC801", "RC802"]))
    runs = {r.id: r for r in result.runs}
    assert runs["RC801"].status == RunStatus.ERRORED
    assert "could not be followed" in (runs["RC801"].reason or "")


def test_mcp_hints_follow_the_specification_defaults() -> None:
    assert hints("{}") == (False, False)
    assert hints('{"readOnlyHint": True}') == (True, True)
    assert hints("{ readOnlyHint: false, destructiveHint: false }") == (False, True)


def test_agents_command_prints_json(tmp_path: Path) -> None:
    root = _write(tmp_path, CHAT_APP)
    outcome = CliRunner().invoke(app, ["agents", str(root), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.output)
    assert data["agents"][0]["tools"] == ["deleteNote"]
    assert data["agents"][0]["started_by"] == "POST /api/chat"
    assert data["tools"][0]["effect"] == "write"
    assert data["tools"][0]["actions"][0]["what"] == "deletes records"
