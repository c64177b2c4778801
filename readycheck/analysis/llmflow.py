"""Where the text an LLM writes goes: model output followed, inside a function or through one
return hop, into a sink that runs, renders or fetches it (OWASP LLM05:2025 Improper Output
Handling).

A *source* is a call that returns what a model wrote:

- Python: an LLM API call (:func:`readycheck.analysis.calls.llm_caps`: OpenAI, Anthropic,
  Gemini, LiteLLM), ``.invoke``/``.ainvoke``/``.predict``/``.run``/``.stream`` on a name bound
  to a LangChain chat model, chain (``prompt | llm``) or agent, OpenAI Agents SDK
  ``Runner.run``/``run_sync``, CrewAI ``kickoff``, ``ollama.chat``/``ollama.generate``;
- JS/TS: an LLM API call (OpenAI, Anthropic, Vercel AI SDK ``generateText``/``generateObject``),
  ``.invoke``/``.call`` on a name bound to ``new ChatOpenAI(...)``-style LangChain models, and in
  browser code the Vercel AI SDK hooks ``useChat``/``useCompletion``/``useObject``/``useAssistant``;
- a call to a function of the repository that returns model output (the one return hop).

Model output is followed through assignments, destructuring, ``for`` loops and ``.map``-style
callbacks, in source order. It stops at a sanitiser (``html.escape``, ``bleach.clean``,
``shlex.quote``, ``DOMPurify.sanitize``, ``sanitizeHtml``, ``int()``...). A sink inside an ``if``
that compares the value with something (``if cmd in ALLOWED``), or after such a guard that
returns or raises, counts as checked and is left out.

Sinks (CWE from MITRE's list): code (``eval``/``exec``/``new Function``/``vm``, CWE-94), shell
(``subprocess``, ``os.system``, ``child_process``, CWE-78), SQL text (``execute`` of a built
string, ``text()``, Prisma ``$queryRawUnsafe``, ``sql.raw``, CWE-89), deserialisation
(``pickle.loads``, ``yaml.load`` without a safe loader, CWE-502), HTML (``innerHTML``,
``dangerouslySetInnerHTML``, ``document.write``, ``Markup``/``mark_safe``,
``render_template_string``, ``HTMLResponse``, Streamlit ``unsafe_allow_html``, CWE-79), file
paths (``open``, ``Path``, ``fs.*``, ``send_file``, CWE-22) and URLs fetched by the server
(``requests``/``httpx``/``urlopen``/``fetch``/``axios``, CWE-918).

Not covered: Vue ``v-html`` and Svelte ``{@html}`` templates (not parsed), flows through object
fields or across more than one function boundary.
"""

from __future__ import annotations

import ast
import bisect
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.agents import Tool, classify
from readycheck.analysis.calls import LLM_CALLS, CallSite, js_calls, llm_caps, python_call_site
from readycheck.analysis.js import (
    JsModule,
    JsProject,
    arguments,
    bound_names,
    end_line_of,
    identifiers,
    imports_of,
    imports_package,
    line_of,
    parameters,
)
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.jssymbols import JsValue, symbols_of, unwrap
from readycheck.analysis.python import PyModule, PythonProject, dotted, names_in, string_value
from readycheck.model import Hop
from readycheck.repository import is_test_path


class SinkKind(enum.StrEnum):
    """What a sink does with the text it is given; the value is the phrase used in messages."""

    CODE = "runs it as code"
    SHELL = "runs it as a shell command"
    SQL = "runs it as SQL"
    DESERIALISE = "deserialises it into objects"
    HTML = "renders it as HTML"
    PATH = "uses it as a file path"
    URL = "fetches it as a URL from the server"
    RECORD = "writes it as data with no schema check"
    DECISION = "decides what to change from it with no schema check"

    @property
    def cwe(self) -> str:
        """The CWE id of the weakness (MITRE CWE list, version 4.x)."""
        return _CWE[self]

    @property
    def severe(self) -> bool:
        """True for sinks that run what they are given (code, shell, SQL, deserialisation)."""
        return self in {SinkKind.CODE, SinkKind.SHELL, SinkKind.SQL, SinkKind.DESERIALISE}

    @property
    def unvalidated(self) -> bool:
        """True for uses of model JSON parsed without a schema (RC807), not injection sinks."""
        return self in {SinkKind.RECORD, SinkKind.DECISION}


_CWE = {
    SinkKind.CODE: "CWE-94",
    SinkKind.SHELL: "CWE-78",
    SinkKind.SQL: "CWE-89",
    SinkKind.DESERIALISE: "CWE-502",
    SinkKind.HTML: "CWE-79",
    SinkKind.PATH: "CWE-22",
    SinkKind.URL: "CWE-918",
    SinkKind.RECORD: "CWE-20",
    SinkKind.DECISION: "CWE-20",
}


@dataclass(frozen=True, kw_only=True)
class Flow:
    """Model output reaching a sink: ``hops`` go from the source call through each assignment
    to the sink (``path:line`` and a note each, the sink last); ``returned`` is True when the
    source is a repository function that returns model output (one hop across functions);
    ``sink_name`` is the name that held the value at the sink (internal: it tells a sink
    reached from a wrapper's parameter apart)."""

    kind: SinkKind
    path: str
    line: int
    sink: str
    hops: tuple[Hop, ...]
    returned: bool = False
    sink_name: str | None = field(default=None, compare=False, repr=False)


@dataclass
class LlmFlows:
    """Every flow found, and the number of functions that hold model output (0 means the
    repository has no LLM call the analysis recognises)."""

    flows: list[Flow] = field(default_factory=list)
    scopes_with_output: int = 0


# --- shared vocabulary -----------------------------------------------------------------------

# Python packages whose import makes a module worth reading (top-level names).
PY_LLM_PACKAGES = frozenset(
    {
        "openai",
        "anthropic",
        "langchain",
        "langchain_core",
        "langchain_openai",
        "langchain_anthropic",
        "langchain_community",
        "langchain_google_genai",
        "langchain_ollama",
        "langgraph",
        "litellm",
        "ollama",
        "groq",
        "mistralai",
        "cohere",
        "agents",
        "crewai",
        "llama_index",
        "pydantic_ai",
        "google",
        "instructor",
    }
)
JS_LLM_PACKAGES = (
    "ai",
    "@ai-sdk/",
    "openai",
    "@anthropic-ai/sdk",
    "@langchain/",
    "langchain",
    "@google/generative-ai",
    "@google/genai",
    "groq-sdk",
    "ollama",
    "@mistralai/mistralai",
    "@openai/agents",
)
# Methods that return what the model wrote, on a model, chain or agent object (LangChain
# invoke/predict/run/batch, CrewAI kickoff, LlamaIndex complete/chat).
_PY_RUN_METHODS = frozenset(
    {
        "invoke",
        "ainvoke",
        "predict",
        "apredict",
        "run",
        "arun",
        "batch",
        "abatch",
        "kickoff",
        "kickoff_async",
        "complete",
        "acomplete",
        "chat",
        "achat",
    }
)
_PY_LLM_FACTORIES = frozenset(
    {
        "init_chat_model",
        "create_react_agent",
        "create_agent",
        "AgentExecutor",
        "initialize_agent",
        "Crew",
        "with_structured_output",
        "bind_tools",
        "bind",
        "with_retry",
        "with_config",
    }
)
_PY_DIRECT_SOURCES = frozenset({"Runner.run", "Runner.run_sync", "ollama.chat", "ollama.generate"})
# Last names of every call that can be a source (LLM API calls, run methods, direct sources).
_PY_SOURCE_NAMES = frozenset(
    {k.rsplit(".", 1)[-1] for k in LLM_CALLS}
    | {"completion", "acompletion", "create", "chat", "generate", "run_sync", "run_streamed"}
    | _PY_RUN_METHODS
)
_PY_SANITISERS = frozenset(
    {
        "html.escape",
        "escape",
        "markupsafe.escape",
        "bleach.clean",
        "clean",
        "nh3.clean",
        "shlex.quote",
        "quote",
        "secure_filename",
        "os.path.basename",
        "int",
        "float",
        "bool",
        "len",
        "urllib.parse.quote",
        "quote_plus",
    }
)
_JS_SANITISERS = (
    "DOMPurify.sanitize",
    "purify.sanitize",
    "sanitizeHtml",
    "sanitize(",
    "escapeHtml",
    "escape(",
    "encodeURIComponent",
    "xss(",
    "parseInt",
    "Number(",
    "filterXSS",
)
_JS_HOOKS = frozenset({"useChat", "useCompletion", "useObject", "experimental_useObject", "useAssistant"})
_JS_RUN_METHODS = frozenset({"invoke", "call", "predict", "batch"})
_JS_ITERATORS = frozenset({"map", "forEach", "flatMap", "filter", "find", "some", "every", "reduce"})


