"""RC801 write-tool-without-approval: an LLM tool that deletes, pays, sends or runs commands with
no human approval step, or an MCP tool that declares itself safe while it is not."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.ai_safety._common import agents_using, destructive, inventory
from readycheck.checks.base import Check, CheckContext
from readycheck.model import Category, Confidence, Finding, Hop, Severity


class WriteToolWithoutApproval(Check):
    """
    ## What it does

    Reads every tool an LLM may call (LangChain/LangGraph, OpenAI Agents SDK, CrewAI, Agno,
    Pydantic AI, LlamaIndex, smolagents, Vercel AI SDK, OpenAI/Anthropic function calling, MCP
    servers) and what its code does. A tool that deletes records or files, moves money, sends
    email or messages, runs code or shell commands, runs SQL the model wrote, or sends HTTP
    requests that change data elsewhere must have a human approval step: LangGraph
    `interrupt()` or `interrupt_before`, LangChain `HumanInTheLoopMiddleware`, OpenAI Agents
    SDK `needs_approval`, Vercel AI SDK `needsApproval`, Agno `requires_confirmation`, or a
    call that asks for confirmation. For an MCP server the client asks the user, guided by the
    tool's annotations, so the finding there is a tool that declares `readOnlyHint: true` or
    `destructiveHint: false` while its code deletes, runs commands, pays or sends.

    Writes that only create or update records are listed in `readycheck agents` but are not
    findings: asking a human to approve every saved note is not what the OWASP guidance asks.

    ## Why is this bad?

    The model decides when to call a tool, and anything it reads (a web page, an e-mail, a
    user's message) can tell it to. A delete or a refund that no human confirms is one prompt
    injection away from happening to every customer. OWASP LLM06:2025 (Excessive Agency) asks
    for human approval of high-impact actions.

    ## Example

    ```python
    @function_tool
    def delete_account(account_id: str) -> str:
        db.accounts.delete(account_id)
        return "deleted"
    ```

    ## Use instead

    ```python
    @function_tool(needs_approval=True)
    def delete_account(account_id: str) -> str:
        db.accounts.delete(account_id)
        return "deleted"
    ```

    ## References

    - [OWASP LLM06:2025 Excessive Agency](https://genai.owasp.org/llmrisk/llm062025-excessive-agency/)
    - [MCP specification: tool annotations](https://modelcontextprotocol.io/specification/2025-06-18/server/tools)
    - [CWE-862: Missing Authorization](https://cwe.mitre.org/data/definitions/862.html)
    """

    id = "RC801"
    name = "write-tool-without-approval"
    category = Category.AI_SAFETY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "An LLM tool deletes, pays, sends or runs commands with no human approval step."
    owasp = ("LLM06:2025",)
    cwe = ("CWE-862",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per high-impact tool without approval (MCP: per misleading annotation)."""
        found = inventory(ctx)
        for tool in found.tools:
            action = tool.high_impact()
            if action is None:
                continue
            evidence = [Hop(path=tool.path, line=tool.line, note=f"tool {tool.name} registered ({tool.registration})")]
            evidence.append(Hop(path=action.path, line=action.line, note=f"{action.what}: {action.callee}()"))
            if tool.mcp:
                if not tool.declared_safe or not destructive(action.what):
                    continue
                hint = "readOnlyHint: true" if tool.declared_read_only else "destructiveHint: false"
                yield ctx.finding(
                    path=tool.path,
                    line=tool.line,
                    message=(
                        f"MCP tool {tool.name} declares {hint}, but its code {action.what} "
                        f"(line {action.line}): MCP clients may run it without asking the user"
                    ),
                    evidence=tuple(evidence),
                    confidence=Confidence.HIGH if "by its name" not in action.what else Confidence.MEDIUM,
                )
                continue
            users = agents_using(found, tool)
            agent_approval = next((a.approval for a in users if a.approval is not None), None)
            if tool.approval is not None or agent_approval is not None:
                continue
            for agent in users[:2]:
                started = f" started by {agent.started_by.method} {agent.started_by.route}" if agent.started_by else ""
                evidence.append(
                    Hop(path=agent.path, line=agent.line, note=f"used by a {agent.sdk} {agent.kind}{started}")
                )
            yield ctx.finding(
                path=tool.path,
                line=tool.line,
                message=(
                    f"LLM tool {tool.name} {action.what} (line {action.line}) with no human approval step: "
                    "the model, or a prompt injected into what it reads, decides when it runs"
                ),
                evidence=tuple(evidence),
                confidence=Confidence.MEDIUM if "by its name" in action.what else Confidence.HIGH,
                severity=Severity.HIGH if destructive(action.what) else Severity.MEDIUM,
            )
