"""Environment variables the application reads, found in the parsed code: Python
``os.environ[...]``, ``os.getenv``, ``os.environ.get``, django-environ ``env("X")``,
python-decouple ``config("X")`` and Pydantic ``BaseSettings`` fields; JavaScript/TypeScript
``process.env.X``, ``process.env["X"]``, ``const { X } = process.env``, ``import.meta.env.X``
and Deno ``Deno.env.get("X")``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ast_grep_py import SgNode

from readycheck.analysis.js import JsProject, arguments, line_of, string_value
from readycheck.analysis.python import PythonProject, dotted, keyword
from readycheck.analysis.python import string_value as py_string
from readycheck.repository import is_test_path


@dataclass(frozen=True, kw_only=True)
class EnvRead:
    """One read of environment variable ``name`` at ``path:line`` (1-based); ``has_default``
    when the code falls back to a value of its own (``os.getenv("X", "10")``,
    ``process.env.X ?? "10"``, a settings field with a default), so the app runs without it;
    ``default`` is that fallback when it is a string literal (also ``os.getenv("X") or "10"``)."""

    name: str
    path: str
    line: int
    has_default: bool = False
    default: str | None = None  # the fallback when it is a string literal


_PY_GETTERS = frozenset({"os.getenv", "os.environ.get", "environ.get", "getenv", "env", "config"})
# Vite's own import.meta.env values (https://vite.dev/guide/env-and-mode).
VITE_BUILTINS = frozenset({"DEV", "PROD", "MODE", "BASE_URL", "SSR"})
_ENV_TYPED = frozenset({"str", "bool", "int", "float", "list", "dict", "url", "db", "json", "path"})


def _python(project: PythonProject) -> list[EnvRead]:
    found: list[EnvRead] = []
    for module in project.index.by_path.values():
        path = module.source.path
        if is_test_path(path):
            continue
        settings_classes = set()
        # os.getenv("X") or "fallback": the call's id -> the fallback literal
        or_defaults = {
            id(node.values[0]): py_string(node.values[-1])
            for node in ast.walk(module.tree)
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and isinstance(node.values[0], ast.Call)
        }
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call):
                name = dotted(node.func) or ""
                typed = name.startswith("env.") and name.split(".", 1)[1] in _ENV_TYPED
                if (name in _PY_GETTERS or typed) and node.args:
                    value = py_string(node.args[0])
                    if value and value.replace("_", "").isalnum():
                        default = node.args[1] if len(node.args) > 1 else keyword(node, "default")
                        literal = py_string(default) if default is not None else or_defaults.get(id(node))
                        found.append(
                            EnvRead(
                                name=value,
                                path=path,
                                line=node.lineno,
                                has_default=_meaningful(default) or bool(literal),
                                default=literal or None,
                            )
                        )
            elif isinstance(node, ast.Subscript) and dotted(node.value) in {"os.environ", "environ"}:
                value = py_string(node.slice)
                if value:
                    found.append(EnvRead(name=value, path=path, line=node.lineno))
            elif isinstance(node, ast.ClassDef) and any((dotted(b) or "").endswith("BaseSettings") for b in node.bases):
                settings_classes.add(node.name)
                prefix = _env_prefix(node)
                for statement in node.body:
                    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                        if statement.target.id.startswith("_") or statement.target.id == "model_config":
                            continue
                        found.append(
                            EnvRead(
                                name=(prefix + statement.target.id).upper(),
                                path=path,
                                line=statement.lineno,
                                has_default=_meaningful(statement.value),
                                default=_field_default(statement.value),
                            )
                        )
    return found


def _field_default(value: ast.expr | None) -> str | None:
    """The string literal a settings field falls back to: ``X: str = "v"``,
    ``X: SecretStr = SecretStr("v")``, ``X: str = Field("v")`` or ``Field(default="v")``."""
    if value is None:
        return None
    if isinstance(value, ast.Call) and (dotted(value.func) or "").rsplit(".", 1)[-1] in {"Field", "SecretStr"}:
        inner = value.args[0] if value.args else keyword(value, "default")
        return py_string(inner) if inner is not None else None
    return py_string(value) or None


def _meaningful(default: ast.expr | None) -> bool:
    """A default that lets the app run: anything but nothing, ``None`` or ``""``."""
    if default is None:
        return False
    return not (isinstance(default, ast.Constant) and default.value in (None, ""))


def _js_read(name: str, path: str, node: SgNode) -> EnvRead:
    """The read of ``name`` at ``node``, with its fallback when the read is the left side of
    ``||`` or ``??`` and the right side is not empty (``""``, ``undefined``, ``null``)."""
    parent = node.parent()
    fallback = None
    if parent is not None and parent.kind() == "binary_expression":
        operator, left, right = parent.field("operator"), parent.field("left"), parent.field("right")
        if operator is not None and left is not None and right is not None and operator.text() in {"||", "??"}:
            if left.range() == node.range() and right.text() not in {'""', "''", "undefined", "null"}:
                fallback = right
    return EnvRead(
        name=name,
        path=path,
        line=line_of(node),
        has_default=fallback is not None,
        default=string_value(fallback) or None,
    )


def _env_prefix(cls: ast.ClassDef) -> str:
    for node in ast.walk(cls):
        if isinstance(node, ast.keyword) and node.arg == "env_prefix":
            return py_string(node.value) or ""
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "env_prefix" for t in node.targets):
            return py_string(node.value) or ""
    return ""


def _js(project: JsProject) -> list[EnvRead]:
    found: list[EnvRead] = []
    for path, module in project.modules.items():
        if is_test_path(path):
            continue
        for member in module.root.find_all(kind="member_expression"):
            obj, prop = member.field("object"), member.field("property")
            if obj is None or prop is None:
                continue
            where = obj.text().replace(" ", "")
            if where in {"process.env", "import.meta.env"}:
                if where == "import.meta.env" and prop.text() in VITE_BUILTINS:
                    continue
                found.append(_js_read(prop.text(), path, member))
        for subscript in module.root.find_all(kind="subscript_expression"):
            obj, index = subscript.field("object"), subscript.field("index")
            if obj is not None and obj.text().replace(" ", "") == "process.env":
                value = string_value(index)
                if value:
                    found.append(_js_read(value, path, subscript))
        for call in module.root.find_all(kind="call_expression"):
            function = call.field("function")
            if function is not None and function.text().replace(" ", "") == "Deno.env.get":
                args = arguments(call)
                value = string_value(args[0]) if args else None
                if value:
                    found.append(_js_read(value, path, call))
        for declarator in module.root.find_all(kind="variable_declarator"):
            pattern, value_node = declarator.field("name"), declarator.field("value")
            if pattern is None or value_node is None or pattern.kind() != "object_pattern":
                continue
            if value_node.text().replace(" ", "") != "process.env":
                continue
            for child in pattern.named_children():
                key = child.field("key") if child.kind() == "pair_pattern" else child
                if key is not None and key.kind() in {"shorthand_property_identifier_pattern", "property_identifier"}:
                    found.append(EnvRead(name=key.text(), path=path, line=line_of(child)))
    return found


def env_reads(python: PythonProject, js: JsProject) -> list[EnvRead]:
    """Every environment read of the application code (tests left out), sorted by path and
    line."""
    reads = _python(python) + _js(js)
    return sorted(reads, key=lambda r: (r.path, r.line, r.name))