# Calls that turn model text into data, and calls that check data against a schema (Pydantic
# model_validate / parse_obj / parse_raw / TypeAdapter, jsonschema.validate, marshmallow load;
# zod parse / safeParse, valibot parse, ajv validate).
_PY_PARSERS = frozenset(
    {"json.loads", "json.load", "orjson.loads", "ujson.loads", "yaml.safe_load", "ast.literal_eval"}
)
_PY_VALIDATORS = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "parse_obj",
        "parse_raw",
        "validate_python",
        "validate_json",
        "validate",
        "load",
        "loads",
    }
)
_JS_VALIDATORS = frozenset({"parse", "safeParse", "parseAsync", "safeParseAsync", "validate", "validateSync"})


def _py_validates(value: ast.expr) -> bool:
    """A schema check inside ``value`` (``Answer.model_validate(...)``, ``Answer(**data)`` with a
    class name, ``jsonschema.validate(...)``)."""
    for node in ast.walk(value):
        if not isinstance(node, ast.Call):
            continue
        callee = dotted(node.func) or ""
        last = callee.rsplit(".", 1)[-1]
        if "." in callee and last in _PY_VALIDATORS and callee not in _PY_PARSERS:
            return True
        if last[:1].isupper() and any(kw.arg is None for kw in node.keywords):
            return True  # Model(**data): a Pydantic or dataclass constructor
    return False


def _py_parses(value: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and (dotted(n.func) or "") in _PY_PARSERS for n in ast.walk(value))


def _sanitised_py(value: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and (dotted(n.func) or "") in _PY_SANITISERS for n in ast.walk(value))


# --- Python ----------------------------------------------------------------------------------


def _py_llm_names(tree: ast.Module, imports: Mapping[str, str] | None = None) -> set[str]:
    """Dotted names bound in ``tree`` to a LangChain chat model, chain or agent, or to a
    LlamaIndex LLM (a class imported from ``llama_index.llms``; ``imports``: local name →
    dotted target, as :attr:`readycheck.analysis.python.PyModule.imports`)."""
    names: set[str] = set()
    llama = {local for local, target in (imports or {}).items() if target.startswith("llama_index.llms.")}
    assigns = [n for n in ast.walk(tree) if isinstance(n, ast.Assign | ast.AnnAssign) and n.value is not None]
    for _ in range(2):  # chains built from earlier names: llm = ChatOpenAI(); chain = prompt | llm
        for node in assigns:
            value = node.value
            assert value is not None
            made_by_llama = isinstance(value, ast.Call) and (dotted(value.func) or "") in llama
            if made_by_llama or _py_llm_value(value, names):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t for t in (dotted(target) for target in targets) if t)
    return names


def _py_llm_value(value: ast.expr, names: set[str]) -> bool:
    if isinstance(value, ast.Await):
        value = value.value
    if isinstance(value, ast.Call):
        callee = dotted(value.func) or ""
        last = callee.rsplit(".", 1)[-1]
        if (last.startswith("Chat") and last[4:5].isupper()) or last in _PY_LLM_FACTORIES - {"bind", "with_config"}:
            return True
        if isinstance(value.func, ast.Attribute) and last in _PY_LLM_FACTORIES:
            return (dotted(value.func.value) or "") in names
        return False
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.BitOr):
        return any(isinstance(n, ast.Name | ast.Attribute) and (dotted(n) or "") in names for n in ast.walk(value))
    return False


@dataclass
class _PyScope:
    """Model output held by the names of one function, with the hops that led to each;
    ``param_of`` maps a name to the parameter it came from (when reading for sink wrappers)."""

    path: str
    tainted: dict[str, tuple[Hop, ...]] = field(default_factory=dict)
    returns: tuple[Hop, ...] | None = None
    returned: set[str] = field(default_factory=set)
    param_of: dict[str, int] = field(default_factory=dict)
    parsed: set[str] = field(default_factory=set)
    from_tool: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Taint:
    hops: tuple[Hop, ...]
    returned: bool
    name: str | None = None
    parsed: bool = False  # a function's return value parsed from model JSON with no schema


@dataclass(frozen=True)
class _ParamSink:
    """A function parameter that reaches a sink inside the function: the hops from the
    parameter to the sink, and the sink."""

    hops: tuple[Hop, ...]
    kind: SinkKind
    path: str
    line: int
    sink: str


def _py_param_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    return names[1:] if names and names[0] in {"self", "cls"} else names


