"""What the unbounded-endpoint checks share: the server code to read (Python and JS/TS modules
that are not tests and do not ship to the browser) and the endpoint a line belongs to."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ast_grep_py import SgNode

from readycheck.analysis.calls import CallSite, js_calls, llm_caps, python_calls
from readycheck.checks.base import CheckContext, NotApplicable
from readycheck.model import EndpointRef, Finding
from readycheck.repository import is_test_path


@dataclass(frozen=True, kw_only=True)
class ServerModule:
    """One parsed server-side module: ``path`` and exactly one of ``python`` (an ``ast``
    module) or ``js`` (an ast-grep root)."""

    path: str
    python: ast.Module | None = None
    js: SgNode | None = None

    def calls(self) -> Iterator[CallSite]:
        """Every call of the module (:mod:`readycheck.analysis.calls`)."""
        if self.python is not None:
            return python_calls(self.python)
        assert self.js is not None
        return js_calls(self.js)


def uses_llm(modules: Iterable[ServerModule]) -> bool:
    """True when any of ``modules`` calls an LLM API."""
    return any(llm_caps(call) is not None for module in modules for call in module.calls())


def server_modules(ctx: CheckContext) -> Iterator[ServerModule]:
    """Parsed Python and JS/TS modules that run on a server: test files and browser code
    (:mod:`readycheck.analysis.browser`) are left out; files that did not parse are copied into
    the run's not-checked notes.

    Raises:
        NotApplicable: the repository has no Python or JS/TS code.
    """
    python, js = ctx.models.python, ctx.models.js
    ctx.note_unchecked(python.not_checked)
    ctx.note_unchecked(js.not_checked)
    if not python.index.by_path and not js.modules and not python.not_checked and not js.not_checked:
        raise NotApplicable("no Python or JavaScript/TypeScript code")
    browser = ctx.models.browser
    for path, module in sorted(python.index.by_path.items()):
        if not is_test_path(path):
            yield ServerModule(path=path, python=module.tree)
    for path, js_module in sorted(js.modules.items()):
        if not is_test_path(path) and path not in browser:
            yield ServerModule(path=path, js=js_module.root)


def endpoint_finding(ctx: CheckContext, *, path: str, line: int, message: str, **kwargs: Any) -> Finding:
    """A finding at ``path:line`` that names the endpoint whose handler it is inside: the
    message gets `` in METHOD /route`` and the finding its ``endpoint``. ``kwargs`` go to
    :meth:`CheckContext.finding` (severity, confidence, ...)."""
    ref = ctx.models.handlers.at(path, line)
    return ctx.finding(path=path, line=line, message=message + where(ref), endpoint=ref, **kwargs)


def where(ref: EndpointRef | None) -> str:
    """`` in GET /api/items`` for a message, or an empty string."""
    return f" in {ref.method} {ref.route}" if ref else ""
