"""RC306 unbounded-agent-loop and RC307 unbounded-retry: loops of model calls with no iteration
cap, and retries with no stop."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import effect, is_http_call, js_calls, llm_caps, python_calls
from readycheck.analysis.python import dotted, keyword
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.unbounded._common import endpoint_finding, server_modules, uses_llm
from readycheck.model import Category, Confidence, Finding, Severity

# Text that any retry this rule reads contains (a fast pre-filter before parsing).
_RETRY_MARKERS = ("retry", "Retry", "backoff", "while True", "while 1", "while (true)", "for (;;)")
_CONSTANT_TRUE = frozenset({"true", "1", "True"})


def _forever(node: ast.While) -> bool:
    return isinstance(node.test, ast.Constant) and bool(node.test.value)


def _counted(loop: ast.AST) -> bool:
    """The loop counts its rounds and compares the count (``attempts += 1`` ... ``if attempts >= 5``)."""
    counters = {n.target.id for n in ast.walk(loop) if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)}
    return any(
        isinstance(n, ast.Compare) and {x.id for x in ast.walk(n) if isinstance(x, ast.Name)} & counters
        for n in ast.walk(loop)
    )


def _js_forever(node: SgNode) -> bool:
    if node.kind() == "while_statement":
        condition = node.field("condition")
        return condition is not None and condition.text().strip("() ") in _CONSTANT_TRUE
    if node.kind() == "for_statement":
        return node.field("condition") is None or (node.field("condition").text().strip("; ") == "")  # type: ignore[union-attr]
    return False


def _js_counted(loop: SgNode) -> bool:
    counters = {
        u.field("argument").text()  # type: ignore[union-attr]
        for u in loop.find_all(kind="update_expression")
        if u.field("argument") is not None
    } | {
        a.field("left").text()  # type: ignore[union-attr]
        for a in loop.find_all(kind="augmented_assignment_expression")
        if a.field("left") is not None
    }
    return any(
        b.text().split(">")[0].split("<")[0].strip() in counters or any(c in b.text() for c in counters)
        for b in loop.find_all(kind="binary_expression")
        if any(op in b.text() for op in ("<", ">"))
    )


def _loops(module_python: ast.Module | None, module_js: SgNode | None) -> Iterable[tuple[int, object, bool]]:
    """(line, loop node, counted) for every loop that never ends by its own condition."""
    if module_python is not None:
        for node in ast.walk(module_python):
            if isinstance(node, ast.While) and _forever(node):
                yield node.lineno, node, _counted(node)
    elif module_js is not None:
        for kind in ("while_statement", "for_statement"):
            for js_loop in module_js.find_all(kind=kind):
                if _js_forever(js_loop):
                    yield js_loop.range().start.line + 1, js_loop, _js_counted(js_loop)


def _calls(loop: object) -> list:  # type: ignore[type-arg]
    return list(python_calls(loop) if isinstance(loop, ast.AST) else js_calls(loop))  # type: ignore[arg-type]


# Agent SDKs whose loop has no round limit unless one is set (Agno and its predecessor phidata:
# ``tool_call_limit`` defaults to None).
UNCAPPED_SDKS = frozenset({"agno", "phi"})


class UnboundedAgentLoop(Check):
    """
    ## What it does

    Finds loops that call an LLM with no cap on the number of rounds: `while True:`,
    `while (true)` and `for (;;)` loops around a model call (an agent or tool-calling loop)
    with no counter compared against a maximum. The loop may still `break` when the model says
    it is done; that is the model's choice, not yours. Also agents of SDKs that set no round
    limit by default (Agno `Agent` without `tool_call_limit`); the SDK defaults of LangChain,
    LangGraph, the OpenAI Agents SDK, CrewAI, Pydantic AI and the Vercel AI SDK are caps and are
    listed by `readycheck agents`.

    ## Why is this bad?

    An agent that keeps calling tools, or a model that never answers "done", loops until
    someone notices the bill. OWASP LLM10:2025 (Unbounded Consumption) and LLM06:2025
    (Excessive Agency) recommend capping the steps of every agent run.

    ## Example

    ```python
    while True:
        reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=500)
        if not reply.choices[0].message.tool_calls:
            break
        messages += run_tools(reply)
    ```

    ## Use instead

    ```python
    for _step in range(MAX_AGENT_STEPS):
        ...
    else:
        raise AgentStepLimit()
    ```

    ## References

    - [OWASP LLM10:2025 Unbounded Consumption](https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/)
    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-834: Excessive Iteration](https://cwe.mitre.org/data/definitions/834.html)
    """

    id = "RC306"
    name = "unbounded-agent-loop"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A loop calls an LLM with no cap on the number of rounds."
    owasp = ("LLM10:2025", "API4:2023")
    cwe = ("CWE-834", "CWE-770")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per endless loop around an LLM call."""
        llm_seen = False
        modules = list(server_modules(ctx))
        for module in modules:
            for line, loop, counted in _loops(module.python, module.js):
                calls = [c for c in _calls(loop) if llm_caps(c) is not None]
                if not calls:
                    continue
                llm_seen = True
                if counted:
                    continue
                yield endpoint_finding(
                    ctx,
                    path=module.path,
                    line=line,
                    message=f"this loop calls {calls[0].callee}() with no cap on its rounds",
                )
        for agent in ctx.models.agents.agents:
            if agent.sdk in UNCAPPED_SDKS and agent.step_cap is None:
                llm_seen = True
                yield endpoint_finding(
                    ctx,
                    path=agent.path,
                    line=agent.line,
                    message=(
                        f"this {agent.sdk} agent has no tool_call_limit, and {agent.sdk} sets none by default: "
                        "one request can call tools until the context is full"
                    ),
                )
        if not llm_seen and not uses_llm(modules):
            raise NotApplicable("no LLM API calls found")


class UnboundedRetry(Check):
    """
    ## What it does

    Finds retries that never give up:

    - tenacity `@retry` without `stop=` (tenacity retries forever by default) and
      `Retrying()`/`AsyncRetrying()` without `stop`;
    - backoff `@backoff.on_exception`/`on_predicate` without `max_tries` or `max_time`;
    - Celery tasks with `max_retries=None` (on the task or in `self.retry(...)`);
    - JavaScript `p-retry`/`async-retry` with `retries: Infinity` or `forever: true`;
    - `while True:` / `while (true)` loops that catch the error of an outgoing call (HTTP,
      email, LLM, payment) and go round again with no attempt counter.

    ## Why is this bad?

    When the other side is down or rejects the request for good (a bad address, a revoked
    key), an endless retry hammers it forever, fills the queue, and, if the call has a side
    effect that did happen, repeats it: the same email sent 40,000 times, the same card
    charged twice.

    ## Example

    ```python
    @retry(wait=wait_exponential())
    def send_receipt(order): ...
    ```

    ## Use instead

    ```python
    @retry(wait=wait_exponential(), stop=stop_after_attempt(5))
    def send_receipt(order): ...
    ```

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-834: Excessive Iteration](https://cwe.mitre.org/data/definitions/834.html)
    - [tenacity: stopping](https://tenacity.readthedocs.io/en/latest/#stopping)
    """

    id = "RC307"
    name = "unbounded-retry"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A retry (tenacity, backoff, Celery, p-retry or a catch-and-loop) never gives up."
    owasp = ("API4:2023",)
    cwe = ("CWE-834",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per retry decorator, call or loop without a stop."""
        modules = list(server_modules(ctx))
        texts = [s.text for m in modules if (s := ctx.repo.get(m.path)) is not None]
        if not any(marker in text for text in texts for marker in _RETRY_MARKERS):
            raise NotApplicable("no retries or endless loops found")
        for module in modules:
            problems = list(_python_retries(module.python)) if module.python is not None else []
            if module.js is not None:
                problems = list(_js_retries(module.js))
            for line, message in problems:
                yield endpoint_finding(ctx, path=module.path, line=line, message=message)


def _python_retries(tree: ast.Module) -> Iterable[tuple[int, str]]:
    tenacity = "tenacity" in {
        (n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
    } | {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                name = dotted(call.func if call else decorator) or ""
                last = name.rsplit(".", 1)[-1]
                if tenacity and last == "retry" and (call is None or keyword(call, "stop") is None):
                    yield decorator.lineno, f"@{name} has no stop=: tenacity retries forever by default"
                elif last in {"on_exception", "on_predicate"} and name.startswith("backoff") and call is not None:
                    if keyword(call, "max_tries") is None and keyword(call, "max_time") is None:
                        yield decorator.lineno, f"@{name} has no max_tries or max_time: it retries forever"
                elif last in {"task", "shared_task"} and call is not None and _is_none(keyword(call, "max_retries")):
                    yield decorator.lineno, "Celery task with max_retries=None retries forever"
        elif isinstance(node, ast.Call):
            name = dotted(node.func) or ""
            last = name.rsplit(".", 1)[-1]
            if last == "retry" and name.startswith("self.") and _is_none(keyword(node, "max_retries")):
                yield node.lineno, "self.retry(max_retries=None) retries forever"
            elif tenacity and last in {"Retrying", "AsyncRetrying"} and keyword(node, "stop") is None:
                yield node.lineno, f"{last}() has no stop=: tenacity retries forever by default"
        elif isinstance(node, ast.While) and _forever(node) and not _counted(node):
            for handler in (h for t in ast.walk(node) if isinstance(t, ast.Try) for h in t.handlers):
                retries = any(isinstance(s, ast.Continue | ast.Pass) for s in ast.walk(handler)) or not any(
                    isinstance(s, ast.Raise | ast.Break | ast.Return) for s in ast.walk(handler)
                )
                guarded = [c for t in ast.walk(node) if isinstance(t, ast.Try) for s in t.body for c in python_calls(s)]
                external = [
                    c
                    for c in guarded
                    if effect(c) is not None or is_http_call(c) or c.callee.startswith(("requests.", "httpx."))
                ]
                if retries and external:
                    yield (
                        node.lineno,
                        f"this loop retries {external[0].callee}() after every error with no attempt limit",
                    )
                    break


def _is_none(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is None


def _js_retries(root: SgNode) -> Iterable[tuple[int, str]]:
    for call in js_calls(root):
        if call.callee in {"pRetry", "retry", "asyncRetry", "backoff"} or call.name in {"pRetry"}:
            retries = call.options.get("retries")
            forever = call.options.get("forever")
            if (isinstance(retries, SgNode) and retries.text() == "Infinity") or (
                isinstance(forever, SgNode) and forever.text() == "true"
            ):
                yield call.line, f"{call.callee}() retries forever"
    for kind in ("while_statement", "for_statement"):
        for loop in root.find_all(kind=kind):
            if not _js_forever(loop) or _js_counted(loop):
                continue
            for try_node in loop.find_all(kind="try_statement"):
                handler = try_node.field("handler")
                body = try_node.field("body")
                if handler is None or body is None:
                    continue
                if (
                    handler.find(kind="throw_statement")
                    or handler.find(kind="break_statement")
                    or handler.find(kind="return_statement")
                ):
                    continue
                external = [
                    c
                    for c in js_calls(body)
                    if effect(c) is not None or c.callee in {"fetch", "axios", "axios.post", "axios.get"}
                ]
                if external:
                    yield (
                        loop.range().start.line + 1,
                        f"this loop retries {external[0].callee}() after every error with no attempt limit",
                    )
                    break