class _PyReader:
    """Reads the functions of the Python modules worth reading; see :func:`build_llm_flows`."""

    def __init__(self, project: PythonProject) -> None:
        self.project = project
        self.returning: dict[tuple[str, str], tuple[Hop, ...]] = {}
        self.param_sinks: dict[tuple[str, str], dict[int, _ParamSink]] = {}
        self.returning_parsed: set[tuple[str, str]] = set()
        self.tools: dict[tuple[str, int], Tool] = {}
        self.scopes = 0

    def _key(self, module: PyModule, func: ast.expr) -> tuple[str, str] | None:
        """(defining path, name) of a called repository function: a name of the module or an
        imported one, or a ``self.method``/``cls.method`` of the same module."""
        if isinstance(func, ast.Name):
            target = self.project.index.resolve(module, func.id)
            return (target[0].path, target[1]) if target else (module.path, func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in {"self", "cls"}:
            return module.path, func.attr
        return None

    def source_hop(self, node: ast.expr, module: PyModule, llm: set[str], sites: dict[int, CallSite]) -> _Taint | None:
        """The hops of the first source call inside ``node`` (and whether it is a return hop)."""
        path = module.path
        for sub in ast.walk(node):
            if not isinstance(sub, ast.Call):
                continue
            callee = dotted(sub.func) or ""
            site = sites.get(id(sub))
            if site is None:
                site = sites[id(sub)] = python_call_site(sub)
            direct = (
                llm_caps(site) is not None
                or callee in _PY_DIRECT_SOURCES
                or callee.endswith(tuple("." + s for s in _PY_DIRECT_SOURCES))
                or (
                    isinstance(sub.func, ast.Attribute)
                    and sub.func.attr in _PY_RUN_METHODS
                    and (dotted(sub.func.value) or "") in llm
                )
            )
            if direct:
                return _Taint(
                    (Hop(path=path, line=sub.lineno, note=f"{callee}() returns what the model wrote"),), False
                )
            key = self._key(module, sub.func)
            chain = self.returning.get(key) if key else None
            if chain is not None:
                hop = Hop(path=path, line=sub.lineno, note=f"{callee}() returns model output")
                return _Taint((*chain, hop), True, parsed=key in self.returning_parsed)
        return None

    def _may_source(self, module: PyModule, call: ast.Call, llm: set[str]) -> bool:
        """A call that could return model output or take it into a sink wrapper (by name)."""
        func = call.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if last in _PY_SOURCE_NAMES:
            return True
        if not (self.returning or self.param_sinks):
            return False
        key = self._key(module, func)
        return key is not None and (key in self.returning or key in self.param_sinks)

    def taint_of(
        self, node: ast.expr, scope: _PyScope, module: PyModule, llm: set[str], sites: dict[int, CallSite]
    ) -> _Taint | None:
        """How ``node`` holds model output (or a parameter, for sink wrappers), or None."""
        if _sanitised_py(node):
            return None
        held = names_in(node) & scope.tainted.keys()
        if held:
            name = sorted(held)[0]
            return _Taint(scope.tainted[name], name in scope.returned, name)
        return self.source_hop(node, module, llm, sites)

    @staticmethod
    def scopes_of(module: PyModule) -> Iterator[ast.Module | ast.FunctionDef | ast.AsyncFunctionDef]:
        """The module's top-level code (scripts, Streamlit apps) and each of its functions."""
        yield module.tree
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield node

    def _bind(self, scope: _PyScope, names: list[str], found: _Taint, line: int, value: ast.expr | None = None) -> None:
        parsed = (
            value is not None
            and not _py_validates(value)
            and (_py_parses(value) or found.parsed or (found.name is not None and found.name in scope.parsed))
        )
        for name in names:
            note = f"{name} holds it" + (" parsed from JSON, no schema" if parsed and name not in scope.parsed else "")
            scope.tainted[name] = (*found.hops, Hop(path=scope.path, line=line, note=note))
            if found.returned:
                scope.returned.add(name)
            if found.name is not None and found.name in scope.param_of:
                scope.param_of[name] = scope.param_of[found.name]
            if parsed:
                scope.parsed.add(name)
            else:
                scope.parsed.discard(name)
            if found.name is not None and found.name in scope.from_tool:
                scope.from_tool.add(name)

    def read(
        self,
        module: PyModule,
        fn: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef,
        llm: set[str],
        wrappers: bool = False,
    ) -> Iterator[Flow]:
        """The flows of one scope; sets :attr:`returning` when a function returns model output.
        With ``wrappers``, reads a function for parameters that reach a sink instead (sets
        :attr:`param_sinks`, yields nothing)."""
        scope = _PyScope(path=module.path)
        if wrappers:
            if isinstance(fn, ast.Module):
                return
            for index, name in enumerate(_py_param_names(fn)):
                scope.tainted[name] = (Hop(path=module.path, line=fn.lineno, note=f"{fn.name}() takes it as {name}"),)
                scope.param_of[name] = index
        tool = None
        if not wrappers and isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            tool = self.tools.get((module.path, fn.lineno))
            for name in tool.params if tool is not None else ():
                note = f"the model fills in {name} of tool {tool.name}"  # type: ignore[union-attr]
                scope.tainted[name] = (Hop(path=module.path, line=fn.lineno, note=note),)
                scope.from_tool.add(name)
        nodes = list(_walk_outside_defs(fn)) if isinstance(fn, ast.Module) else list(ast.walk(fn))
        calls = [n for n in nodes if isinstance(n, ast.Call)]
        # Cheap tests first: a wrapper needs a sink, any other scope a call that may be a source.
        if wrappers and not any(_py_sink(c) is not None for c in calls):
            return
        if not wrappers and tool is None and not any(self._may_source(module, c, llm) for c in calls):
            return
        sites: dict[int, CallSite] = {}
        events = sorted(
            (n for n in nodes if isinstance(n, ast.Assign | ast.AnnAssign | ast.For | ast.Return | ast.Call | ast.If)),
            key=lambda n: (n.lineno, n.col_offset, 0 if isinstance(n, ast.Call) else 1),
        )
        guards = _Guards(fn)
        for node in events:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                found = self.taint_of(node.value, scope, module, llm, sites)
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if found:
                    self._bind(scope, [n for t in targets for n in _py_target_names(t)], found, node.lineno, node.value)
            elif isinstance(node, ast.For):
                found = self.taint_of(node.iter, scope, module, llm, sites)
                if found:
                    self._bind(scope, _py_target_names(node.target), found, node.lineno, node.iter)
            elif isinstance(node, ast.Return) and node.value is not None:
                found = self.taint_of(node.value, scope, module, llm, sites)
                if found and not found.returned and scope.returns is None and not isinstance(fn, ast.Module):
                    if found.name is None or found.name not in scope.param_of:
                        note = f"{fn.name}() returns it"
                        scope.returns = (*found.hops, Hop(path=module.path, line=node.lineno, note=note))
                        if not _py_validates(node.value) and (
                            _py_parses(node.value) or (found.name is not None and found.name in scope.parsed)
                        ):
                            self.returning_parsed.add((module.path, fn.name))
            elif isinstance(node, ast.If):
                if not wrappers and scope.parsed:
                    yield from self._decision(node, scope, module)
            elif isinstance(node, ast.Call):
                if not wrappers and scope.parsed:
                    yield from self._record(node, scope, module)
                yield from self._call(node, scope, module, llm, sites, guards, wrappers, fn)
        if wrappers:
            return
        if scope.returns is not None and not isinstance(fn, ast.Module):
            self.returning[(module.path, fn.name)] = scope.returns
        if scope.tainted or scope.returns is not None:
            self.scopes += 1

    def _record(self, call: ast.Call, scope: _PyScope, module: PyModule) -> Iterator[Flow]:
        """A write (record, payment, message) given fields of model JSON parsed without a
        schema; a schema check of the value clears it."""
        held = {n for a in [*call.args, *(kw.value for kw in call.keywords)] for n in names_in(a)} & scope.parsed
        if not held:
            return
        if _py_validates(call):
            scope.parsed.difference_update(held)
            return
        action = classify(python_call_site(call), module.path)
        if action is None or action.what.startswith("runs"):
            return
        name = sorted(held)[0]
        hops = (*scope.tainted[name], Hop(path=module.path, line=call.lineno, note=f"{action.callee}() {action.what}"))
        yield Flow(kind=SinkKind.RECORD, path=module.path, line=call.lineno, sink=action.callee + "()", hops=hops)

    def _decision(self, node: ast.If, scope: _PyScope, module: PyModule) -> Iterator[Flow]:
        """An ``if`` on model JSON parsed without a schema whose branch changes something."""
        held = names_in(node.test) & scope.parsed
        if not held:
            return
        for sub in (n for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Call)):
            action = classify(python_call_site(sub), module.path)
            if action is not None:
                name = sorted(held)[0]
                hops = (
                    *scope.tainted[name],
                    Hop(path=module.path, line=node.lineno, note=f"the branch taken depends on {name}"),
                    Hop(path=module.path, line=sub.lineno, note=f"{action.callee}() {action.what}"),
                )
                yield Flow(kind=SinkKind.DECISION, path=module.path, line=node.lineno, sink="if", hops=hops)
                return

    def _call(
        self,
        node: ast.Call,
        scope: _PyScope,
        module: PyModule,
        llm: set[str],
        sites: dict[int, CallSite],
        guards: _Guards,
        wrappers: bool,
        fn: ast.AST,
    ) -> Iterator[Flow]:
        sink = _py_sink(node)
        if sink is None:
            if wrappers:
                return
            key = self._key(module, node.func)
            inner = self.param_sinks.get(key) if key else None
            if not inner:
                return
            callee = dotted(node.func) or "the function"
            for index, arg in enumerate(node.args):
                found = self.taint_of(arg, scope, module, llm, sites) if index in inner else None
                if found is None or (found.name is not None and found.name in scope.param_of):
                    continue
                target = inner[index]
                hops = (
                    *found.hops,
                    Hop(path=module.path, line=node.lineno, note=f"passed to {callee}()"),
                    *target.hops,
                )
                yield Flow(
                    kind=target.kind, path=target.path, line=target.line, sink=target.sink, hops=hops, returned=True
                )
            return
        kind, arg, text = sink
        found = self.taint_of(arg, scope, module, llm, sites)
        if found is None or guards.cover(node.lineno, scope.tainted.keys()):
            return
        if found.name in scope.from_tool and kind not in TOOL_ARGUMENT_SINKS:
            return  # a tool that runs its argument as code, shell or SQL is RC801's
        hops = (*found.hops, Hop(path=module.path, line=node.lineno, note=f"{text} {kind.value}"))
        if wrappers:
            position = scope.param_of.get(found.name) if found.name is not None else None
            if position is not None and isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                entry = _ParamSink(hops=hops, kind=kind, path=module.path, line=node.lineno, sink=text)
                self.param_sinks.setdefault((module.path, fn.name), {}).setdefault(position, entry)
            return
        yield Flow(kind=kind, path=module.path, line=node.lineno, sink=text, hops=hops, returned=found.returned)


