"""RC807 unvalidated-model-output: JSON the model wrote, parsed with no schema check, decides
what the app changes or is written to the database."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.ai_safety._common import model_flows
from readycheck.checks.base import Check, CheckContext
from readycheck.model import Category, Confidence, Finding, Severity


class UnvalidatedModelOutput(Check):
    """
    ## What it does

    Follows model output (as RC803 does) through `json.loads` / `JSON.parse` and reports the
    places where the parsed data, with no schema check in between, is written (a record
    created or updated, a payment, a message) or decides in an `if`/`switch` which change the
    app makes. A Pydantic `model_validate`/`parse_obj`/`TypeAdapter`, `Model(**data)`,
    `jsonschema.validate`, zod `parse`/`safeParse`, valibot or ajv check clears it, and
    structured-output APIs (`response_format`, `with_structured_output`, `generateObject`,
    `beta.chat.completions.parse`) never produce it.

    ## Why is this bad?

    A model does not always answer in the shape you asked for: a field goes missing, a number
    comes back as text, an "action" you never listed appears, or a prompt injection adds
    `"role": "admin"`. Without a schema check the app writes whatever arrived or takes a branch
    nobody planned. OWASP LLM05:2025 asks to validate model output like user input.

    ## Example

    ```python
    plan = json.loads(reply.choices[0].message.content)
    if plan["action"] == "cancel":
        stripe.Subscription.cancel(plan["subscription_id"])
    ```

    ## Use instead

    ```python
    plan = Plan.model_validate_json(reply.choices[0].message.content)  # action: Literal["keep", "cancel"]
    ```

    ## References

    - [OWASP LLM05:2025 Improper Output Handling](https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/)
    - [CWE-20: Improper Input Validation](https://cwe.mitre.org/data/definitions/20.html)
    """

    id = "RC807"
    name = "unvalidated-model-output"
    category = Category.AI_SAFETY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "JSON the model wrote is written or drives what the app changes with no schema check."
    owasp = ("LLM05:2025",)
    cwe = ("CWE-20",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per write or decision fed by unvalidated model JSON."""
        for flow, where in model_flows(ctx, unvalidated=True):
            yield ctx.finding(
                path=flow.path,
                line=flow.line,
                message=(
                    f"JSON the model wrote reaches {flow.sink}, which {flow.kind.value}: a missing field, a wrong "
                    "type or an injected value goes straight through; validate it against a schema first"
                    + (f" (in {where.method} {where.route})" if where else "")
                ),
                evidence=flow.hops,
                endpoint=where,
            )
