"""RC103 timing-unsafe-compare: a signature, token or API key compared with ``==`` instead of a
constant-time compare."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.js import line_of
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.names import words
from readycheck.analysis.python import last_name, string_value
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.repository import is_test_path

# Words naming a value an attacker must not be able to guess byte by byte.
SECRET_WORDS = frozenset(
    {"signature", "sig", "hmac", "digest", "hexdigest", "mac", "secret", "token", "apikey", "passcode", "otp"}
)
# Words that make a name describe something about a secret, not the secret itself.
NOT_SECRET_WORDS = frozenset(
    {
        "type",
        "kind",
        "name",
        "id",
        "ids",
        "count",
        "len",
        "length",
        "expiry",
        "expires",
        "expiration",
        "exp",
        "status",
        "prefix",
        "format",
        "version",
        "algorithm",
        "alg",
        "header",
        "headers",
        "url",
        "uri",
        "user",
        "at",
        "date",
        "time",
        "created",
        "used",
        "valid",
        "is",
        "has",
        "scheme",
        "field",
        "key",
    }
)
NON_VALUE_CALLS = frozenset({"len", "type", "bool", "isinstance", "int", "str", "get_type", "typeof", "count"})
JS_OPERATORS = frozenset({"==", "===", "!=", "!=="})


def is_secret_name(text: str) -> bool:
    """True for names of secrets: ``signature``, ``expected_sig``, ``api_key``, ``x-hub-signature-256``,
    ``webhookSecret``; not ``token_type``, ``signature_header`` or ``key``."""
    parts = words(text.replace("-", "_"))
    if {"api", "key"} <= parts:
        parts = (parts - {"api", "key"}) | {"apikey"}
    return bool(parts & SECRET_WORDS) and not (parts & NOT_SECRET_WORDS)


def _python_name(node: ast.expr) -> str | None:
    """The name that says what a compared value is, or None for literals and non-values."""
    if isinstance(node, ast.Constant):
        return None
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return string_value(node.slice)
    if isinstance(node, ast.Call):
        name = last_name(node.func) or ""
        if name in NON_VALUE_CALLS:
            return None
        if name in {"get", "getenv", "getheader"} and node.args:
            return string_value(node.args[0])
        if name in {"hexdigest", "digest"}:
            return "digest"
        return name
    return None


def _is_value(node: ast.expr) -> bool:
    return not isinstance(node, ast.Constant) and not (
        isinstance(node, ast.Call) and last_name(node.func) in NON_VALUE_CALLS
    )


def _js_name(node: SgNode) -> str | None:
    kind = node.kind()
    if kind in {"string", "template_string", "number", "null", "undefined", "true", "false"}:
        return None
    if kind == "identifier":
        return node.text()
    if kind == "member_expression":
        prop = node.field("property")
        return prop.text() if prop is not None else None
    if kind == "subscript_expression":
        return js_string(node.field("index"))
    if kind == "call_expression":
        function = node.field("function")
        name = function.text().rsplit(".", 1)[-1] if function is not None else ""
        if name in {"get", "getHeader", "header"}:
            args = node.field("arguments")
            first = args.named_children()[0] if args is not None and args.named_children() else None
            return js_string(first)
        if name in {"digest", "toString"}:
            return "digest" if "digest" in node.text() else None
        return None if name in NON_VALUE_CALLS else name
    if kind == "await_expression":
        inner = node.named_children()
        return _js_name(inner[0]) if inner else None
    return None


class TimingUnsafeCompare(Check):
    """
    ## What it does

    Finds comparisons of a signature, HMAC digest, token, OTP or API key with `==`, `!=`,
    `===` or `!==` in Python and JavaScript/TypeScript, where both sides are values (not a
    literal, `None` or a length): `if signature == expected:`,
    `if (req.headers["x-api-key"] !== process.env.API_KEY)`.

    ## Why is this bad?

    `==` stops at the first differing byte, so the time it takes leaks how much of a guess
    was right. An attacker who can measure response times can recover a valid signature or
    key one byte at a time and forge webhooks or call the API as you. The fix costs one line.

    ## Example

    ```python
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    if signature == expected:
        process(body)
    ```

    ## Use instead

    ```python
    if hmac.compare_digest(signature, expected):
        process(body)
    ```

    In Node.js, `crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b))` after checking both
    lengths match.

    ## References

    - [Python `hmac.compare_digest`](https://docs.python.org/3/library/hmac.html#hmac.compare_digest)
    - [Node.js `crypto.timingSafeEqual`](https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b)
    - [OWASP A02:2021 Cryptographic Failures](https://owasp.org/Top10/A02_2021-Cryptographic_Failures/)
    - [CWE-208: Observable Timing Discrepancy](https://cwe.mitre.org/data/definitions/208.html)
    """

    id = "RC103"
    name = "timing-unsafe-compare"
    category = Category.SECRETS
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "A signature, token or API key is compared with == instead of a constant-time compare."
    owasp = ("A02:2021", "A04:2025")
    cwe = ("CWE-208",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per comparison, in Python and JS/TS files outside tests."""
        python, js = ctx.models.python, ctx.models.js
        if not python.index.by_path and not js.modules:
            raise NotApplicable("no Python or JavaScript/TypeScript files")
        ctx.note_unchecked([*python.not_checked, *js.not_checked])
        for path, module in sorted(python.index.by_path.items()):
            if is_test_path(path):
                continue
            for node in ast.walk(module.tree):
                if not isinstance(node, ast.Compare) or len(node.ops) != 1:
                    continue
                if not isinstance(node.ops[0], ast.Eq | ast.NotEq):
                    continue
                left, right = node.left, node.comparators[0]
                if not (_is_value(left) and _is_value(right)):
                    continue
                name = next(
                    (n for n in (_python_name(left), _python_name(right)) if n and is_secret_name(n)),
                    None,
                )
                if name is not None:
                    yield self._finding(ctx, path, node.lineno, name, "hmac.compare_digest")
        for path, js_module in sorted(js.modules.items()):
            if is_test_path(path):
                continue
            for binary in js_module.root.find_all(kind="binary_expression"):
                operator = binary.field("operator")
                if operator is None or operator.text() not in JS_OPERATORS:
                    continue
                js_left, js_right = binary.field("left"), binary.field("right")
                if js_left is None or js_right is None:
                    continue
                names = [_js_name(js_left), _js_name(js_right)]
                if None in names:
                    continue
                name = next((n for n in names if n and is_secret_name(n)), None)
                if name is not None:
                    yield self._finding(ctx, path, line_of(binary), name, "crypto.timingSafeEqual")

    def _finding(self, ctx: CheckContext, path: str, line: int, name: str, fix: str) -> Finding:
        return ctx.finding(
            path=path,
            line=line,
            message=(
                f"`{name}` is compared with == (not in constant time): response timing can leak a valid value byte by "
                f"byte. Use {fix}."
            ),
            confidence=Confidence.HIGH
            if words(name.replace("-", "_")) & {"signature", "sig", "hmac", "digest"}
            else None,
            key=f"{path}:{name}",
        )