def _walk_outside_defs(tree: ast.Module) -> Iterator[ast.AST]:
    """The nodes of ``tree`` outside function and class bodies."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _py_target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Tuple | ast.List):
        return [n for t in target.elts for n in _py_target_names(t)]
    name = dotted(target)
    return [name] if name else []


# What the arguments of an LLM tool are followed to: a path or a URL the server opens (running
# them as code, shell or SQL is a high-impact action, RC801's).
TOOL_ARGUMENT_SINKS = frozenset({SinkKind.PATH, SinkKind.URL})

_PY_SHELL = frozenset(
    {
        "os.system",
        "os.popen",
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "asyncio.create_subprocess_shell",
        "asyncio.create_subprocess_exec",
    }
)
_PY_SQL_METHODS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "raw", "fetch", "fetchrow", "fetchval", "mogrify"}
)
_PY_HTTP = ("requests.", "httpx.", "urllib.request.urlopen", "urlopen", "aiohttp.request")
_PY_PATHS = frozenset(
    {"open", "Path", "pathlib.Path", "os.remove", "os.unlink", "shutil.rmtree", "send_file", "FileResponse", "os.open"}
)


def _py_sink(call: ast.Call) -> tuple[SinkKind, ast.expr, str] | None:
    """(kind, the argument that must not be model output, the callee as written) of a sink."""
    callee = dotted(call.func) or ""
    last = callee.rsplit(".", 1)[-1]
    first = call.args[0] if call.args else None

    def option(name: str) -> ast.expr | None:
        return next((kw.value for kw in call.keywords if kw.arg == name), None)

    if callee in {"eval", "exec", "compile", "builtins.eval", "builtins.exec"} and first is not None:
        return SinkKind.CODE, first, callee + "()"
    if callee in _PY_SHELL and (first is not None or option("args") is not None):
        return SinkKind.SHELL, first if first is not None else option("args"), callee + "()"  # type: ignore[return-value]
    if callee in {"pickle.loads", "marshal.loads", "dill.loads"} and first is not None:
        return SinkKind.DESERIALISE, first, callee + "()"
    if callee == "yaml.load" and first is not None:
        loader = dotted(option("Loader")) or ""
        if "Safe" not in loader:
            return SinkKind.DESERIALISE, first, callee + "()"
    if isinstance(call.func, ast.Attribute) and last in _PY_SQL_METHODS and first is not None:
        if _py_built_string(first) or isinstance(first, ast.Name):
            return SinkKind.SQL, first, callee + "()"
    if callee in {"text", "sqlalchemy.text", "sa.text"} and first is not None:
        return SinkKind.SQL, first, callee + "()"
    if last in {"Markup", "mark_safe", "render_template_string", "HTMLResponse", "html"} and first is not None:
        if last != "html" or callee in {"st.html", "streamlit.html"}:
            return SinkKind.HTML, first, callee + "()"
    if callee in {"HttpResponse", "django.http.HttpResponse"} and first is not None:
        content_type = option("content_type")
        if content_type is None or "html" in (string_value(content_type) or "html"):
            return SinkKind.HTML, first, callee + "()"
    if last in {"markdown", "write"} and callee.startswith(("st.", "streamlit.")) and first is not None:
        unsafe = option("unsafe_allow_html")
        if isinstance(unsafe, ast.Constant) and unsafe.value is True:
            return SinkKind.HTML, first, callee + "(unsafe_allow_html=True)"
    if callee in _PY_PATHS and first is not None:
        return SinkKind.PATH, first, callee + "()"
    if callee.startswith(_PY_HTTP) and last in {"get", "post", "put", "patch", "delete", "head", "request", "urlopen"}:
        url = option("url") or (call.args[1] if last == "request" and len(call.args) > 1 else first)
        if url is not None and not _fixed_host(_py_url_prefix(url)):
            return SinkKind.URL, url, callee + "()"
    return None


def _fixed_host(prefix: str | None) -> bool:
    """A URL whose literal start names the scheme, host and a ``/`` after it
    (``https://api.open-meteo.com/v1/forecast?lat=``): what follows cannot change the host, so
    a value put there is no request forgery."""
    if not prefix or not prefix.startswith(("http://", "https://")):
        return False
    return "/" in prefix.split("//", 1)[1]


def _py_url_prefix(node: ast.expr) -> str | None:
    """The literal text a URL expression starts with: an f-string's first part, the left of a
    ``+``, the format string of ``.format``."""
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _py_url_prefix(node.left) if not isinstance(node.left, ast.Constant) else str(node.left.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return string_value(node.func.value)
    return None


def _py_built_string(node: ast.expr) -> bool:
    """An f-string, ``+``/``%`` concatenation or ``.format()`` call."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def _py_guards(fn: ast.AST) -> list[tuple[int, int, frozenset[str]]]:
    """(first line, last line, names compared) of ``if`` blocks whose test compares a value
    (``in``/``not in``/``==``), and of the rest of the function after an ``if`` that returns or
    raises on such a comparison."""
    guards: list[tuple[int, int, frozenset[str]]] = []
    end = getattr(fn, "end_lineno", None) or 10**9
    for node in ast.walk(fn):
        if not isinstance(node, ast.If):
            continue
        compared = frozenset(name for cmp in ast.walk(node.test) for name in _checked_names(cmp))
        if not compared:
            continue
        guards.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno, compared))
        if isinstance(node.body[-1], ast.Return | ast.Raise | ast.Continue):
            guards.append(((node.end_lineno or node.lineno) + 1, end, compared))
    return guards


