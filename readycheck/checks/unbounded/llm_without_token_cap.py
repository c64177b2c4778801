"""RC305 llm-call-without-token-cap: an LLM API call with no cap on the tokens it may generate,
or a cap the caller chooses."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import (
    LLM_CALLS,
    CallSite,
    js_caller_values,
    js_calls,
    js_value_from_caller,
    llm_caps,
    python_call_site,
    python_caller_values,
    python_value_from_caller,
)
from readycheck.analysis.js import string_value as js_string
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.unbounded._common import endpoint_finding, server_modules
from readycheck.model import Category, Confidence, Finding, Severity


class LlmCallWithoutTokenCap(Check):
    """
    ## What it does

    Finds calls to LLM APIs that do not cap the length of the answer, or whose cap comes from
    the request: OpenAI `chat.completions.create` / `completions.create` (`max_tokens`,
    `max_completion_tokens`) and `responses.create` (`max_output_tokens`), Anthropic
    `messages.create`, Google Gemini `generate_content` / `generateContent`
    (`generation_config` / `generationConfig`), the Vercel AI SDK `generateText`,
    `streamText`, `generateObject`, `streamObject` (`maxTokens` / `maxOutputTokens`) and
    LiteLLM `completion`, and LangChain chat models built without a cap (`ChatOpenAI`,
    `AzureChatOpenAI`, `ChatGoogleGenerativeAI`, `ChatGroq`, `ChatMistralAI`, `init_chat_model`;
    `ChatAnthropic` defaults to 1024 tokens), in Python and JavaScript/TypeScript server code. A
    call whose options come from `**kwargs` or a spread is left alone.

    ## Why is this bad?

    You pay per token. Without a cap, one prompt ("repeat this forever") makes the model write
    until its context is full, and a loop of such requests runs up a bill of hundreds of dollars
    in an afternoon. A cap taken from the request body is no cap at all: the caller sets it to
    the maximum. OWASP LLM10:2025 (Unbounded Consumption) and API4:2023 name this.

    ## Example

    ```typescript
    const { messages, maxTokens } = await req.json();
    await openai.chat.completions.create({ model: "gpt-4o", messages, max_tokens: maxTokens });
    ```

    ## Use instead

    ```typescript
    await openai.chat.completions.create({ model: "gpt-4o", messages, max_tokens: 800 });
    ```

    ## References

    - [OWASP LLM10:2025 Unbounded Consumption](https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/)
    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-770: Allocation of Resources Without Limits or Throttling](https://cwe.mitre.org/data/definitions/770.html)
    """

    id = "RC305"
    name = "llm-call-without-token-cap"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "An LLM API call has no cap on generated tokens, or lets the caller choose it."
    owasp = ("LLM10:2025", "API4:2023")
    cwe = ("CWE-770",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per uncapped LLM call; high when the caller sets the cap."""
        seen = False
        modules = list(server_modules(ctx))
        for module in modules:
            problems = (
                _python_problems(module.python) if module.python is not None else _js_problems(module.js)  # type: ignore[arg-type]
            )
            for line, message, caller_cap in problems:
                seen = True
                if message is None:
                    continue
                yield endpoint_finding(
                    ctx, path=module.path, line=line, message=message, severity=Severity.HIGH if caller_cap else None
                )
        if not seen:
            raise NotApplicable("no LLM API calls found")


def _problem(call: CallSite, caps: frozenset[str], from_caller: bool) -> tuple[int, str, bool] | None:
    given = [c for c in caps if c in call.options]
    if from_caller:
        return call.line, f"{call.callee}() takes its token cap ({given[0]}) from the request", True
    if not given and not call.open_options:
        python = isinstance(call.node, ast.Call)
        wanted = " / ".join(sorted(c for c in caps if not python or c.islower()))
        return (
            call.line,
            f"{call.callee}() has no token cap ({wanted}): one request can generate until the context is full",
            False,
        )
    return None


# LangChain chat-model classes with no default output cap, by package, and the options that
# cap them (langchain-openai ChatOpenAI/AzureChatOpenAI max_tokens or max_completion_tokens,
# langchain-google-genai max_output_tokens, langchain-groq / langchain-mistralai max_tokens,
# init_chat_model passing max_tokens on; ChatAnthropic defaults to 1024 and is left alone).
# Sources: each package's API reference, 2025.
LANGCHAIN_MODELS: dict[str, frozenset[str]] = {
    "ChatOpenAI": frozenset({"max_tokens", "max_completion_tokens", "maxTokens"}),
    "AzureChatOpenAI": frozenset({"max_tokens", "max_completion_tokens", "maxTokens"}),
    "ChatGoogleGenerativeAI": frozenset({"max_output_tokens", "max_tokens", "maxOutputTokens"}),
    "ChatGroq": frozenset({"max_tokens", "maxTokens"}),
    "ChatMistralAI": frozenset({"max_tokens", "maxTokens"}),
    "init_chat_model": frozenset({"max_tokens", "max_completion_tokens"}),
    "initChatModel": frozenset({"maxTokens"}),
}
LANGCHAIN_PACKAGES = ("langchain", "@langchain/")


def _langchain_caps(call: CallSite, imports: dict[str, str]) -> frozenset[str] | None:
    """The cap options of a LangChain chat-model constructor imported from a LangChain package
    (``imports``: local name → where it comes from), else None."""
    name = call.callee.removeprefix("new ").rsplit(".", 1)[-1]
    origin = imports.get(call.callee.split(".", 1)[0], "")
    if name in LANGCHAIN_MODELS and origin.startswith(LANGCHAIN_PACKAGES):
        return LANGCHAIN_MODELS[name]
    return None


# Last names of the calls llm_caps or LANGCHAIN_MODELS can accept (a cheap test before a call
# site is built).
CANDIDATE_NAMES = frozenset(
    {k.rsplit(".", 1)[-1] for k in LLM_CALLS} | {"completion", "acompletion"} | set(LANGCHAIN_MODELS)
)


def _configured_elsewhere(call: CallSite, caps: frozenset[str]) -> bool:
    """A LangChain model whose cap can come from run-time config: ``configurable_fields``, or
    ``model_kwargs`` that is not a literal dict (a literal one is read for a cap)."""
    if "configurable_fields" in call.options:
        return True
    kwargs = call.options.get("model_kwargs")
    if kwargs is None:
        return False
    if isinstance(kwargs, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value in caps for k in kwargs.keys)
    return True


def _last_name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _python_problems(tree: ast.Module) -> Iterable[tuple[int, str | None, bool]]:
    imports = {
        alias.asname or alias.name: f"{node.module}.{alias.name}"
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    candidates = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _last_name(n.func) in CANDIDATE_NAMES),
        key=lambda n: (n.lineno, n.col_offset),
    )
    sites = [python_call_site(n) for n in candidates]
    found = [(call, caps) for call in sites if (caps := llm_caps(call) or _langchain_caps(call, imports))]
    found = [(call, caps) for call, caps in found if not _configured_elsewhere(call, caps)]
    if not found:
        return
    # The caller's values are worked out only for the functions that hold an LLM call.
    owner: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                owner.setdefault(id(node), function)
    tainted_by_fn: dict[int, set[str]] = {}
    for call, caps in found:
        fn = owner.get(id(call.node))
        if fn is not None and id(fn) not in tainted_by_fn:
            tainted_by_fn[id(fn)] = python_caller_values(fn, set())
        tainted = tainted_by_fn.get(id(fn), set()) if fn is not None else set()
        from_caller = any(
            python_value_from_caller(call.options[c], tainted) or _attr_of_body(call.options[c])
            for c in caps
            if c in call.options
        )
        yield _problem(call, caps, from_caller) or (call.line, None, False)


