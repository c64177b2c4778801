"""RC802 identity-from-model: a tool whose user, tenant or owner id is an argument the model
fills in."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.agents import IDENTITY_PARAMS
from readycheck.checks.ai_safety._common import agents_using, inventory
from readycheck.checks.base import Check, CheckContext
from readycheck.model import Category, Confidence, Finding, Hop, Severity


class IdentityFromModel(Check):
    """
    ## What it does

    Finds LLM tools with a parameter that says whose data the tool acts on (`user_id`,
    `userId`, `owner_id`, `tenant_id`, `account_id`, `org_id`, `customer_id`, `team_id`,
    `workspace_id`...) that the model fills in, when the tool's code does not compare it with
    the caller. Parameters the framework injects (LangChain `InjectedToolArg`/`InjectedState`,
    OpenAI Agents `RunContextWrapper`, Pydantic AI `RunContext`, MCP `Context`) are not filled
    in by the model and are left alone. Tools registered on a standalone MCP server are left
    alone too: there the caller's identity is the MCP client's business.

    ## Why is this bad?

    The model writes tool arguments from the conversation, and the conversation is written by
    the user, or by any document the agent reads. "Show me the invoices of user 42" makes the
    agent read another customer's data: broken object-level authorization (OWASP API1:2023)
    carried out by your own agent (OWASP LLM06:2025, Excessive Agency). The signed-in user is
    known to your code; take the id from there, never from the model.

    ## Example

    ```python
    @tool
    def list_invoices(user_id: str) -> list[dict]:
        return db.invoices.find({"user_id": user_id})
    ```

    ## Use instead

    ```python
    @tool
    def list_invoices(config: RunnableConfig) -> list[dict]:
        return db.invoices.find({"user_id": config["configurable"]["user_id"]})
    ```

    ## References

    - [OWASP LLM06:2025 Excessive Agency](https://genai.owasp.org/llmrisk/llm062025-excessive-agency/)
    - [OWASP API1:2023 Broken Object Level Authorization](https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/)
    - [CWE-639: Authorization Bypass Through User-Controlled Key](https://cwe.mitre.org/data/definitions/639.html)
    """

    id = "RC802"
    name = "identity-from-model"
    category = Category.AI_SAFETY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "An LLM tool takes the user, tenant or owner id from the model instead of the session."
    owasp = ("LLM06:2025", "API1:2023")
    cwe = ("CWE-639",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per model-filled identity parameter not compared with the caller."""
        found = inventory(ctx)
        for tool in found.tools:
            if tool.mcp:
                continue
            for name, line in zip(tool.params, tool.param_lines, strict=False):
                if name.replace("_", "").lower() not in IDENTITY_PARAMS or name in tool.compared:
                    continue
                users = agents_using(found, tool)
                evidence = [
                    Hop(path=tool.path, line=tool.line, note=f"tool {tool.name} registered ({tool.registration})"),
                    Hop(path=tool.body_path or tool.path, line=line, note=f"{name} is an argument the model writes"),
                ]
                started = next((a for a in users if a.started_by is not None), None)
                if started is not None and started.started_by is not None:
                    evidence.append(
                        Hop(
                            path=started.path,
                            line=started.line,
                            note=(
                                f"the agent runs in {started.started_by.method} {started.started_by.route}, "
                                "where the caller is known"
                            ),
                        )
                    )
                severity = Severity.HIGH if tool.actions or tool.effect is None else Severity.MEDIUM
                yield ctx.finding(
                    path=tool.body_path or tool.path,
                    line=line,
                    message=(
                        f"LLM tool {tool.name} takes {name} from the model: a prompt can make the agent act on "
                        "another user's data; take the id from the signed-in session instead"
                    ),
                    evidence=tuple(evidence),
                    severity=severity,
                    confidence=Confidence.HIGH if started is not None or tool.closure_identity else Confidence.MEDIUM,
                )