def _checked_names(node: ast.AST) -> frozenset[str]:
    """Names a comparison checks against known values: the left side of ``x in ALLOWED`` /
    ``x not in ALLOWED``, either side of ``==``. A substring test (``"rm" in code``) is a
    block list, not a check, and gives nothing."""
    if not isinstance(node, ast.Compare):
        return frozenset()
    if any(isinstance(op, ast.Eq) for op in node.ops):
        return names_in(node)
    if any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
        return names_in(node.left)
    return frozenset()


class _Guards:
    """The comparison guards of a scope (:func:`_py_guards`), read on first use."""

    def __init__(self, fn: ast.AST) -> None:
        self.fn = fn
        self.found: list[tuple[int, int, frozenset[str]]] | None = None

    def cover(self, line: int, tainted: Iterable[str]) -> bool:
        """True when ``line`` is inside a guard that compares one of ``tainted``."""
        if self.found is None:
            self.found = _py_guards(self.fn)
        held = set(tainted)
        return any(first <= line <= last and names & held for first, last, names in self.found)


# --- JavaScript / TypeScript -----------------------------------------------------------------


def _js_llm_names(root: SgNode) -> set[str]:
    """Names bound to ``new ChatOpenAI(...)``-style LangChain models or ``initChatModel()``."""
    names: set[str] = set()
    for declarator in root.find_all(kind="variable_declarator"):
        name, value = declarator.field("name"), declarator.field("value")
        if name is None or value is None or name.kind() != "identifier":
            continue
        text = value.text().removeprefix("await ").lstrip()
        if text.startswith("new Chat") or text.startswith("initChatModel("):
            names.add(name.text())
    return names


def _outermost_functions(root: SgNode) -> list[SgNode]:
    nodes = sorted(_any_kind(root, _JS_FUNCTIONS), key=lambda n: n.range().start.index)
    outer: list[SgNode] = []
    end = -1
    for node in nodes:
        rng = node.range()
        if rng.start.index >= end:
            outer.append(node)
            end = rng.end.index
    return outer


_JS_FUNCTIONS = (
    "function_declaration",
    "function_expression",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
)
_JS_EVENT_KINDS = (
    "variable_declarator",
    "assignment_expression",
    "call_expression",
    "new_expression",
    "for_in_statement",
    "return_statement",
    "if_statement",
    "switch_statement",
)
_JSX_EVENT_KINDS = ("jsx_attribute", "jsx_opening_element", "jsx_self_closing_element")


@dataclass(frozen=True)
class _JsCall:
    start: int
    end: int
    node: SgNode
    callee: str
    direct: bool
    identifier: bool


class _JsFacts:
    """What one JS/TS module holds for the reader, computed in one pass over its tree: its
    outermost functions with their events in source order, and its calls (which are sources)."""

    def __init__(self, module: JsModule) -> None:
        root = module.root
        self.llm = _js_llm_names(root)
        self.sites = {_start(site.node): site for site in js_calls(root)}
        self.calls: list[_JsCall] = []
        for start, site in sorted(self.sites.items()):
            node = site.node
            assert isinstance(node, SgNode)
            function = node.field("function")
            if node.kind() != "call_expression" or function is None:
                continue
            last = site.callee.rsplit(".", 1)[-1]
            direct = (llm_caps(site) is not None and last not in {"streamText", "streamObject"}) or last in _JS_HOOKS
            if not direct and function.kind() == "member_expression":
                obj, prop = function.field("object"), function.field("property")
                direct = (
                    obj is not None and prop is not None and prop.text() in _JS_RUN_METHODS and obj.text() in self.llm
                )
            ident = function.kind() == "identifier"
            if direct or ident:
                self.calls.append(_JsCall(start, node.range().end.index, node, site.callee, direct, ident))
        self.starts = [c.start for c in self.calls]
        self.functions = _outermost_functions(root)
        nodes = _any_kind(root, (*_JS_EVENT_KINDS, *_JSX_EVENT_KINDS)) or _any_kind(root, _JS_EVENT_KINDS)
        nodes.sort(key=lambda n: n.range().start.index)
        bounds = [(f.range().start.index, f.range().end.index) for f in self.functions]
        firsts = [b[0] for b in bounds]
        self.events: dict[int, list[SgNode]] = {b[0]: [] for b in bounds}
        for node in nodes:
            at = node.range().start.index
            i = bisect.bisect_right(firsts, at) - 1
            if i >= 0 and at <= bounds[i][1]:
                self.events[bounds[i][0]].append(node)

    def calls_in(self, node: SgNode) -> list[_JsCall]:
        """Source-candidate calls inside ``node`` (itself included), in source order."""
        rng = node.range()
        i = bisect.bisect_left(self.starts, rng.start.index)
        found = []
        while i < len(self.calls) and self.calls[i].start <= rng.end.index:
            if self.calls[i].end <= rng.end.index:
                found.append(self.calls[i])
            i += 1
        return found


def _start(node: object) -> int:
    """The start offset of an ast-grep node (-1 for anything else)."""
    return node.range().start.index if isinstance(node, SgNode) else -1


def _any_kind(root: SgNode, kinds: tuple[str, ...]) -> list[SgNode]:
    """Every node of one of ``kinds`` in one traversal; empty when the grammar lacks one of
    them (JSX kinds in plain TypeScript)."""
    try:
        return list(root.find_all(any=[{"kind": k} for k in kinds]))
    except RuntimeError:  # ast-grep: the grammar has no such kind
        return []


_JS_SHELL = frozenset({"exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync"})
_JS_FS = frozenset(
    {
        "readFile",
        "readFileSync",
        "writeFile",
        "writeFileSync",
        "appendFile",
        "appendFileSync",
        "unlink",
        "unlinkSync",
        "rm",
        "rmSync",
        "createReadStream",
        "createWriteStream",
        "sendFile",
    }
)
_JS_SQL = frozenset({"$queryRawUnsafe", "$executeRawUnsafe", "raw", "unsafe"})
_JS_HTTP = frozenset({"fetch", "axios", "got", "ky", "request"})
_JS_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "request"})


@dataclass
class _JsScope:
    tainted: dict[str, tuple[Hop, ...]] = field(default_factory=dict)
    returned: set[str] = field(default_factory=set)
    returns: tuple[Hop, ...] | None = None
    param_of: dict[str, str] = field(default_factory=dict)
    parsed: set[str] = field(default_factory=set)
    from_tool: set[str] = field(default_factory=set)


def _js_seed(fn: SgNode, name: str) -> dict[str, str]:
    """Parameter name → the key a caller fills it by: the prop name for a React component
    (``{ message }`` → ``message``; ``props`` → ``*``), the position for other functions."""
    params = parameters(fn)
    if name[:1].isupper() and params:
        first = params[0]
        return {"props": "*"} if first.kind() == "identifier" else {n: n for n in bound_names(first)}
    return {n: str(i) for i, p in enumerate(params) for n in bound_names(p)}


