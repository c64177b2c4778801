"""RC107 secret-in-llm-prompt: a credential placed into an LLM system prompt."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from ast_grep_py import SgNode

from readycheck.analysis.js import line_of, string_value
from readycheck.analysis.names import words
from readycheck.analysis.python import dotted, keyword
from readycheck.analysis.python import string_value as py_string
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.secrets.hardcoded_secret import names_secret
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.repository import is_test_path

# Arguments and properties that carry a system prompt: Anthropic `system`, OpenAI Responses and
# Agents SDK `instructions`, Google GenAI `system_instruction`, pydantic-ai and others
# `system_prompt`.
PROMPT_ARGUMENTS = frozenset(
    {"system", "instructions", "system_prompt", "systemPrompt", "system_instruction", "systemInstruction"}
)
# Words that make a secret-looking name a count or a setting about tokens, not a credential.
_NOT_CREDENTIAL_WORDS = frozenset({"max", "min", "count", "limit", "num", "usage", "used", "budget", "length"})


def is_credential_name(name: str) -> bool:
    """True for a name of a credential (``STRIPE_SECRET_KEY``, ``dbPassword``, ``api_key``), not
    of a token count (``max_tokens``) or an id (``key_id``)."""
    if not name or _NOT_CREDENTIAL_WORDS & words(name):
        return False
    return names_secret(name)


def _is_prompt_name(name: str) -> bool:
    parts = words(name)
    return {"system", "prompt"} <= parts or {"system", "instructions"} <= parts or {"system", "message"} <= parts


class SecretInLlmPrompt(Check):
    """
    ## What it does

    Finds credentials placed into an LLM's system prompt: a secret-named environment
    variable, setting or variable (`STRIPE_SECRET_KEY`, `settings.DB_PASSWORD`, `apiKey`)
    interpolated into the text of a `{"role": "system"}` message, an Anthropic `system=`
    argument, an OpenAI `instructions=` argument, a LangChain `SystemMessage`, or a variable
    named like a system prompt (`SYSTEM_PROMPT`, `systemPrompt`). Python and
    JavaScript/TypeScript; tests are left out.

    ## Why is this bad?

    Anything in a prompt can come back out: users ask the model to "repeat the text above",
    prompt injection in a document or web page does it for them, and prompts end up in logs
    and the provider's traces. A key in the system prompt is a key handed to every user of
    the chat. The model does not need the key: your code does.

    ## Example

    ```python
    system = f"You are the billing assistant. Use the Stripe key {settings.STRIPE_SECRET_KEY} to look up charges."
    client.messages.create(model=MODEL, system=system, messages=history, max_tokens=1024)
    ```

    ## Use instead

    Keep credentials in the code that calls the service: give the model a tool
    (function calling) whose implementation uses the key on the server, and put only what
    the model may repeat into the prompt.

    ```python
    system = "You are the billing assistant. Use the lookup_charges tool to look up charges."
    client.messages.create(model=MODEL, system=system, tools=[LOOKUP_CHARGES], messages=history, max_tokens=1024)
    ```

    ## References

    - [OWASP LLM07:2025 System Prompt Leakage](https://genai.owasp.org/llmrisk/llm072025-system-prompt-leakage/)
    - [OWASP LLM02:2025 Sensitive Information Disclosure](https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/)
    - [CWE-522: Insufficiently Protected Credentials](https://cwe.mitre.org/data/definitions/522.html)
    - [CWE-200: Exposure of Sensitive Information to an Unauthorized Actor](https://cwe.mitre.org/data/definitions/200.html)
    """

    id = "RC107"
    name = "secret-in-llm-prompt"
    category = Category.SECRETS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A credential is placed into an LLM system prompt, where users and prompt injection can read it back."
    owasp = ("LLM07:2025", "LLM02:2025")
    cwe = ("CWE-522", "CWE-200")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per credential reference inside a system prompt.

        Raises:
            NotApplicable: no Python or JavaScript/TypeScript application code.
        """
        python, js = ctx.models.python, ctx.models.js
        if not python.index.by_path and not js.modules:
            raise NotApplicable("no Python or JavaScript/TypeScript code")
        seen: set[tuple[str, int, str]] = set()
        for path, module in sorted(python.index.by_path.items()):
            if is_test_path(path):
                continue
            for line, name in _python_leaks(module.tree):
                if (path, line, name) not in seen:
                    seen.add((path, line, name))
                    yield _finding(ctx, path, line, name)
        for path, js_module in sorted(js.modules.items()):
            if is_test_path(path):
                continue
            for line, name in _js_leaks(js_module.root):
                if (path, line, name) not in seen:
                    seen.add((path, line, name))
                    yield _finding(ctx, path, line, name)


def _finding(ctx: CheckContext, path: str, line: int, name: str) -> Finding:
    return ctx.finding(
        path=path,
        line=line,
        message=(
            f"`{name}` is put into an LLM system prompt: users and prompt injection can make the model "
            "repeat it. Keep the credential in server code (a tool the model calls) and out of the prompt."
        ),
        key=f"{name}",
    )


# --- Python -----------------------------------------------------------------------------------


def _python_prompts(tree: ast.Module) -> Iterator[ast.expr]:
    """Expressions that become a system prompt."""
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            pairs = {py_string(k): v for k, v in zip(node.keys, node.values, strict=True) if k is not None}
            if py_string(pairs.get("role")) == "system" and "content" in pairs:
                found.append(pairs["content"])
        elif isinstance(node, ast.Call):
            found.extend(kw.value for kw in node.keywords if kw.arg in PROMPT_ARGUMENTS)
            if (dotted(node.func) or "").rsplit(".", 1)[-1] == "SystemMessage":
                content = node.args[0] if node.args else keyword(node, "content")
                if content is not None:
                    found.append(content)
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and py_string(node.elts[0]) == "system":
            found.append(node.elts[1])  # LangChain ("system", "...") message tuples
    found.extend(value for name, values in assigned.items() if _is_prompt_name(name) for value in values)
    for expr in found:
        yield expr
        if isinstance(expr, ast.Name):  # the prompt built in a variable first
            yield from assigned.get(expr.id, [])


def _python_leaks(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for prompt in _python_prompts(tree):
        for node in _interpolated(prompt):
            name = _python_credential(node)
            if name:
                yield node.lineno, name


def _interpolated(prompt: ast.expr) -> Iterator[ast.expr]:
    """The values placed into a prompt's text: f-string fields, ``+`` operands, ``.format()``
    and ``%`` arguments (not the literal text around them)."""
    for node in ast.walk(prompt):
        if isinstance(node, ast.FormattedValue):
            yield from _leaves(node.value)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            for side in (node.left, node.right):
                if not isinstance(side, ast.Constant | ast.JoinedStr | ast.BinOp):
                    yield from _leaves(side)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                yield from _leaves(arg)


def _leaves(node: ast.expr) -> Iterator[ast.expr]:
    yield node
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_secret_value":
        yield node.func.value


def _python_credential(node: ast.expr) -> str | None:
    """The credential name a value reads: ``os.environ["X"]``, ``os.getenv("X")``,
    ``settings.X``, ``x`` (when the name is a credential's)."""
    if isinstance(node, ast.Subscript) and dotted(node.value) in {"os.environ", "environ"}:
        name = py_string(node.slice)
        return name if name and is_credential_name(name) else None
    if isinstance(node, ast.Call) and (dotted(node.func) or "") in {"os.getenv", "os.environ.get", "getenv"}:
        name = py_string(node.args[0]) if node.args else None
        return name if name and is_credential_name(name) else None
    if isinstance(node, ast.Attribute | ast.Name):
        text = dotted(node)
        last = text.rsplit(".", 1)[-1] if text else None
        return text if last and is_credential_name(last) else None
    return None


# --- JavaScript / TypeScript ---------------------------------------------------------------------


def _key_text(pair: SgNode) -> str | None:
    key = pair.field("key")
    if key is None:
        return None
    return string_value(key) or key.text()


def _js_prompts(root: SgNode) -> Iterator[SgNode]:
    declared: dict[str, list[SgNode]] = {}
    for declarator in root.find_all(kind="variable_declarator"):
        name, value = declarator.field("name"), declarator.field("value")
        if name is not None and value is not None and name.kind() == "identifier":
            declared.setdefault(name.text(), []).append(value)
    found: list[SgNode] = []
    for obj in root.find_all(kind="object"):
        pairs = {_key_text(p): p.field("value") for p in obj.children() if p.kind() == "pair"}
        role = pairs.get("role")
        if role is not None and string_value(role) == "system" and pairs.get("content") is not None:
            found.append(pairs["content"])  # type: ignore[arg-type]
        for key, value in pairs.items():
            if key in PROMPT_ARGUMENTS and value is not None:
                found.append(value)
    for new in root.find_all(kind="new_expression"):
        constructor = new.field("constructor")
        args = new.field("arguments")
        if constructor is not None and constructor.text().endswith("SystemMessage") and args is not None:
            found.extend(args.named_children()[:1])
    found.extend(value for name, values in declared.items() if _is_prompt_name(name) for value in values)
    for node in found:
        yield node
        if node.kind() == "identifier":
            yield from declared.get(node.text(), [])


def _js_leaks(root: SgNode) -> Iterator[tuple[int, str]]:
    for prompt in _js_prompts(root):
        for value in _js_values(prompt):
            for node in [value, *value.find_all(kind="member_expression"), *value.find_all(kind="call_expression")]:
                name = _js_credential(node)
                if name:
                    yield line_of(node), name
                    break


def _js_values(node: SgNode) -> Iterator[SgNode]:
    """The values placed into a prompt's text: template substitutions and ``+`` operands."""
    kind = node.kind()
    if kind == "template_string":
        for child in node.children():
            if child.kind() == "template_substitution":
                yield from (c for c in child.children() if c.is_named())
    elif kind == "binary_expression":
        operator = node.field("operator")
        if operator is not None and operator.text() == "+":
            for side in (node.field("left"), node.field("right")):
                if side is not None:
                    yield from _js_values(side)
    elif kind == "parenthesized_expression":
        for child in node.children():
            if child.is_named():
                yield from _js_values(child)
    elif kind != "string":
        yield node


def _js_credential(node: SgNode) -> str | None:
    """The credential name a value reads: ``process.env.X``, ``Deno.env.get("X")``,
    ``config.stripeSecretKey``, ``apiKey``."""
    kind = node.kind()
    if kind == "member_expression":
        prop = node.field("property")
        last = prop.text() if prop is not None else ""
        return node.text().replace(" ", "") if is_credential_name(last) else None
    if kind == "call_expression":
        function = node.field("function")
        args = node.field("arguments")
        if function is not None and function.text().replace(" ", "") == "Deno.env.get" and args is not None:
            first = next((a for a in args.children() if a.is_named()), None)
            name = string_value(first)
            return name if name and is_credential_name(name) else None
        return None
    if kind == "identifier":
        return node.text() if is_credential_name(node.text()) else None
    return None
