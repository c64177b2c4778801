"""RC303 outgoing-call-without-timeout: an outgoing HTTP call or API client that can wait forever."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from readycheck.analysis.calls import CallSite, js_calls, python_calls
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.unbounded._common import endpoint_finding, server_modules
from readycheck.model import Category, Confidence, Finding, Severity

_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
# SDK clients whose default timeout is ten minutes (OpenAI and Anthropic SDKs, Python and JS:
# "Requests time out after 10 minutes by default"; both retry twice on a timeout).
_SLOW_SDKS = frozenset({"OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI", "Anthropic", "AsyncAnthropic"})


class OutgoingCallWithoutTimeout(Check):
    """
    ## What it does

    Finds outgoing calls to other services that have no timeout, or one so long it is none:

    - Python `requests` (module functions and `requests.Session()` objects), `urllib.request.urlopen`
      and `urllib3` without `timeout`; `httpx` with `timeout=None`; `aiohttp.ClientSession()`
      without `timeout` (its default is five minutes);
    - JavaScript/TypeScript `fetch` on the server without a `signal` (`AbortSignal.timeout(...)`),
      `axios` calls and `axios.create` without `timeout` (axios waits forever by default) unless
      `axios.defaults.timeout` is set;
    - OpenAI and Anthropic SDK clients built without `timeout` (their default is ten minutes,
      retried twice).

    A call whose options come from a variable or a spread (`fetch(url, options)`) is left alone:
    the timeout may be set there. Browser code and tests are not read.

    ## Why is this bad?

    When the other service is slow or down, each request to your endpoint waits with it. A few
    dozen stuck requests use up every worker, and the whole app stops answering, including
    pages that never call that service. OWASP API4:2023 names execution timeouts as a limit
    every API needs.

    ## Example

    ```python
    resp = requests.get(url)  # waits forever if the site never answers
    ```

    ## Use instead

    ```python
    resp = requests.get(url, timeout=10)
    ```

    ```typescript
    await fetch(url, { signal: AbortSignal.timeout(10_000) });
    ```

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
    - [CWE-1088: Synchronous Access of Remote Resource without Timeout](https://cwe.mitre.org/data/definitions/1088.html)
    - [Requests: timeouts](https://requests.readthedocs.io/en/latest/user/advanced/#timeouts)
    """

    id = "RC303"
    name = "outgoing-call-without-timeout"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "An outgoing HTTP call or API client has no timeout and can hang a worker forever."
    owasp = ("API4:2023", "A06:2025")
    cwe = ("CWE-400", "CWE-1088")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per call or client construction without a timeout."""
        axios_default = any(
            "axios.defaults.timeout" in s.text for s in ctx.repo.code_files("javascript", "typescript", "tsx")
        )
        for module in server_modules(ctx):
            if module.python is not None:
                problems = list(_python_problems(module.python))
            else:
                assert module.js is not None
                problems = list(_js_problems(module.js, axios_default=axios_default))
            for line, message, severity in problems:
                yield endpoint_finding(ctx, path=module.path, line=line, message=message, severity=severity)


def _python_problems(tree: ast.Module) -> Iterable[tuple[int, str, Severity | None]]:
    sessions = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.With)
        for target in _bound(node)
        if isinstance(target, ast.Name)
    }
    for call in python_calls(tree):
        if call.open_options:
            continue
        receiver = call.callee.rsplit(".", 1)[0] if "." in call.callee else ""
        if (
            call.name in _HTTP_METHODS
            and (receiver == "requests" or receiver in sessions)
            and "timeout" not in call.options
        ):
            yield call.line, f"{call.callee}() has no timeout: it waits forever if the server never answers", None
        elif call.name == "urlopen" and "timeout" not in call.options and call.positional < 3:
            yield call.line, "urlopen() has no timeout: it waits forever if the server never answers", None
        elif call.callee in {"urllib3.PoolManager", "urllib3.request", "PoolManager"} and "timeout" not in call.options:
            yield call.line, f"{call.callee}() has no timeout: urllib3 waits forever by default", None
        elif receiver == "httpx" or call.callee in {"httpx.Client", "httpx.AsyncClient"}:
            if _is_none(call.options.get("timeout")):
                yield call.line, f"{call.callee}(timeout=None) turns httpx's 5-second timeout off", None
        elif call.callee in {"aiohttp.ClientSession", "ClientSession"} and "timeout" not in call.options:
            yield call.line, "aiohttp.ClientSession() without timeout waits up to 5 minutes per request", Severity.LOW
        elif (
            call.name in _SLOW_SDKS and "timeout" not in call.options and "." not in call.callee.replace("openai.", "")
        ):
            yield (
                call.line,
                f"{call.name}() client without timeout waits up to 10 minutes per call (and retries)",
                Severity.LOW,
            )


def _bound(node: ast.Assign | ast.With) -> list[ast.expr]:
    """Targets bound to ``requests.Session()``."""
    if isinstance(node, ast.Assign):
        return node.targets if _is_session(node.value) else []
    return [
        item.optional_vars for item in node.items if item.optional_vars is not None and _is_session(item.context_expr)
    ]


def _is_session(value: ast.expr) -> bool:
    return isinstance(value, ast.Call) and (
        (isinstance(value.func, ast.Attribute) and value.func.attr == "Session")
        or (isinstance(value.func, ast.Name) and value.func.id == "Session")
    )


def _is_none(value: object) -> bool:
    return isinstance(value, ast.Constant) and value.value is None


def _js_problems(root: object, *, axios_default: bool) -> Iterable[tuple[int, str, Severity | None]]:
    from ast_grep_py import SgNode

    assert isinstance(root, SgNode)
    for call in js_calls(root):
        if call.open_options:
            continue
        if call.callee == "fetch" and call.positional >= 1 and "signal" not in call.options and not call.opaque_arg(1):
            yield call.line, "fetch() has no timeout signal (AbortSignal.timeout): it can wait for minutes", None
        elif _is_axios(call) and not axios_default and "timeout" not in call.options and not _axios_opaque(call):
            yield call.line, f"{call.callee}() has no timeout: axios waits forever by default", None
        elif call.name in _SLOW_SDKS and "timeout" not in call.options and call.callee == call.name:
            yield (
                call.line,
                f"new {call.name}() client without timeout waits up to 10 minutes per call (and retries)",
                Severity.LOW,
            )


def _is_axios(call: CallSite) -> bool:
    if call.callee == "axios.create":
        return True
    return call.callee in {"axios", *(f"axios.{m}" for m in _HTTP_METHODS)}


def _axios_opaque(call: CallSite) -> bool:
    """The config argument of an axios call is a variable: its timeout may be set there."""
    config_at = {"axios": 0, "axios.create": 0, "axios.request": 0, "axios.post": 2, "axios.put": 2, "axios.patch": 2}
    index = config_at.get(call.callee, 1)
    return call.opaque_arg(index) or (call.callee == "axios" and call.opaque_arg(1))
