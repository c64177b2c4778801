"""RC604 sensitive-data-in-log: a password, token, key, whole request or whole environment
passed to a logger or print."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from ast_grep_py import SgNode

from readycheck.analysis.js import line_of
from readycheck.analysis.names import word_list
from readycheck.analysis.observability import is_log_call
from readycheck.analysis.python import dotted
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.unbounded._common import server_modules
from readycheck.model import Category, Confidence, Finding, Severity

SECRET_WORDS = frozenset(
    {"password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "authorization", "cookie", "cvv", "ssn"}
)
NOT_SECRET_FIRST = frozenset({"has", "is", "no", "missing", "should", "valid", "needs", "check", "with", "min", "max"})
KEY_KINDS = frozenset({"api", "secret", "private", "access", "signing", "encryption", "service", "master", "admin"})
CLI_DIRS = ("scripts/", "bin/", "cli/", "tools/")
WHOLE_REQUEST = frozenset(
    {
        "request.headers",
        "req.headers",
        "request.body",
        "req.body",
        "request.cookies",
        "req.cookies",
        "request.json()",
        "request.data",
        "request.POST",
        "request.form",
        "request.META",
    }
)
WHOLE_ENV = frozenset({"os.environ", "process.env", "Deno.env.toObject()"})


def sensitive_name(identifier: str) -> bool:
    """True for names whose last word is a credential: ``password``, ``new_password``,
    ``apiKey``, ``access_token``, ``client_secret``, ``authorization``; not ``password_hash``,
    ``token_type``, ``has_password``, ``keyRotationIntervalDays``."""
    parts = word_list(identifier)
    if not parts or parts[0] in NOT_SECRET_FIRST:
        return False
    last = parts[-1]
    if last in SECRET_WORDS:
        return True
    return last == "key" and len(parts) > 1 and parts[-2] in KEY_KINDS


def _python_values(call: ast.Call) -> Iterator[ast.AST]:
    for argument in [*call.args, *(kw.value for kw in call.keywords)]:
        yield from ast.walk(argument)


def _python_problem(call: ast.Call) -> str | None:
    nodes = list(_python_values(call))
    # os.environ["X"], os.environ.get("X"), request.headers.get("x-id"): one value, not the whole
    narrowed = {id(n.value) for n in nodes if isinstance(n, ast.Subscript)} | {
        id(n.func.value) for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    }
    # bool(password), len(token), not secret, token is None: a fact about the value, not the value
    facts: set[int] = set()
    for n in nodes:
        if (
            (isinstance(n, ast.Call) and (dotted(n.func) or "") in {"bool", "len", "type", "isinstance"})
            or (isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not))
            or isinstance(n, ast.Compare)
        ):
            facts.update(id(inner) for inner in ast.walk(n))
    for node in nodes:
        if id(node) in facts:
            continue
        if isinstance(node, ast.Attribute | ast.Call | ast.Name) and id(node) not in narrowed:
            text = dotted(node) or ""
            if text in WHOLE_REQUEST:
                return f"the whole request ({text})"
            if text in WHOLE_ENV:
                return "the whole environment"
        if isinstance(node, ast.Name) and sensitive_name(node.id):
            return node.id
        if isinstance(node, ast.Attribute) and sensitive_name(node.attr):
            return dotted(node) or node.attr
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            if sensitive_name(node.slice.value):
                return f"[{node.slice.value!r}]"
    return None


def _js_problem(call: SgNode) -> str | None:
    args = call.field("arguments")
    if args is None:
        return None
    for member in args.find_all(kind="member_expression"):
        text = member.text().replace("?.", ".").replace(" ", "")
        parent = member.parent()
        if parent is not None and parent.kind() in {"member_expression", "subscript_expression"}:
            continue  # req.body.email, process.env.NODE_ENV: one value, not the whole
        if text in WHOLE_REQUEST:
            return f"the whole request ({text})"
        if text == "process.env":
            return "the whole environment"
    for kind in ("identifier", "property_identifier", "shorthand_property_identifier"):
        for node in args.find_all(kind=kind):
            if sensitive_name(node.text()) and not _only_a_fact(node, args):
                return node.text()
    return None


def _only_a_fact(node: SgNode, stop: SgNode) -> bool:
    """``!!password``, ``typeof token``, ``token === undefined``, ``secret.length``: what is
    logged is a fact about the value, not the value."""
    current: SgNode | None = node
    while current is not None and current != stop:
        parent = current.parent()
        if parent is None:
            return False
        kind = parent.kind()
        if kind == "unary_expression" and parent.text().lstrip().startswith(("!", "typeof")):
            return True
        if kind == "binary_expression":
            operator = parent.field("operator")
            if operator is not None and operator.text() in {"===", "!==", "==", "!=", "<", ">", "<=", ">="}:
                return True
        if kind == "member_expression" and parent.field("object") == current:
            prop = parent.field("property")
            if prop is not None and prop.text() == "length":
                return True
        if kind == "pair" and parent.field("key") == current:
            return False  # the key names the value next to it: judge the key
        current = parent
    return False


class SensitiveDataInLog(Check):
    """
    ## What it does

    Finds logging calls (`logger.*`, `logging.*`, `console.*`, pino/winston loggers) and
    `print` calls whose arguments carry a credential or a whole request: a variable,
    attribute or object key named like a password, secret, token, API key, Authorization
    header or cookie (`password`, `new_password`, `apiKey`, `access_token`; not
    `password_hash` or `token_type`), `request.headers`/`req.body` and friends, or the
    whole environment (`os.environ`, `process.env`). Words inside the log message text do
    not count, only values; command-line scripts (`scripts/`, `bin/`, Django management
    commands) printing to their operator are left out.

    ## Why is this bad?

    Logs are copied to log services, shared in support tickets and kept for months, and far
    more people can read them than can read the database. A password or token written there
    is a leaked password or token.

    ## Example

    ```ts
    console.log("login failed", email, password);
    ```

    ## Use instead

    ```ts
    console.warn("login failed", { email });
    ```

    ## References

    - [OWASP Logging Cheat Sheet: data to exclude](https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-532: Insertion of Sensitive Information into Log File](https://cwe.mitre.org/data/definitions/532.html)
    """

    id = "RC604"
    name = "sensitive-data-in-log"
    category = Category.LOGGING
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A password, token, API key, whole request or the environment is written to a log."
    owasp = ("A09:2021", "A09:2025")
    cwe = ("CWE-532",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per logging call that writes a credential, at its line."""
        for module in server_modules(ctx):
            if module.path.startswith(CLI_DIRS) or "/management/commands/" in module.path:
                continue  # a command-line tool printing to its operator's terminal
            if module.python is not None:
                for node in ast.walk(module.python):
                    if not isinstance(node, ast.Call):
                        continue
                    callee = dotted(node.func) or ""
                    if callee != "print" and not is_log_call(callee):
                        continue
                    problem = _python_problem(node)
                    if problem is not None:
                        yield self._finding(ctx, module.path, node.lineno, callee, problem)
            elif module.js is not None:
                for call in module.js.find_all(kind="call_expression"):
                    function = call.field("function")
                    callee = function.text().replace("?.", ".") if function is not None else ""
                    if not is_log_call(callee):
                        continue
                    problem = _js_problem(call)
                    if problem is not None:
                        yield self._finding(ctx, module.path, line_of(call), callee, problem)

    def _finding(self, ctx: CheckContext, path: str, line: int, callee: str, problem: str) -> Finding:
        return ctx.finding(
            path=path,
            line=line,
            message=f"{callee}(...) writes {problem} to the log: anyone who can read the logs gets it.",
            key=f"{callee} {problem}",
        )