class _JsReader:
    """Reads the outermost functions of JS/TS modules; see :func:`build_llm_flows`."""

    def __init__(self, project: JsProject) -> None:
        self.project = project
        self.returning: dict[tuple[str, int], tuple[Hop, ...]] = {}
        self.param_sinks: dict[tuple[str, int], dict[str, _ParamSink]] = {}
        self.symbols = symbols_of(project)
        self.returning_nodes: list[SgNode] = []
        self.tools: dict[tuple[str, int], Tool] = {}
        self.scopes = 0

    def source_hop(self, node: SgNode, module: JsModule, facts: _JsFacts) -> _Taint | None:
        path = module.source.path
        for call in facts.calls_in(node):
            if call.direct:
                hop = Hop(path=path, line=line_of(call.node), note=f"{call.callee}() returns what the model wrote")
                return _Taint((hop,), False)
            key = self._key(module, call.callee) if self.returning else None
            chain = self.returning.get(key) if key else None
            if chain is not None:
                hop = Hop(path=path, line=line_of(call.node), note=f"{call.callee}() returns model output")
                return _Taint((*chain, hop), True)
        return None

    def _key(self, module: JsModule, name: str) -> tuple[str, int] | None:
        """(path, start offset) of the repository function ``name`` means in ``module``
        (a local declaration or an import, followed by the JS/TS symbol tables), or None."""
        found = self.symbols.name(module, name)
        if not isinstance(found, JsValue):
            return None
        node = unwrap(found.node)
        return found.path, node.range().start.index

    def taint_of(self, node: SgNode, scope: _JsScope, module: JsModule, facts: _JsFacts) -> _Taint | None:
        text = node.text()
        if any(s in text for s in _JS_SANITISERS):
            return None
        held = identifiers(node) & scope.tainted.keys()
        if held:
            name = sorted(held)[0]
            return _Taint(scope.tainted[name], name in scope.returned, name)
        return self.source_hop(node, module, facts)

    def read(
        self, module: JsModule, fn: SgNode, facts: _JsFacts, browser: bool, wrappers: bool = False
    ) -> Iterator[Flow]:
        """The flows of one outermost function. With ``wrappers``, reads it for parameters
        (or React props) that reach a sink instead: sets :attr:`param_sinks`, yields nothing."""
        path = module.source.path
        scope = _JsScope()
        name = _js_function_name(fn)
        if not wrappers:
            first, last = line_of(fn), end_line_of(fn)
            for (tool_path, tool_line), tool in self.tools.items():
                if tool_path == path and tool_line is not None and first <= tool_line <= last:
                    for param in tool.params:
                        note = f"the model fills in {param} of tool {tool.name}"
                        scope.tainted[param] = (Hop(path=path, line=tool_line, note=note),)
                        scope.from_tool.add(param)
        if wrappers:
            if not name:
                return
            for param, key in _js_seed(fn, name).items():
                scope.tainted[param] = (Hop(path=path, line=line_of(fn), note=f"{name} takes it as {param}"),)
                scope.param_of[param] = key
        events = list(facts.events.get(fn.range().start.index, []))
        if fn.kind() == "arrow_function":
            body = fn.field("body")
            if body is not None and body.kind() != "statement_block":
                events.append(body)  # a concise body is the returned value
        imports = imports_of(module)
        flows: list[Flow] = []
        for node in events:
            kind = node.kind()
            if kind == "variable_declarator":
                pattern, value = node.field("name"), node.field("value")
                if pattern is not None and value is not None:
                    found = self.taint_of(value, scope, module, facts)
                    self._bind(scope, bound_names(pattern), found, path, node)
                    if found and not wrappers:
                        _js_mark_parsed(scope, bound_names(pattern), value, found)
            elif kind in {"if_statement", "switch_statement"}:
                if not wrappers and scope.parsed:
                    flows.extend(_js_decision(node, scope, path))
            elif kind == "for_in_statement":
                left, right = node.field("left"), node.field("right")
                if left is not None and right is not None:
                    self._bind(scope, bound_names(left), self.taint_of(right, scope, module, facts), path, node)
            elif kind == "assignment_expression":
                left, right = node.field("left"), node.field("right")
                if left is None or right is None:
                    continue
                found = self.taint_of(right, scope, module, facts)
                prop = left.field("property") if left.kind() == "member_expression" else None
                if prop is not None and prop.text() in {"innerHTML", "outerHTML"}:
                    if found:
                        flows.append(self._flow(SinkKind.HTML, f".{prop.text()} =", found, path, node))
                elif left.kind() == "identifier":
                    self._bind(scope, [left.text()], found, path, node)
            elif kind == "jsx_attribute":
                attr = node.child(0)
                if attr is not None and attr.text() == "dangerouslySetInnerHTML":
                    for pair in node.find_all(kind="pair"):
                        label, value = pair.field("key"), pair.field("value")
                        if label is not None and value is not None and label.text().strip("\"'") == "__html":
                            found = self.taint_of(value, scope, module, facts)
                            if found:
                                flows.append(self._flow(SinkKind.HTML, "dangerouslySetInnerHTML", found, path, node))
            elif kind in {"jsx_opening_element", "jsx_self_closing_element"}:
                if not wrappers:
                    flows.extend(self._element(node, scope, module, facts))
            elif kind in {"call_expression", "new_expression"}:
                if not wrappers and scope.parsed:
                    flows.extend(_js_record(node, scope, path, facts))
                flows.extend(self._call(node, scope, module, facts, imports, browser, wrappers))
            else:  # a return statement, or the concise body of an arrow function
                children = node.named_children() if kind == "return_statement" else [node]
                found = self.taint_of(children[0], scope, module, facts) if children else None
                if found and not found.returned and scope.returns is None and found.name not in scope.param_of:
                    what = f"{name or 'the function'}() returns it"
                    scope.returns = (*found.hops, Hop(path=path, line=line_of(node), note=what))
        if wrappers:
            for flow in flows:
                held = scope.param_of.get(flow.sink_name) if flow.sink_name else None
                if held is not None:
                    entry = _ParamSink(hops=flow.hops, kind=flow.kind, path=flow.path, line=flow.line, sink=flow.sink)
                    self.param_sinks.setdefault((path, fn.range().start.index), {}).setdefault(held, entry)
            return
        yield from (f for f in flows if f.sink_name is None or f.sink_name not in scope.param_of)
        if scope.returns is not None:
            self.returning[(path, fn.range().start.index)] = scope.returns
            self.returning_nodes.append(fn)
        if scope.tainted or scope.returns is not None:
            self.scopes += 1

    def _element(self, node: SgNode, scope: _JsScope, module: JsModule, facts: _JsFacts) -> Iterator[Flow]:
        """``<ChatMessage message={m} />`` whose component renders that prop as HTML."""
        tag = node.field("name")
        if tag is None or not tag.text()[:1].isupper():
            return
        key = self._key(module, tag.text())
        inner = self.param_sinks.get(key) if key else None
        if not inner:
            return
        for attr in node.find_all(kind="jsx_attribute"):
            if attr.parent() is None or attr.parent().range() != node.range():  # type: ignore[union-attr]
                continue
            parts = attr.named_children()
            if len(parts) < 2:
                continue
            prop, value = parts[0], parts[-1]
            target = inner.get(prop.text()) or inner.get("*")
            found = self.taint_of(value, scope, module, facts) if target else None
            if found is None or target is None:
                continue
            note = f"passed to <{tag.text()}> as {prop.text()}"
            hops = (*found.hops, Hop(path=module.source.path, line=line_of(node), note=note), *target.hops)
            yield Flow(kind=target.kind, path=target.path, line=target.line, sink=target.sink, hops=hops, returned=True)

    def _call(
        self,
        call: SgNode,
        scope: _JsScope,
        module: JsModule,
        facts: _JsFacts,
        imports: dict[str, tuple[str, str]],
        browser: bool,
        wrappers: bool,
    ) -> Iterator[Flow]:
        path = module.source.path
        function = call.field("function") or call.field("constructor")
        if function is None:
            return
        callee = function.text().replace("?.", ".")
        last = callee.rsplit(".", 1)[-1]
        args = arguments(call)
        if function.kind() == "member_expression" and last in _JS_ITERATORS:
            obj = function.field("object")
            found = self.taint_of(obj, scope, module, facts) if obj is not None else None
            if found and args and args[0].kind() in {"arrow_function", "function_expression", "function"}:
                names = [n for p in parameters(args[0]) for n in bound_names(p)]
                self._bind(scope, names, found, path, call)
            return
        sink = _js_sink(call, callee, last, args, imports, browser)
        if sink is None:
            if wrappers or function.kind() != "identifier":
                return
            key = self._key(module, callee)
            inner = self.param_sinks.get(key) if key else None
            for index, arg in enumerate(args):
                target = inner.get(str(index)) if inner else None
                found = self.taint_of(arg, scope, module, facts) if target else None
                if found is None or target is None or found.name in scope.param_of:
                    continue
                hops = (*found.hops, Hop(path=path, line=line_of(call), note=f"passed to {callee}()"), *target.hops)
                yield Flow(
                    kind=target.kind, path=target.path, line=target.line, sink=target.sink, hops=hops, returned=True
                )
            return
        kind, arg = sink
        found = self.taint_of(arg, scope, module, facts)
        if found and (found.name not in scope.from_tool or kind in TOOL_ARGUMENT_SINKS):
            yield self._flow(kind, callee + "()", found, path, call)

    def _bind(self, scope: _JsScope, names: list[str], found: _Taint | None, path: str, node: SgNode) -> None:
        if not found:
            return
        for name in names:
            scope.tainted[name] = (*found.hops, Hop(path=path, line=line_of(node), note=f"{name} holds it"))
            if found.returned:
                scope.returned.add(name)
            if found.name is not None and found.name in scope.param_of:
                scope.param_of[name] = scope.param_of[found.name]
            if found.name is not None and found.name in scope.from_tool:
                scope.from_tool.add(name)

    @staticmethod
    def _flow(kind: SinkKind, text: str, found: _Taint, path: str, node: SgNode) -> Flow:
        line = line_of(node)
        hops = (*found.hops, Hop(path=path, line=line, note=f"{text} {kind.value}"))
        return Flow(
            kind=kind,
            path=path,
            line=line,
            sink=text,
            hops=hops,
            returned=found.returned,
            sink_name=found.name,
        )


