"""What the ai-safety checks share: the agent inventory, or NotApplicable when there is none."""

from __future__ import annotations

from collections.abc import Iterator

from readycheck.analysis.agents import Agent, Agents, Tool
from readycheck.analysis.llmflow import Flow
from readycheck.checks.base import CheckContext, NotApplicable
from readycheck.model import EndpointRef

# Effects so destructive that an MCP tool declaring itself safe (readOnlyHint true or
# destructiveHint false) misleads the client that decides whether to ask the user.
DESTRUCTIVE = ("deletes", "runs code or shell", "moves money", "runs SQL the model wrote", "sends")


def inventory(ctx: CheckContext) -> Agents:
    """The agent inventory; raises NotApplicable when the repository defines no LLM tool."""
    ctx.note_unchecked(ctx.models.python.not_checked)
    ctx.note_unchecked(ctx.models.js.not_checked)
    found = ctx.models.agents
    if not found.tools and not found.agents:
        raise NotApplicable("no LLM tools or agents found")
    gaps = unfollowed(found)
    if gaps:
        ctx.mark_incomplete(gaps)
    return found


def unfollowed(found: Agents) -> str | None:
    """Why part of the inventory is unknown (tool lists not followed, tool code not found), in
    one line without repository content, or None when everything was followed."""
    lists = sum(1 for a in found.agents if a.unresolved_tools)
    bodies = sum(1 for t in found.tools if t.effect is None)
    parts = []
    if lists:
        parts.append(f"{lists} agent tool list(s) could not be followed")
    if bodies:
        parts.append(f"the code of {bodies} tool(s) was not found")
    return "; ".join(parts) + "; what those tools do is unknown" if parts else None


def agents_using(found: Agents, tool: Tool) -> list[Agent]:
    """The agents whose tool list holds ``tool``."""
    return [a for a in found.agents if any(t.key == tool.key for t in a.tools)]


def destructive(what: str) -> bool:
    """True for an action text that deletes, runs code, moves money or sends messages."""
    return what.startswith(DESTRUCTIVE)


def model_flows(ctx: CheckContext, *, unvalidated: bool) -> Iterator[tuple[Flow, EndpointRef | None]]:
    """The model-output flows of one family (injection sinks, or unvalidated JSON when
    ``unvalidated``) with the endpoint each is in; the parse notes are copied into the run.

    Raises:
        NotApplicable: no LLM output was found in the code.
    """
    ctx.note_unchecked(ctx.models.python.not_checked)
    ctx.note_unchecked(ctx.models.js.not_checked)
    found = ctx.models.llm_flows
    if not found.flows and not found.scopes_with_output:
        raise NotApplicable("no LLM output found in the code")
    for flow in found.flows:
        if flow.kind.unvalidated == unvalidated:
            yield flow, ctx.models.handlers.at(flow.path, flow.line)