def _attr_of_body(value: object) -> bool:
    """``req.max_tokens`` / ``body.max_tokens``: a field of a request model."""
    return (
        isinstance(value, ast.Attribute)
        and isinstance(value.value, ast.Name)
        and value.value.id in {"req", "body", "payload", "data", "request"}
    )


def _js_problems(root: SgNode) -> Iterable[tuple[int, str | None, bool]]:
    tainted_by_fn: dict[int, set[str]] = {}
    functions = [
        *root.find_all(kind="function_declaration"),
        *root.find_all(kind="arrow_function"),
        *root.find_all(kind="function_expression"),
        *root.find_all(kind="method_definition"),
    ]
    imports = {
        local: spec
        for statement in root.find_all(kind="import_statement")
        if (spec := js_string(statement.field("source"))) is not None
        for local in (n.text() for n in statement.find_all(kind="identifier"))
    }
    for call in js_calls(root):
        caps = llm_caps(call) or _langchain_caps(call, imports)
        if caps is None:
            continue
        assert isinstance(call.node, SgNode)
        start = call.node.range().start.index
        enclosing = [f for f in functions if f.range().start.index <= start <= f.range().end.index]
        tainted: set[str] = set()
        for fn in enclosing:
            key = fn.range().start.index
            if key not in tainted_by_fn:
                tainted_by_fn[key] = js_caller_values(fn)
            tainted |= tainted_by_fn[key]
        from_caller = any(js_value_from_caller(call.options[c], tainted) for c in caps if c in call.options)
        yield _problem(call, caps, from_caller) or (call.line, None, False)
