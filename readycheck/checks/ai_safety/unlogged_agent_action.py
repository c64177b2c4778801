"""RC804 unlogged-agent-action: an LLM tool that changes data or the outside world leaves no
record of who asked it to, what it did and when."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.agents import Agents
from readycheck.analysis.envfiles import env_bindings
from readycheck.checks.ai_safety._common import agents_using, inventory
from readycheck.checks.base import Check, CheckContext
from readycheck.model import Category, Confidence, Finding, Hop, Severity

# Packages that record every tool call of an agent (LangSmith, Langfuse, Logfire, Arize
# OpenInference, Traceloop/OpenLLMetry, AgentOps, W&B Weave, Helicone); sources: their docs.
TRACING_PACKAGES = frozenset(
    {"langsmith", "langfuse", "logfire", "openinference", "traceloop", "agentops", "weave", "helicone"}
)
JS_TRACING_PACKAGES = ("langfuse", "langsmith", "@traceloop/", "@arizeai/openinference", "@langfuse/", "agentops")
# Environment variables that switch tracing on (LangSmith LANGCHAIN_TRACING_V2 /
# LANGSMITH_TRACING; Langfuse keys).
TRACING_ENV = frozenset({"LANGCHAIN_TRACING_V2", "LANGSMITH_TRACING", "LANGFUSE_SECRET_KEY", "LANGFUSE_PUBLIC_KEY"})


def tracing(ctx: CheckContext, found: Agents) -> Hop | None:
    """Where the repository turns on agent tracing (a tracing package imported, a tracing
    environment variable read or listed in a dotenv file), or None."""
    for path, module in sorted(ctx.models.python.index.by_path.items()):
        for target in module.imports.values():
            if target.split(".", 1)[0] in TRACING_PACKAGES:
                return Hop(path=path, line=1, note=f"imports {target.split('.', 1)[0]} (agent tracing)")
    for path, js_module in sorted(ctx.models.js.modules.items()):
        for spec, _ in (js_module.imports or {}).values():
            if spec.startswith(JS_TRACING_PACKAGES):
                return Hop(path=path, line=1, note=f"imports {spec} (agent tracing)")
    for read in ctx.models.env_reads:
        if read.name in TRACING_ENV:
            return Hop(path=read.path, line=read.line, note=f"reads {read.name} (agent tracing)")
    for source in ctx.repo.files:
        if source.path.rsplit("/", 1)[-1].startswith(".env"):
            for binding in env_bindings(source):
                if binding.key in TRACING_ENV and binding.value.lower() not in {"", "false", "0"}:
                    return Hop(path=source.path, line=binding.line, note=f"sets {binding.key} (agent tracing)")
    return None


class UnloggedAgentAction(Check):
    """
    ## What it does

    Reads every LLM tool that changes something (writes or deletes records, sends messages,
    moves money, runs commands, writes files, calls other services with POST/PUT/DELETE) and
    reports those whose code writes no log line and no audit record, in a repository with no
    agent tracing (LangSmith `LANGCHAIN_TRACING_V2`, Langfuse, Logfire, OpenInference,
    Traceloop, AgentOps, Weave; OpenAI Agents SDK tracing is on by default and counts; Vercel
    AI SDK `experimental_telemetry` counts for its calls).

    ## Why is this bad?

    When an agent deletes the wrong records or emails a customer something odd, the first
    questions are who was talking to it, what it was asked and which tool did what. With no
    record of tool calls there is no answer, no way to undo exactly what happened, and no way
    to notice an attack that steers the agent through a planted prompt.

    ## Example

    ```python
    @tool
    def cancel_subscription(subscription_id: str) -> str:
        stripe.Subscription.cancel(subscription_id)
        return "cancelled"
    ```

    ## Use instead

    ```python
    @tool
    def cancel_subscription(subscription_id: str, config: RunnableConfig) -> str:
        stripe.Subscription.cancel(subscription_id)
        audit.info("agent cancelled %s for user %s", subscription_id, config["configurable"]["user_id"])
        return "cancelled"
    ```

    or turn on tracing for the agent (LangSmith, Langfuse, Logfire).

    ## References

    - [OWASP LLM06:2025 Excessive Agency](https://genai.owasp.org/llmrisk/llm062025-excessive-agency/)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
    """

    id = "RC804"
    name = "unlogged-agent-action"
    category = Category.AI_SAFETY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    summary = "An LLM tool changes data or sends things with no log, audit record or agent tracing."
    owasp = ("LLM06:2025", "A09:2021")
    cwe = ("CWE-778",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per changing tool without a log, audit record or tracing; medium when
        the tool deletes, pays, sends or runs commands."""
        found = inventory(ctx)
        if tracing(ctx, found) is not None:
            return
        for tool in found.tools:
            if not tool.actions or tool.logs or tool.mcp:
                continue
            users = agents_using(found, tool)
            if users and all(a.sdk == "openai-agents" or a.traced for a in users):
                continue
            action = tool.high_impact() or tool.actions[0]
            yield ctx.finding(
                path=tool.path,
                line=tool.line,
                message=(
                    f"LLM tool {tool.name} {action.what} and leaves no record: no log line, audit event or "
                    "agent tracing says who asked, what it did and when"
                ),
                severity=Severity.MEDIUM if tool.high_impact() else None,
                evidence=(
                    Hop(path=tool.path, line=tool.line, note=f"tool {tool.name} registered ({tool.registration})"),
                    Hop(path=action.path, line=action.line, note=f"{action.callee}() {action.what}"),
                    Hop(
                        path=tool.body_path or tool.path,
                        line=tool.body_line or tool.line,
                        note="no log or audit call in the tool",
                    ),
                ),
            )