def _js_parses(value: SgNode) -> bool:
    calls = [value] if value.kind() == "call_expression" else []
    return any(
        (c.field("function").text() if c.field("function") is not None else "") == "JSON.parse"  # type: ignore[union-attr]
        for c in [*calls, *value.find_all(kind="call_expression")]
    )


def _js_validates(value: SgNode) -> bool:
    """A schema check inside ``value``: ``Schema.parse(x)``, ``.safeParse``, ``ajv.validate``."""
    calls = [value] if value.kind() == "call_expression" else []
    for call in [*calls, *value.find_all(kind="call_expression")]:
        function = call.field("function")
        if function is not None and function.kind() == "member_expression":
            prop, obj = function.field("property"), function.field("object")
            if prop is not None and prop.text() in _JS_VALIDATORS and (obj is None or obj.text() != "JSON"):
                return True
        elif function is not None and function.kind() == "identifier" and function.text().startswith("validate"):
            return True  # an ajv-compiled validate(data), valibot-style helpers
    return False


def _js_mark_parsed(scope: _JsScope, names: list[str], value: SgNode, found: _Taint) -> None:
    """Names bound from model text through ``JSON.parse`` (or from such a name) with no schema
    check in between hold unvalidated model JSON."""
    parsed = not _js_validates(value) and (_js_parses(value) or (found.name is not None and found.name in scope.parsed))
    for name in names:
        if parsed:
            scope.parsed.add(name)
        else:
            scope.parsed.discard(name)


def _js_record(call: SgNode, scope: _JsScope, path: str, facts: _JsFacts) -> Iterator[Flow]:
    """A write given fields of unvalidated model JSON (a schema check of the value clears it)."""
    args = arguments(call)
    held = {n for a in args for n in identifiers(a)} & scope.parsed
    if not held:
        return
    if _js_validates(call):
        scope.parsed.difference_update(held)
        return
    site = facts.sites.get(call.range().start.index)
    action = classify(site, path) if site is not None else None
    if action is None or action.what.startswith("runs"):
        return
    name = sorted(held)[0]
    hops = (*scope.tainted[name], Hop(path=path, line=line_of(call), note=f"{action.callee}() {action.what}"))
    yield Flow(kind=SinkKind.RECORD, path=path, line=line_of(call), sink=action.callee + "()", hops=hops)


def _js_decision(node: SgNode, scope: _JsScope, path: str) -> Iterator[Flow]:
    """An ``if``/``switch`` on unvalidated model JSON whose branches change something."""
    test = node.field("condition") or node.field("value")
    held = (identifiers(test) & scope.parsed) if test is not None else set()
    if not held:
        return
    body = node.field("consequence") or node.field("body")
    for site in js_calls(body) if body is not None else iter(()):
        action = classify(site, path)
        if action is not None:
            name = sorted(held)[0]
            hops = (
                *scope.tainted[name],
                Hop(path=path, line=line_of(node), note=f"the branch taken depends on {name}"),
                Hop(path=path, line=site.line, note=f"{action.callee}() {action.what}"),
            )
            yield Flow(kind=SinkKind.DECISION, path=path, line=line_of(node), sink="if", hops=hops)
            return


def _js_function_name(fn: SgNode) -> str | None:
    name = fn.field("name")
    if name is not None:
        return name.text()
    parent = fn.parent()
    if parent is not None and parent.kind() == "variable_declarator":
        bound = parent.field("name")
        return bound.text() if bound is not None and bound.kind() == "identifier" else None
    return None


