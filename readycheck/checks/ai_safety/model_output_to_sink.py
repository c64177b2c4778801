"""RC803 model-output-to-sink: what an LLM wrote is run as code, a shell command or SQL,
rendered as HTML, used as a file path or fetched as a URL."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.ai_safety._common import model_flows
from readycheck.checks.base import Check, CheckContext
from readycheck.model import Category, Confidence, Finding, Severity


class ModelOutputToSink(Check):
    """
    ## What it does

    Follows the text an LLM returns (OpenAI, Anthropic, Gemini, LiteLLM, LangChain models,
    chains and agents, OpenAI Agents SDK `Runner.run`, Vercel AI SDK `generateText` and the
    browser hooks `useChat`/`useCompletion`) through assignments, destructuring, loops and
    `.map` callbacks, and through one function that returns it, to a sink: `eval`/`exec`/
    `new Function`, `subprocess`/`os.system`/`child_process`, SQL built as a string (`execute`
    of an f-string, `text()`, Prisma `$queryRawUnsafe`), `pickle.loads`/`yaml.load`,
    `innerHTML`/`dangerouslySetInnerHTML`/`document.write`/`Markup`/`mark_safe`/Streamlit
    `unsafe_allow_html`, a file path (`open`, `Path`, `fs.*`) or a URL the server fetches.
    A sanitiser (`html.escape`, `bleach.clean`, `shlex.quote`, `DOMPurify.sanitize`,
    `sanitizeHtml`) or an allow-list comparison before the sink stops it. The arguments the
    model fills in for an LLM tool are model output too and are followed to file paths and
    URLs (a tool that runs them as code, shell or SQL is RC801's); a URL whose literal start
    fixes the host (`https://api.example.com/v1?q=...`) cannot be redirected and is left alone.

    ## Why is this bad?

    What a model writes is decided by whoever wrote its input: the user, or any web page,
    email or document the app feeds it (prompt injection). Running it, or pasting it into a
    page unescaped, hands that person your server (code, shell, SQL) or your users' sessions
    (HTML). OWASP lists it as LLM05:2025 Improper Output Handling: treat model output as
    untrusted user input.

    ## Example

    ```python
    code = client.chat.completions.create(model="gpt-4o", messages=msgs).choices[0].message.content
    exec(code)
    ```

    ## Use instead

    Do not run model output. Ask for structured output, validate it against a schema and
    map it to actions you wrote; run SQL with parameters; sanitise HTML (`DOMPurify`,
    `bleach`) or render it as text; check paths and URLs against an allow-list.

    ## References

    - [OWASP LLM05:2025 Improper Output Handling](https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/)
    - [CWE-94: Code Injection](https://cwe.mitre.org/data/definitions/94.html),
      [CWE-78](https://cwe.mitre.org/data/definitions/78.html),
      [CWE-89](https://cwe.mitre.org/data/definitions/89.html),
      [CWE-79](https://cwe.mitre.org/data/definitions/79.html),
      [CWE-22](https://cwe.mitre.org/data/definitions/22.html),
      [CWE-918](https://cwe.mitre.org/data/definitions/918.html),
      [CWE-502](https://cwe.mitre.org/data/definitions/502.html)
    """

    id = "RC803"
    name = "model-output-to-sink"
    category = Category.AI_SAFETY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "What an LLM wrote is run as code, shell or SQL, rendered as HTML, or used as a path or URL."
    owasp = ("LLM05:2025",)
    cwe = ("CWE-94", "CWE-78", "CWE-89", "CWE-79", "CWE-22", "CWE-918", "CWE-502")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per sink reached by model output; high for code, shell, SQL and
        deserialisation, medium for HTML, paths and URLs; medium confidence through a return hop."""
        for flow, where in model_flows(ctx, unvalidated=False):
            yield ctx.finding(
                path=flow.path,
                line=flow.line,
                message=(
                    f"model output reaches {flow.sink}, which {flow.kind.value}: whoever writes the "
                    "model's input (a user, or a page or document it reads) decides what runs"
                    + (f" (in {where.method} {where.route})" if where else "")
                ),
                severity=Severity.HIGH if flow.kind.severe else Severity.MEDIUM,
                confidence=Confidence.MEDIUM if flow.returned else Confidence.HIGH,
                cwe=(flow.kind.cwe,),
                evidence=flow.hops,
                endpoint=where,
            )