def _js_sink(
    call: SgNode, callee: str, last: str, args: list[SgNode], imports: dict[str, tuple[str, str]], browser: bool
) -> tuple[SinkKind, SgNode] | None:
    if not args:
        return None
    first = args[0]
    if call.kind() == "new_expression":
        return (SinkKind.CODE, args[-1]) if callee == "Function" else None
    if callee == "eval" or callee in {"vm.runInNewContext", "vm.runInThisContext", "vm.runInContext"}:
        return SinkKind.CODE, first
    root = callee.split(".", 1)[0]
    origin = imports.get(root, ("", ""))[0].removeprefix("node:")
    if last in _JS_SHELL and origin == "child_process":
        return SinkKind.SHELL, first
    if callee in {"document.write", "document.writeln"}:
        return SinkKind.HTML, first
    if last == "insertAdjacentHTML" and len(args) > 1:
        return SinkKind.HTML, args[1]
    if last in _JS_SQL and "." in callee:
        return SinkKind.SQL, first
    if last in {"query", "execute"} and "." in callee and first.kind() in {"template_string", "binary_expression"}:
        return SinkKind.SQL, first
    if browser:
        return None
    if last in _JS_FS and (origin in {"fs", "fs/promises"} or callee.startswith(("fs.", "fsp.", "fs.promises."))):
        return SinkKind.PATH, first
    if callee in _JS_HTTP or (root in {"axios", "got", "ky"} and last in _JS_HTTP_METHODS):
        return None if _fixed_host(_js_url_prefix(first)) else (SinkKind.URL, first)
    return None


def _js_url_prefix(node: SgNode) -> str | None:
    """The literal text a JS URL expression starts with: a template's first chunk, the left of
    a ``+``."""
    if node.kind() == "template_string":
        text = node.text()[1:]
        return text.split("${", 1)[0]
    if node.kind() == "binary_expression":
        left = node.field("left")
        return (js_string(left) or _js_url_prefix(left)) if left is not None else None
    return None


# --- the model -------------------------------------------------------------------------------


def _py_worth_reading(module: PyModule) -> bool:
    return any(target.split(".", 1)[0] in PY_LLM_PACKAGES for target in module.imports.values())


# Text every module with a JS sink contains (a cheap superset test before the tree is read).
_JS_SINK_WORDS = (
    "dangerouslySetInnerHTML",
    "innerHTML",
    "outerHTML",
    "child_process",
    "eval(",
    "Function(",
    "vm.",
    "document.write",
    "insertAdjacentHTML",
    "Unsafe(",
    ".raw(",
    ".unsafe(",
    ".query(",
    ".execute(",
    "fs",
    "fetch(",
    "axios",
    "got",
    "ky",
)


def _js_may_sink(module: JsModule) -> bool:
    text = module.source.text
    return any(word in text for word in _JS_SINK_WORDS)


def _js_worth_reading(module: JsModule) -> bool:
    return imports_package(module, JS_LLM_PACKAGES)


def build_llm_flows(
    python: PythonProject, js: JsProject, browser: Iterable[str] = (), tools: Iterable[Tool] = ()
) -> LlmFlows:
    """Every flow of model output into a sink, in the non-test Python and JS/TS modules.

    Modules that import an LLM SDK are read, after the sink wrappers (functions and React
    components whose parameter or prop reaches a sink) of those modules and of the repository
    modules they import; functions that return model output make, in a second pass, calls to
    them sources in any module that names them (one hop across functions). ``browser`` is the
    set of JS/TS paths that run in the browser (server-only sinks, file paths and URLs, are not
    looked for there). ``tools`` are the LLM tools of the agent inventory: the arguments the
    model fills in are model output too, followed to file-path and URL sinks (what a tool does
    with them otherwise is RC801's). Nothing is executed; never raises on parsed code.
    """
    flows: dict[tuple[str, int, SinkKind], Flow] = {}

    def keep(found: Iterable[Flow]) -> None:
        for flow in found:
            key = (flow.path, flow.line, flow.kind)
            if key not in flows or (flows[key].returned and not flow.returned):
                flows[key] = flow

    entry = {(t.body_path, t.body_line): t for t in tools if t.body_path and t.body_line and t.params}
    scopes = _python_flows(python, keep, entry) + _js_flows(js, set(browser), keep, entry)
    return LlmFlows(flows=sorted(flows.values(), key=lambda f: (f.path, f.line)), scopes_with_output=scopes)


def _python_flows(
    python: PythonProject, keep: Callable[[Iterable[Flow]], None], tools: dict[tuple[str, int], Tool]
) -> int:
    """Reads the Python modules (see :func:`build_llm_flows`); the number of scopes holding
    model output."""
    py = _PyReader(python)
    py.tools = tools
    modules = [m for p, m in sorted(python.index.by_path.items()) if not is_test_path(p)]
    tool_paths = {path for path, _ in tools}
    first = [m for m in modules if _py_worth_reading(m) or m.path in tool_paths]
    llm_names = {m.path: _py_llm_names(m.tree, m.imports) for m in first}
    # Modules that import a model, chain or agent object from those (a router that runs
    # ``assistant.invoke`` from ``app/agent.py``) are read too, with the imported names.
    every = {name for names in llm_names.values() for name in names}
    for module in modules if every else []:
        imported_llm = set()
        for name, target in module.imports.items():
            if target.rsplit(".", 1)[-1] not in every:
                continue
            found = python.index.resolve(module, name)
            if found is not None and found[1] in llm_names.get(found[0].path, ()):
                imported_llm.add(name)
        if imported_llm:
            if module.path not in llm_names:
                first.append(module)
            llm_names[module.path] = llm_names.get(module.path, set()) | imported_llm
    imported = {
        found[0].path
        for m in first
        for name, target in m.imports.items()
        if target.split(".", 1)[0] not in PY_LLM_PACKAGES and (found := python.index.resolve(m, name)) is not None
    }
    for module in modules:
        if module.path in llm_names or module.path in imported:
            for fn in py.scopes_of(module):
                for _ in py.read(module, fn, set(), wrappers=True):
                    pass
    for module in first:
        for fn in py.scopes_of(module):
            keep(py.read(module, fn, llm_names[module.path]))
    if py.returning:
        names = {name for _, name in py.returning}
        for module in modules:
            if any(name in module.source.text for name in names):
                llm = llm_names.get(module.path) or set()
                for fn in py.scopes_of(module):
                    keep(py.read(module, fn, llm))
    return py.scopes


def _js_flows(
    js: JsProject,
    browser: set[str],
    keep: Callable[[Iterable[Flow]], None],
    tools: dict[tuple[str, int], Tool],
) -> int:
    """Reads the JS/TS modules (see :func:`build_llm_flows`); the number of scopes holding
    model output."""
    reader = _JsReader(js)
    reader.tools = tools
    modules = [m for p, m in sorted(js.modules.items()) if not is_test_path(p)]
    tool_paths = {path for path, _ in tools}
    first = [m for m in modules if _js_worth_reading(m) or m.source.path in tool_paths]
    wanted = {m.source.path for m in first}
    for m in first:
        for spec, _ in imports_of(m).values():
            target = js.resolve(m.source.path, spec)
            if target is not None:
                wanted.add(target.source.path)
    facts: dict[str, _JsFacts] = {}

    def facts_of(module: JsModule) -> _JsFacts:
        path = module.source.path
        if path not in facts:
            facts[path] = _JsFacts(module)
        return facts[path]

    for module in modules:
        if module.source.path in wanted and _js_may_sink(module):
            held = facts_of(module)
            for fn in held.functions:
                for _ in reader.read(module, fn, held, module.source.path in browser, wrappers=True):
                    pass
    for module in first:
        held = facts_of(module)
        for fn in held.functions:
            keep(reader.read(module, fn, held, module.source.path in browser))
    if reader.returning:
        names = {n for n in (_js_function_name(f) for f in reader.returning_nodes) if n}
        for module in modules:
            if any(n in module.source.text for n in names):
                held = facts_of(module)
                for fn in held.functions:
                    keep(reader.read(module, fn, held, module.source.path in browser))
    return reader.scopes
