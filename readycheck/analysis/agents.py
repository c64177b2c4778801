"""The agent inventory: each LLM agent or tool-calling loop of the repository, the tools it can
call, what each tool does (reads, writes records, or has an external side effect), the caps on
its loop and tokens, whether a human approves its risky actions, and what starts it.

Read by the ai-safety checks (RC8xx) and by ``readycheck agents``. Like the endpoint inventory,
it is built once per scan from the parsed Python and JS/TS modules; nothing is executed.

Recognised (sources: each SDK's public documentation, 2025):

- **Tools**, Python: ``@tool`` (LangChain ``langchain_core.tools``, CrewAI, Agno, smolagents),
  ``@function_tool`` (OpenAI Agents SDK), ``@mcp.tool()`` (MCP Python SDK / FastMCP),
  ``@agent.tool`` / ``@agent.tool_plain`` (Pydantic AI), ``StructuredTool.from_function``,
  LangChain ``Tool(func=...)``, LlamaIndex ``FunctionTool.from_defaults(fn=...)``, ``BaseTool``
  subclasses (``_run``/``_arun``/``forward``) and OpenAI/Anthropic function-calling schemas
  (``{"type": "function", "function": {"name": ...}}``, ``{"name": ..., "input_schema": ...}``)
  whose name is a function of the same module or of a literal dispatch dict.
- **Tools**, JS/TS: Vercel AI SDK and OpenAI Agents JS ``tool({...execute})`` (named by the
  ``tools: {name: ...}`` key, the variable, or ``name:``), MCP TypeScript SDK
  ``server.tool(name, ..., handler)`` / ``server.registerTool(name, config, handler)``.
- **Agents**: LangGraph ``create_react_agent``, LangChain ``create_agent`` / ``AgentExecutor`` /
  ``initialize_agent``, OpenAI Agents SDK ``Agent(...)`` (+ ``Runner.run(max_turns=)``), CrewAI
  and Agno ``Agent(...)``, LlamaIndex ``ReActAgent``/``FunctionAgent``, ``.bind_tools([...])``,
  raw ``chat.completions.create(tools=...)`` / ``messages.create(tools=...)`` calls, Vercel AI
  SDK ``generateText``/``streamText`` with ``tools``, ``new Agent({tools})``, and MCP servers.

What is not resolved is said so (``unresolved_tools``, ``started_by=None``), never guessed.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from ast_grep_py import SgNode

from readycheck.analysis.calls import PAYMENT_PREFIXES, CallSite, Effect, effect, js_calls, llm_caps, python_calls
from readycheck.analysis.js import (
    JsModule,
    JsProject,
    arguments,
    imports_of,
    imports_package,
    line_of,
    object_entries,
    parameters,
)
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.observability import is_log_call
from readycheck.analysis.python import PyModule, PythonProject, dotted, string_value
from readycheck.model import EndpointRef, Hop
from readycheck.repository import is_test_path

# Packages whose import marks a module as agent code (Python top-level names, JS specifiers).
PY_AGENT_PACKAGES = frozenset(
    {
        "langchain",
        "langchain_core",
        "langchain_community",
        "langgraph",
        "crewai",
        "crewai_tools",
        "agents",
        "agno",
        "phi",
        "smolagents",
        "llama_index",
        "pydantic_ai",
        "mcp",
        "fastmcp",
        "composio",
        "composio_openai",
        "openai",
        "anthropic",
        "strands",
        "autogen",
        "autogen_agentchat",
    }
)
JS_AGENT_PACKAGES = (
    "ai",
    "@ai-sdk/",
    "@openai/agents",
    "@modelcontextprotocol/sdk",
    "openai",
    "@anthropic-ai/sdk",
    "langchain",
    "@langchain/",
    "composio",
)
_PY_TOOL_DECORATORS = frozenset({"tool", "function_tool", "tool_plain"})
_PY_AGENT_CALLS = frozenset(
    {
        "create_react_agent",
        "create_agent",
        "create_tool_calling_agent",
        "create_openai_tools_agent",
        "create_openai_functions_agent",
        "create_structured_chat_agent",
        "AgentExecutor",
        "initialize_agent",
        "Agent",
        "CodeAgent",
        "ToolCallingAgent",
        "ReActAgent",
        "FunctionAgent",
        "OpenAIAgent",
        "AssistantAgent",
        "from_tools",
        "bind_tools",
        "Crew",
    }
)
# Option names that cap the rounds of an agent loop, per SDK (LangChain AgentExecutor
# max_iterations, LangGraph recursion_limit, OpenAI Agents SDK max_turns, CrewAI max_iter,
# smolagents max_steps, Vercel AI SDK maxSteps / stopWhen, Agno tool_call_limit).
STEP_CAPS = frozenset(
    {
        "max_iterations",
        "recursion_limit",
        "max_turns",
        "max_iter",
        "max_steps",
        "maxSteps",
        "stopWhen",
        "tool_call_limit",
        "maxTurns",
    }
)
# What each SDK does when no cap is given (documented defaults).
DEFAULT_CAPS = {
    "AgentExecutor": "SDK default: max_iterations 15 (LangChain)",
    "initialize_agent": "SDK default: max_iterations 15 (LangChain)",
    "create_react_agent": "SDK default: recursion_limit 25 (LangGraph)",
    "create_agent": "SDK default: recursion_limit 25 (LangGraph)",
    "openai-agents": "SDK default: max_turns 10 (OpenAI Agents SDK)",
    "crewai": "SDK default: max_iter 20 (CrewAI)",
    "pydantic-ai": "SDK default: request_limit 50 (Pydantic AI UsageLimits)",
    "smolagents": "SDK default: max_steps 20 (smolagents)",
    "generateText": "SDK default: one step (Vercel AI SDK stops after the first tool call)",
    "streamText": "SDK default: one step (Vercel AI SDK stops after the first tool call)",
}
# Approval options on a tool or agent: OpenAI Agents SDK needs_approval / needsApproval,
# Vercel AI SDK 6 needsApproval, Agno requires_confirmation, LangGraph interrupt_before.
APPROVAL_OPTIONS = frozenset(
    {
        "needs_approval",
        "needsApproval",
        "requires_confirmation",
        "requires_user_input",
        "interrupt_before",
        "interrupt_on",
    }
)
APPROVAL_CALLS = frozenset(
    {"interrupt", "HumanInTheLoopMiddleware", "request_approval", "ask_for_approval", "requestApproval", "confirm"}
)
# Parameter names that name whose data a tool acts on (compared without "_", lower case).
IDENTITY_PARAMS = frozenset(
    {
        "userid",
        "ownerid",
        "tenantid",
        "accountid",
        "orgid",
        "organizationid",
        "organisationid",
        "customerid",
        "teamid",
        "workspaceid",
        "memberid",
        "uid",
        "useremail",
        "authorid",
    }
)
# Parameters the framework fills in, not the model (LangChain InjectedToolArg/InjectedState/
# ToolRuntime, OpenAI Agents RunContextWrapper, Pydantic AI RunContext, MCP Context).
INJECTED_MARKERS = ("Injected", "RunContextWrapper", "RunContext", "ToolRuntime", "Context", "ToolContext")


class ToolEffect(enum.StrEnum):
    """What a tool does, from the calls in its body (the worst one counts)."""

    READ = "read"
    WRITE = "write"
    EXTERNAL = "external side effect"


@dataclass(frozen=True, kw_only=True)
class Action:
    """One call in a tool body that changes something: ``what`` it does (``"deletes records"``),
    at ``path:line``, the callee text, whether it is high impact (deletes, moves money, sends
    messages, runs code or shell commands, runs SQL the model wrote, writes or deletes files,
    sends an HTTP request that changes data) and its :class:`ToolEffect`."""

    what: str
    path: str
    line: int
    callee: str
    high_impact: bool
    effect: ToolEffect


@dataclass(frozen=True, kw_only=True)
class Tool:
    """A function an LLM may call.

    Attributes:
        name: the name the model sees.
        path / line: where it is registered or defined (1-based).
        registration: how (``"@function_tool"``, ``"tool({...})"``, ``"MCP server.tool"``,
            ``"function-calling schema"``).
        body_path / body_line: where its code is, or None when it could not be found (then
            its effect is unknown).
        params: parameter names the model fills in; ``param_lines`` their lines.
        actions: the calls that change something (:class:`Action`).
        approval: evidence of a human approval step, or None.
        mcp: registered on an MCP server (its client asks the user; annotations are hints).
        declared_read_only: the MCP annotations say ``readOnlyHint: true``.
        declared_safe: the MCP annotations say ``destructiveHint: false`` (or read-only).
        logs: the body logs or records an audit event.
        compared: parameter names the body compares with something (an ownership check).
        closure_identity: the tool's code can see the caller (a session/user/context in scope).
    """

    name: str
    path: str
    line: int
    registration: str
    body_path: str | None = None
    body_line: int | None = None
    params: tuple[str, ...] = ()
    param_lines: tuple[int, ...] = ()
    actions: tuple[Action, ...] = ()
    approval: Hop | None = None
    mcp: bool = False
    declared_read_only: bool = False
    declared_safe: bool = False
    logs: bool = False
    compared: frozenset[str] = frozenset()
    closure_identity: bool = False
    key: str = ""

    @property
    def effect(self) -> ToolEffect | None:
        """The worst effect of the body; None when the body was not found."""
        if self.body_path is None:
            return None
        if any(a.effect == ToolEffect.EXTERNAL for a in self.actions):
            return ToolEffect.EXTERNAL
        if self.actions:
            return ToolEffect.WRITE
        return ToolEffect.READ

    def high_impact(self) -> Action | None:
        """The first high-impact action, or None."""
        return next((a for a in self.actions if a.high_impact), None)


@dataclass(frozen=True, kw_only=True)
class Agent:
    """An agent, a tool-calling model call, or an MCP server.

    Attributes:
        path / line: the call that creates or runs it.
        sdk: ``"langgraph"``, ``"openai-agents"``, ``"vercel-ai"``, ``"openai"``, ``"mcp"``...
        kind: ``"agent"``, ``"tool-calling call"`` or ``"MCP server"``.
        model: the model name when it is a literal, else None.
        tools: the resolved tools; unresolved_tools: tool references not followed (a name,
            a spread, a dynamic list).
        step_cap / token_cap: what caps its rounds and its output tokens, in words (``"max_turns=5
            (line 30)"``, an SDK default, or None for no cap seen).
        approval: an agent-level approval step (LangGraph ``interrupt_before``, LangChain
            ``HumanInTheLoopMiddleware``), or None.
        started_by: the endpoint whose handler runs it (the call itself, or a call of
            ``.invoke``/``.stream``/``Runner.run`` on the name it is bound to), or None when not
            known.
        bound_to: the module-level name the agent is assigned to, or None.
        traced: the agent records its tool calls (LangChain ``callbacks``, Vercel AI SDK
            ``experimental_telemetry``).
        runs: the calls that run an agent bound to a name (``agent.invoke(...)``), where its
            prompt is given; empty when the agent is its own call (a raw tool-calling call).
    """

    path: str
    line: int
    sdk: str
    kind: str
    model: str | None = None
    tools: tuple[Tool, ...] = ()
    unresolved_tools: tuple[str, ...] = ()
    step_cap: str | None = None
    token_cap: str | None = None
    approval: Hop | None = None
    mcp_servers: tuple[str, ...] = ()
    started_by: EndpointRef | None = None
    bound_to: str | None = None
    traced: bool = False
    runs: tuple[Hop, ...] = ()


@dataclass(kw_only=True)
class Agents:
    """The agent inventory: agents (sorted by path, line) and every tool found (also tools no
    agent was seen to use)."""

    agents: list[Agent] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)

    def tools_of_agents(self) -> set[str]:
        """Keys of the tools some agent uses."""
        return {t.key for a in self.agents for t in a.tools}


# --- what a call in a tool body does ---------------------------------------------------------

_SHELL = frozenset(
    {
        "os.system",
        "os.popen",
        "system",
        "popen",
        "eval",
        "exec",
        "execSync",
        "execFile",
        "execFileSync",
        "spawn",
        "spawnSync",
        "create_subprocess_shell",
        "create_subprocess_exec",
    }
)
_SUBPROCESS = frozenset({"run", "call", "Popen", "check_output", "check_call"})
_DELETE_NAMES = frozenset(
    {
        "delete",
        "destroy",
        "remove",
        "deleteMany",
        "deleteOne",
        "delete_one",
        "delete_many",
        "findByIdAndDelete",
        "findOneAndDelete",
        "bulk_delete",
        "drop",
        "truncate",
    }
)
_FILE_DELETE = frozenset(
    {
        "os.remove",
        "os.unlink",
        "shutil.rmtree",
        "os.rmdir",
        "fs.unlink",
        "fs.unlinkSync",
        "fs.rm",
        "fs.rmSync",
        "fs.rmdir",
        "unlink",
        "rmtree",
        "rmSync",
    }
)
_FILE_WRITE = frozenset(
    {
        "write_text",
        "write_bytes",
        "writeFile",
        "writeFileSync",
        "appendFile",
        "appendFileSync",
        "shutil.move",
        "shutil.copy",
        "rename",
        "renameSync",
    }
)
_WRITE_NAMES = frozenset(
    {
        "save",
        "create",
        "insert",
        "insert_one",
        "insert_many",
        "update",
        "update_one",
        "update_many",
        "upsert",
        "bulk_create",
        "bulk_update",
        "createMany",
        "updateMany",
        "put_item",
        "update_item",
        "set",
        "commit",
        "add_all",
        "findByIdAndUpdate",
        "findOneAndUpdate",
        "updateOne",
        "insertOne",
        "insertMany",
        "replaceOne",
    }
)
_HTTP_WRITE = frozenset({"post", "put", "patch"})
_HTTP_RECEIVERS = ("requests", "httpx", "session", "client", "aiohttp", "axios", "http", "ky", "got")
_SQL_WRITE = ("insert", "update", "delete", "drop", "alter", "truncate", "create", "grant")
_DELETE_VERBS = ("delete", "remove", "destroy", "drop", "purge", "wipe", "cancel")
_MESSAGE_VERBS = ("send", "email", "tweet", "sms", "text", "dm")
_PAY_VERBS = ("pay", "charge", "refund", "transfer", "payout", "withdraw")
_WRITE_VERBS = (
    "create",
    "save",
    "update",
    "insert",
    "add",
    "set",
    "write",
    "upsert",
    "edit",
    "modify",
    "store",
    "upload",
    "rename",
    "move",
    "apply",
    "replace",
    "patch",
)


_PREFIX_WORDS = frozenset({"on", "handle", "do", "try", "perform", "run", "async", "safe", "maybe"})


def _words(name: str) -> list[str]:
    out: list[str] = []
    current = ""
    for ch in name:
        if ch == "_" or ch == "-":
            if current:
                out.append(current.lower())
            current = ""
        elif ch.isupper() and current and not current[-1].isupper():
            out.append(current.lower())
            current = ch
        else:
            current += ch
    if current:
        out.append(current.lower())
    return out


def _sql_text(call: CallSite) -> str | None:
    node = call.node
    if isinstance(node, ast.Call) and node.args:
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
        if isinstance(first, ast.JoinedStr):
            return "".join(v.value for v in first.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return None
    if call.strings:
        return call.strings[0]
    return None


# Payment-provider calls that change a customer's billing without moving money themselves
# (Stripe ``Subscription.cancel``, ``subscriptions.update``, ``Invoice.void_invoice``...).
_BILLING_CHANGES = frozenset(
    {"cancel", "delete", "del", "modify", "update", "void", "void_invoice", "voidInvoice", "finalize_invoice", "close"}
)


def classify(call: CallSite, path: str, params: frozenset[str] = frozenset()) -> Action | None:
    """What ``call`` (a call in a tool body) changes, or None for a read or a call of no effect.

    ``params`` are the tool's parameter names: SQL run straight from one of them is SQL the
    model wrote. The vocabulary is :mod:`readycheck.analysis.calls` (payments, messages) plus
    shell, file, record and HTTP writes, and verbs in helper names (``delete_user``) as a last
    resort, said so in ``what``."""
    callee, name = call.callee, call.name

    def act(what: str, high: bool, kind: ToolEffect = ToolEffect.WRITE) -> Action:
        return Action(what=what, path=path, line=call.line, callee=callee, high_impact=high, effect=kind)

    if llm_caps(call) is not None or is_log_call(callee):
        return None
    cost = effect(call)
    if cost == Effect.PAYMENT:
        return act("moves money", True, ToolEffect.EXTERNAL)
    if cost == Effect.MESSAGE:
        return act("sends email or messages", True, ToolEffect.EXTERNAL)
    if callee.startswith(PAYMENT_PREFIXES) and name in _BILLING_CHANGES:
        return act("changes subscriptions or billing", True, ToolEffect.EXTERNAL)
    if (
        callee in _SHELL
        or name in {"system", "popen", "execSync", "execFileSync", "spawnSync"}
        or (
            callee.startswith(("subprocess.", "child_process.", "cp."))
            and (name in _SUBPROCESS or name in {"exec", "spawn", "execFile"})
        )
    ):
        return act("runs code or shell commands", True, ToolEffect.EXTERNAL)
    if callee in _FILE_DELETE or name in {"rmtree", "unlinkSync", "rmSync"}:
        return act("deletes files", True)
    if name in _FILE_WRITE or (name == "open" and _opens_for_write(call)):
        return act("writes files", True)
    if name in {
        "execute",
        "executescript",
        "exec_driver_sql",
        "executemany",
        "$executeRawUnsafe",
        "$queryRawUnsafe",
        "query",
        "raw",
        "rpc",
    }:
        node = call.node
        first = node.args[0] if isinstance(node, ast.Call) and node.args else None
        if isinstance(first, ast.Name) and first.id in params:
            return act("runs SQL the model wrote", True)
        if isinstance(node, SgNode):
            args = arguments(node)
            if args and args[0].kind() == "identifier" and args[0].text() in params:
                return act("runs SQL the model wrote", True)
        sql = (_sql_text(call) or "").strip().lower()
        if sql.startswith(("delete", "drop", "truncate")):
            return act("deletes records", True)
        if sql.startswith(_SQL_WRITE):
            return act("writes records", False)
        return None
    receiver = callee.rsplit(".", 1)[0].lower() if "." in callee else ""
    if name in _HTTP_WRITE and receiver.split(".")[-1].startswith(_HTTP_RECEIVERS):
        return act("sends HTTP requests that change data elsewhere", True, ToolEffect.EXTERNAL)
    if name == "fetch" and _js_fetch_writes(call):
        return act("sends HTTP requests that change data elsewhere", True, ToolEffect.EXTERNAL)
    if name in _DELETE_NAMES and receiver:
        return act("deletes records", True)
    if (
        name in _WRITE_NAMES
        and receiver
        and not receiver.endswith(("headers", "params", "searchparams", "cookies", "map", "cache", "state"))
    ):
        return act("writes records", False)
    if name in {"add", "merge"} and any(w in receiver for w in ("session", "db")):
        return act("writes records", False)
    words = _words(name)
    while len(words) > 2 and words[0] in _PREFIX_WORDS:
        words = words[1:]
    if words and len(words) > 1:
        verb = words[0]
        if verb in _DELETE_VERBS:
            return act(f"deletes (by its name: {name})", True)
        if verb in _PAY_VERBS:
            return act(f"moves money (by its name: {name})", True, ToolEffect.EXTERNAL)
        if verb in _MESSAGE_VERBS or "email" in words[:2]:
            return act(f"sends messages (by its name: {name})", True, ToolEffect.EXTERNAL)
        if verb in _WRITE_VERBS:
            return act(f"writes (by its name: {name})", False)
    return None


def _opens_for_write(call: CallSite) -> bool:
    node = call.node
    if not isinstance(node, ast.Call):
        return False
    mode = node.args[1] if len(node.args) > 1 else call.options.get("mode")
    text = string_value(mode) if isinstance(mode, ast.expr) else None
    return bool(text) and any(c in text for c in "wax+")  # type: ignore[operator]


def _js_fetch_writes(call: CallSite) -> bool:
    method = call.options.get("method")
    if isinstance(method, SgNode):
        return (js_string(method) or "").upper() in {"POST", "PUT", "PATCH", "DELETE"}
    return False


# --- Python ------------------------------------------------------------------------------------


def _py_imports_agent_sdk(module: PyModule) -> bool:
    return any(target.split(".", 1)[0] in PY_AGENT_PACKAGES for target in module.imports.values())


def _py_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[list[str], list[int], bool]:
    """Model-filled parameter names and lines, and whether a framework-injected context
    parameter is present."""
    names: list[str] = []
    lines: list[int] = []
    injected = False
    args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    for arg in args:
        if arg.arg in {"self", "cls"}:
            continue
        annotation = ast.unparse(arg.annotation) if arg.annotation is not None else ""
        if any(marker in annotation for marker in INJECTED_MARKERS) or arg.arg in {
            "ctx",
            "context",
            "run_context",
            "config",
            "runtime",
            "state",
        }:
            injected = True
            continue
        names.append(arg.arg)
        lines.append(arg.lineno)
    return names, lines, injected


_CALLER_WORDS = (
    "user",
    "session",
    "ctx",
    "context",
    "current",
    "request",
    "auth",
    "caller",
    "principal",
    "identity",
    "config",
    "state",
)


def _py_compared(fn: ast.AST, params: Iterable[str]) -> frozenset[str]:
    """Parameters the body compares with the caller's identity (``if user_id != ctx.user.id``)
    or passes to a query next to it."""
    wanted = set(params)
    found: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            names = {n.id for side in sides for n in ast.walk(side) if isinstance(n, ast.Name)}
            texts = " ".join(ast.unparse(side).lower() for side in sides)
            for param in wanted & names:
                others = texts.replace(param.lower(), "")
                if any(word in others for word in _CALLER_WORDS):
                    found.add(param)
    return frozenset(found)


def _py_approval(fn: ast.AST, path: str, decorator: ast.expr | None) -> Hop | None:
    if isinstance(decorator, ast.Call):
        for kw in decorator.keywords:
            if kw.arg in APPROVAL_OPTIONS and not (isinstance(kw.value, ast.Constant) and not kw.value.value):
                return Hop(path=path, line=kw.value.lineno, note=f"{kw.arg} set on the tool")
    for call in python_calls(fn):
        if call.name in APPROVAL_CALLS:
            return Hop(path=path, line=call.line, note=f"asks for approval ({call.callee}())")
    return None


def hints(text: str) -> tuple[bool, bool]:
    """(read only, not destructive) as declared by MCP tool annotations written as ``text``
    (Python or JS source of the annotations value). MCP's defaults are ``readOnlyHint: false``
    and ``destructiveHint: true`` (MCP specification 2025-06-18, "Tool annotations")."""
    flat = text.replace(" ", "").replace("\n", "").replace('"', "").replace("'", "").lower()
    read_only = any(h in flat for h in ("readonlyhint=true", "readonlyhint:true"))
    safe = read_only or any(h in flat for h in ("destructivehint=false", "destructivehint:false"))
    return read_only, safe


def _mcp_hints(decorator: ast.expr | None) -> tuple[bool, bool]:
    if not isinstance(decorator, ast.Call):
        return False, False
    for kw in decorator.keywords:
        if kw.arg == "annotations":
            return hints(ast.unparse(kw.value))
    return False, False


def py_body_actions(fn: ast.AST, path: str, params: frozenset[str], module: PyModule, depth: int = 1) -> list[Action]:
    """Actions of a function body, following calls of same-module functions ``depth`` levels."""
    actions: list[Action] = []
    for call in python_calls(fn):
        found = classify(call, path, params)
        if found is not None:
            actions.append(found)
            continue
        if depth > 0 and "." not in call.callee:
            helper = module.top_level(call.callee)
            if isinstance(helper, ast.FunctionDef | ast.AsyncFunctionDef) and helper is not fn:
                actions.extend(py_body_actions(helper, path, frozenset(), module, depth - 1))
    return actions


def _py_logs(fn: ast.AST) -> bool:
    return any(is_log_call(c.callee) or "audit" in c.callee.lower() for c in python_calls(fn))


def _py_tool(
    module: PyModule,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    *,
    name: str,
    line: int,
    registration: str,
    decorator: ast.expr | None = None,
    mcp: bool = False,
) -> Tool:
    params, lines, injected = _py_params(fn)
    path = module.path
    return Tool(
        name=name,
        path=path,
        line=line,
        registration=registration,
        body_path=path,
        body_line=fn.lineno,
        params=tuple(params),
        param_lines=tuple(lines),
        actions=tuple(py_body_actions(fn, path, frozenset(params), module)),
        approval=_py_approval(fn, path, decorator),
        mcp=mcp,
        declared_read_only=_mcp_hints(decorator)[0],
        declared_safe=_mcp_hints(decorator)[1],
        logs=_py_logs(fn),
        compared=_py_compared(fn, params),
        closure_identity=injected,
        key=f"{module.name}.{fn.name}",
    )


def _decorator_name(decorator: ast.expr) -> str:
    return dotted(decorator.func if isinstance(decorator, ast.Call) else decorator) or ""


def _py_tools(module: PyModule) -> Iterator[Tool]:
    """Tools defined in one Python module (one that imports an agent or LLM SDK; build_agents
    checks)."""
    mcp_module = any(t.split(".", 1)[0] in {"mcp", "fastmcp"} for t in module.imports.values())
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                callee = _decorator_name(decorator)
                last = callee.rsplit(".", 1)[-1]
                if last not in _PY_TOOL_DECORATORS:
                    continue
                if "." not in callee and module.imports.get(callee, "").split(".", 1)[0] not in PY_AGENT_PACKAGES:
                    continue
                name = node.name
                if isinstance(decorator, ast.Call):
                    given = (string_value(decorator.args[0]) if decorator.args else None) or string_value(
                        next((kw.value for kw in decorator.keywords if kw.arg in {"name", "name_override"}), None)
                    )
                    name = given or name
                is_mcp = mcp_module and "." in callee
                yield _py_tool(
                    module,
                    node,
                    name=name,
                    line=decorator.lineno,
                    registration=f"MCP @{callee}" if is_mcp else f"@{callee}",
                    decorator=decorator,
                    mcp=is_mcp,
                )
                break
        elif isinstance(node, ast.ClassDef):
            bases = {(dotted(b) or "").rsplit(".", 1)[-1] for b in node.bases}
            if not bases & {"BaseTool", "Tool"}:
                continue
            body = next(
                (
                    s
                    for s in node.body
                    if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
                    and s.name in {"_run", "_arun", "run", "forward"}
                ),
                None,
            )
            name = node.name
            for stmt in node.body:
                target = (
                    stmt.target
                    if isinstance(stmt, ast.AnnAssign)
                    else (stmt.targets[0] if isinstance(stmt, ast.Assign) else None)
                )
                value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
                if isinstance(target, ast.Name) and target.id == "name" and string_value(value):
                    name = string_value(value) or name
            if body is None:
                yield Tool(
                    name=name,
                    path=module.path,
                    line=node.lineno,
                    registration="BaseTool subclass",
                    key=f"{module.name}.{node.name}",
                )
            else:
                tool = _py_tool(module, body, name=name, line=node.lineno, registration="BaseTool subclass")
                yield replace(tool, key=f"{module.name}.{node.name}")
        elif isinstance(node, ast.Call):
            callee = dotted(node.func) or ""
            if (
                not callee.endswith(
                    (
                        "StructuredTool.from_function",
                        "FunctionTool.from_defaults",
                        "Tool.from_function",
                        "function_tool",
                        "add_tool",
                    )
                )
                and callee != "Tool"
            ):
                continue
            fn_ref: ast.expr | None = next(
                (kw.value for kw in node.keywords if kw.arg in {"func", "fn", "coroutine"}),
                node.args[0] if node.args else None,
            )
            fn_node = module.top_level(fn_ref.id) if isinstance(fn_ref, ast.Name) else None
            given = string_value(next((kw.value for kw in node.keywords if kw.arg == "name"), None))
            if isinstance(fn_node, ast.FunctionDef | ast.AsyncFunctionDef):
                tool = _py_tool(
                    module,
                    fn_node,
                    name=given or fn_node.name,
                    line=node.lineno,
                    registration=f"{callee}()",
                    mcp=callee.endswith("add_tool") and mcp_module,
                )
                yield tool
    yield from _py_schema_tools(module)


def _schema_name(node: ast.Dict) -> tuple[str, int] | None:
    """The tool name of an OpenAI/Anthropic function-calling schema literal."""
    items = {string_value(k): v for k, v in zip(node.keys, node.values, strict=True) if k is not None}
    inner = items.get("function")
    if isinstance(inner, ast.Dict) and string_value(items.get("type")) == "function":
        names = {string_value(k): v for k, v in zip(inner.keys, inner.values, strict=True) if k is not None}
        text = string_value(names.get("name"))
        return (text, node.lineno) if text else None
    text = string_value(items.get("name"))
    if text and ("input_schema" in items or (string_value(items.get("type")) == "function" and "parameters" in items)):
        return text, node.lineno
    return None


def _py_schema_tools(module: PyModule) -> Iterator[Tool]:
    dispatch: dict[str, str] = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                key = string_value(k) if k is not None else None
                if key and isinstance(v, ast.Name | ast.Attribute):
                    dispatch.setdefault(key, dotted(v) or "")
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Dict):
            continue
        found = _schema_name(node)
        if found is None:
            continue
        name, line = found
        target = module.top_level(dispatch.get(name, name).rsplit(".", 1)[-1])
        if isinstance(target, ast.FunctionDef | ast.AsyncFunctionDef):
            tool = _py_tool(module, target, name=name, line=line, registration="function-calling schema")
            yield replace(tool, key=f"{module.name}:schema:{name}")
        else:
            yield Tool(
                name=name,
                path=module.path,
                line=line,
                registration="function-calling schema",
                key=f"{module.name}:schema:{name}",
            )


def _literal_model(value: object) -> str | None:
    if isinstance(value, ast.expr):
        text = string_value(value)
        if text:
            return text
        if isinstance(value, ast.Call):
            first = string_value(value.args[0]) if value.args else None
            return first or string_value(
                next((kw.value for kw in value.keywords if kw.arg in {"model", "id", "model_name", "model_id"}), None)
            )
    if isinstance(value, SgNode):
        text = js_string(value)
        if text:
            return text
        if value.kind() == "call_expression":
            args = arguments(value)
            return js_string(args[0]) if args else None
    return None


def _py_sdk(module: PyModule, callee: str) -> str:
    roots = {t.split(".", 1)[0] for t in module.imports.values()}
    local = callee.split(".", 1)[0]
    origin = module.imports.get(local, "").split(".", 1)[0]
    for sdk in (
        origin,
        *sorted(
            roots
            & {
                "langgraph",
                "agents",
                "crewai",
                "agno",
                "smolagents",
                "llama_index",
                "pydantic_ai",
                "langchain",
                "autogen_agentchat",
                "openai",
                "anthropic",
            }
        ),
    ):
        if sdk:
            return {"agents": "openai-agents", "llama_index": "llama-index", "pydantic_ai": "pydantic-ai"}.get(sdk, sdk)
    return "unknown"


def _cap_text(call: CallSite, names: Iterable[str]) -> str | None:
    for name in names:
        if name in call.options:
            value = call.options[name]
            text = (
                ast.unparse(value) if isinstance(value, ast.expr) else value.text() if isinstance(value, SgNode) else ""
            )
            return f"{name}={text[:40]} (line {call.line})"
    return None


_TOKEN_CAPS = ("max_tokens", "max_output_tokens", "max_completion_tokens")
_RUN_METHODS = frozenset(
    {"invoke", "ainvoke", "stream", "astream", "batch", "abatch", "run", "arun", "kickoff", "run_sync"}
)


def _settings_cap(call: CallSite) -> str | None:
    """A token cap inside ``model_settings=ModelSettings(max_tokens=...)`` (OpenAI Agents SDK);
    settings without one cap nothing."""
    value = call.options.get("model_settings")
    if isinstance(value, ast.Call):
        inner = next((kw for kw in value.keywords if kw.arg in _TOKEN_CAPS), None)
        if inner is not None:
            return f"model_settings {inner.arg}={ast.unparse(inner.value)[:40]} (line {call.line})"
    return None


def _py_model_call(module: PyModule, node: object) -> CallSite | None:
    """The constructor call a model argument names (``llm = ChatOpenAI(...)`` at module level,
    or the call itself)."""
    if isinstance(node, ast.Name):
        node = module.top_level(node.id)
        if isinstance(node, ast.Assign | ast.AnnAssign):
            node = node.value
    if isinstance(node, ast.Call):
        return next(iter(python_calls(node)), None)
    return None


def _py_started_by(
    python: PythonProject, agents: list[Agent], at: Callable[[str, int], EndpointRef | None]
) -> list[Agent]:
    """For agents bound to a module-level name: records where they run (``name.invoke(...)``,
    ``stream``, ``run``... or ``Runner.run(name, ...)`` in any module that imports the name) in
    ``runs``, fills ``started_by`` from the handler spanning a run, and takes a step cap given
    there."""
    wanted = {(a.path, a.bound_to): a for a in agents if a.bound_to}
    if not wanted:
        return agents
    names = {name for _, name in wanted}
    found: dict[tuple[str, str | None], EndpointRef] = {}
    caps: dict[tuple[str, str | None], str] = {}
    sites: dict[tuple[str, str | None], list[Hop]] = {}
    for path, module in sorted(python.index.by_path.items()):
        if is_test_path(path) or not any(name in module.source.text for name in names):
            continue
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            subject: ast.expr | None = None
            if isinstance(node.func, ast.Attribute) and node.func.attr in _RUN_METHODS:
                subject = node.func.value
            if (dotted(node.func) or "").endswith(
                ("Runner.run", "Runner.run_sync", "Runner.run_streamed")
            ) and node.args:
                subject = node.args[0]
            if not isinstance(subject, ast.Name) or subject.id not in names:
                continue
            target = python.index.resolve(module, subject.id)
            key = (target[0].path, target[1]) if target else (path, subject.id)
            if key not in wanted:
                continue
            sites.setdefault(key, []).append(
                Hop(path=path, line=node.lineno, note=f"{dotted(node.func)}() runs the agent")
            )
            ref = at(path, node.lineno)
            if ref is not None:
                found.setdefault(key, ref)
            cap = _run_step_cap(module, node)
            if cap is not None:
                caps.setdefault(key, f"{cap} ({path}:{node.lineno})")
    out = []
    for agent in agents:
        here = (agent.path, agent.bound_to)
        if agent.started_by is None and here in found:
            agent = replace(agent, started_by=found[here])
        if here in caps and (agent.step_cap is None or agent.step_cap.startswith("SDK default")):
            agent = replace(agent, step_cap=caps[here])
        if here in sites:
            agent = replace(agent, runs=tuple(sites[here]))
        out.append(agent)
    return out


def _run_step_cap(module: PyModule, call: ast.Call) -> str | None:
    """``recursion_limit`` / ``max_turns`` given where the agent runs: a keyword, or a key of
    the ``config`` dict (inline, or a dict assigned to the name passed)."""
    for kw in call.keywords:
        if kw.arg in STEP_CAPS:
            return f"{kw.arg}={ast.unparse(kw.value)[:40]} where it runs"
    config = next((kw.value for kw in call.keywords if kw.arg == "config"), None)
    if config is None and len(call.args) > 1:
        config = call.args[1]
    if isinstance(config, ast.Name):
        config = next(
            (
                n.value
                for n in ast.walk(module.tree)
                if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == config.id for t in n.targets)
                and isinstance(n.value, ast.Dict)
            ),
            None,
        )
    if isinstance(config, ast.Dict):
        for key, value in zip(config.keys, config.values, strict=False):
            name = string_value(key)
            if name in STEP_CAPS:
                return f"{name}={ast.unparse(value)[:40]} where it runs"
    return None


def _py_agents(module: PyModule, tools: dict[str, Tool], project: PythonProject) -> Iterator[Agent]:
    assigned = _assigned_names(module.tree)
    runs: dict[str, CallSite] = {}
    calls = list(python_calls(module.tree))
    for call in calls:
        if (
            call.callee.endswith(("Runner.run", "Runner.run_sync", "Runner.run_streamed"))
            and isinstance(call.node, ast.Call)
            and call.node.args
        ):
            first = call.node.args[0]
            if isinstance(first, ast.Name):
                runs[first.id] = call
    for call in calls:
        is_agent = call.name in _PY_AGENT_CALLS and (
            "tools" in call.options
            or call.name in {"bind_tools", "create_react_agent", "AgentExecutor", "initialize_agent", "from_tools"}
        )
        is_raw = llm_caps(call) is not None and "tools" in call.options
        if not (is_agent or is_raw):
            continue
        if call.name == "Agent" and module.imports.get("Agent", "").split(".", 1)[0] not in PY_AGENT_PACKAGES:
            continue
        sdk = (
            _py_sdk(module, call.callee)
            if is_agent
            else ("anthropic" if call.callee.endswith("messages.create") else "openai")
        )
        refs = call.options.get("tools")
        if (
            refs is None
            and call.name in {"bind_tools", "initialize_agent", "create_react_agent", "from_tools"}
            and isinstance(call.node, ast.Call)
        ):
            position = 1 if call.name == "create_react_agent" else 0
            refs = call.node.args[position] if len(call.node.args) > position else None
        resolved, unresolved = _py_tool_refs(refs, module, tools, project)
        step = _cap_text(call, STEP_CAPS)
        target = assigned.get(id(call.node))
        if step is None and target in runs:
            step = _cap_text(runs[target], STEP_CAPS)
        if step is None:
            step = DEFAULT_CAPS.get(sdk) or DEFAULT_CAPS.get(call.name)
            if step is None and is_raw:
                step = "one model call (a loop around it is RC306's)"
        model_node = call.options.get("model") or call.options.get("llm")
        if (
            model_node is None
            and call.name in {"create_react_agent", "create_agent"}
            and isinstance(call.node, ast.Call)
        ):
            model_node = call.node.args[0] if call.node.args else None
        made = _py_model_call(module, model_node)
        token = _cap_text(call, llm_caps(call) or _TOKEN_CAPS) or _settings_cap(call)
        if token is None and made is not None:
            token = _cap_text(made, _TOKEN_CAPS)
            token = f"{token.split(' (')[0]} on the model ({module.path}:{made.line})" if token else None
        approval = None
        for name in ("interrupt_before", "interrupt_on", "middleware"):
            value = call.options.get(name)
            if isinstance(value, ast.expr) and (name != "middleware" or "HumanInTheLoop" in ast.unparse(value)):
                approval = Hop(path=module.path, line=value.lineno, note=f"{name} on the agent")
        yield Agent(
            path=module.path,
            line=call.line,
            sdk=sdk,
            kind="tool-calling call" if is_raw or call.name == "bind_tools" else "agent",
            model=_literal_model(model_node) or (_literal_model(made.node) if made is not None else None),
            tools=tuple(resolved),
            unresolved_tools=tuple(unresolved),
            step_cap=step,
            token_cap=token,
            approval=approval,
            started_by=None,
            bound_to=target,
            traced="callbacks" in call.options,
        )
    if any(t.split(".", 1)[0] in {"mcp", "fastmcp"} for t in module.imports.values()):
        for call in calls:
            if call.name in {"FastMCP", "Server", "MCPServer"}:
                own = [t for t in tools.values() if t.path == module.path and t.mcp]
                dispatch = [
                    f"tools dispatched by {n.name}() (not followed)"
                    for n in ast.walk(module.tree)
                    if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                    and any(_decorator_name(d).endswith(".call_tool") for d in n.decorator_list)
                ]
                yield Agent(
                    path=module.path,
                    line=call.line,
                    sdk="mcp",
                    kind="MCP server",
                    tools=tuple(own),
                    unresolved_tools=tuple(dispatch) if not own else (),
                    step_cap="set by the MCP client",
                )


def _assigned_names(tree: ast.AST) -> dict[int, str]:
    """``id(value)`` → name for every ``name = value`` assignment with one plain target."""
    return {
        id(node.value): node.targets[0].id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
    }


def _py_tool_refs(
    refs: object, module: PyModule, tools: dict[str, Tool], project: PythonProject
) -> tuple[list[Tool], list[str]]:
    resolved: list[Tool] = []
    unresolved: list[str] = []
    if isinstance(refs, ast.Name):
        value = module.top_level(refs.id)
        if isinstance(value, ast.List | ast.Tuple):
            refs = value
        else:
            target = module.imports.get(refs.id)
            return [], [f"{refs.id} (defined {'in ' + target if target else 'elsewhere'}; not followed)"]
    if not isinstance(refs, ast.List | ast.Tuple):
        if refs is not None:
            unresolved.append(ast.unparse(refs)[:60] if isinstance(refs, ast.expr) else "dynamic")
        return resolved, unresolved
    for element in refs.elts:
        if isinstance(element, ast.Call):
            element = element.func
        if isinstance(element, ast.Dict):
            found = _schema_name(element)
            tool = tools.get(f"{module.name}:schema:{found[0]}") if found else None
            if tool is not None:
                resolved.append(tool)
            continue
        name = dotted(element) if isinstance(element, ast.expr) else None
        if not name:
            unresolved.append(ast.unparse(element)[:60] if isinstance(element, ast.expr) else "?")
            continue
        qualified = module.imports.get(name.split(".", 1)[0])
        candidates = [f"{module.name}.{name}"]
        if qualified:
            candidates.append(qualified + name[len(name.split(".", 1)[0]) :])
        tool = next((tools[c] for c in candidates if c in tools), None)
        if tool is None:
            tool = next((t for t in tools.values() if t.key.endswith("." + name.rsplit(".", 1)[-1])), None)
        if tool is not None:
            resolved.append(tool)
        else:
            unresolved.append(name)
    return resolved, unresolved


# --- JS/TS -------------------------------------------------------------------------------------


def _js_imports_agent_sdk(module: JsModule) -> bool:
    return imports_package(module, JS_AGENT_PACKAGES)


def _js_function_arg(call: SgNode) -> SgNode | None:
    for arg in reversed(arguments(call)):
        if arg.kind() in {"arrow_function", "function_expression", "function"}:
            return arg
    return None


def _js_schema_keys(value: SgNode | None) -> list[SgNode]:
    """Property keys of a ``z.object({...})`` schema (zod) or a JSON-schema ``properties``."""
    if value is None:
        return []
    keys: list[SgNode] = []
    for call in [value, *value.find_all(kind="call_expression")]:
        if call.kind() != "call_expression" or not call.text().startswith(("z.object", "z\n", "zod.object")):
            continue
        args = arguments(call)
        if args and args[0].kind() == "object":
            for child in args[0].named_children():
                key = (
                    child.field("key")
                    if child.kind() == "pair"
                    else child
                    if child.kind() == "shorthand_property_identifier"
                    else None
                )
                if key is not None:
                    keys.append(key)
        break
    return keys


def _js_tool(
    module: JsModule,
    *,
    name: str,
    line: int,
    registration: str,
    execute: SgNode | None,
    schema: SgNode | None,
    options: Mapping[str, object],
    mcp: bool,
) -> Tool:
    path = module.source.path
    keys = _js_schema_keys(schema)
    params = [k.text().strip("\"'") for k in keys]
    lines = [line_of(k) for k in keys]
    if execute is not None and not params:
        for pattern in parameters(execute)[:1]:
            if pattern.kind() == "object_pattern":
                for node in pattern.find_all(kind="shorthand_property_identifier_pattern"):
                    params.append(node.text())
                    lines.append(line_of(node))
    actions: list[Action] = []
    approval: Hop | None = None
    logs = False
    compared: set[str] = set()
    if execute is not None:
        for call in js_calls(execute):
            found = classify(call, path, frozenset(params))
            if found is not None:
                actions.append(found)
            if call.name in APPROVAL_CALLS:
                approval = Hop(path=path, line=call.line, note=f"asks for approval ({call.callee}())")
            logs = logs or is_log_call(call.callee) or "audit" in call.callee.lower()
        for binary in execute.find_all(kind="binary_expression"):
            text = binary.text()
            if any(op in text for op in ("===", "!==", "==", "!=")):
                for param in params:
                    rest = text.replace(param, "")
                    if param in text and any(w in rest.lower() for w in _CALLER_WORDS):
                        compared.add(param)
    for option in APPROVAL_OPTIONS:
        value = options.get(option)
        if isinstance(value, SgNode) and value.text() != "false":
            approval = Hop(path=path, line=line_of(value), note=f"{option} set on the tool")
    annotations = options.get("annotations")
    read_only, safe = hints(annotations.text()) if isinstance(annotations, SgNode) else (False, False)
    return Tool(
        name=name,
        path=path,
        line=line,
        registration=registration,
        body_path=path if execute is not None else None,
        body_line=line_of(execute) if execute is not None else None,
        params=tuple(params),
        param_lines=tuple(lines),
        actions=tuple(actions),
        approval=approval,
        mcp=mcp,
        declared_read_only=read_only,
        declared_safe=safe,
        logs=logs,
        compared=frozenset(compared),
        closure_identity=execute is not None and _js_sees_caller(execute),
        key=f"{path}:{name}",
    )


def _js_sees_caller(node: SgNode) -> bool:
    names = {n.text() for n in node.find_all(kind="identifier")}
    names |= {n.text() for n in node.find_all(kind="shorthand_property_identifier")}
    return any(n in {"session", "user", "userId", "currentUser", "auth", "ctx", "context"} for n in names)


def _js_name_of(call: SgNode) -> str | None:
    """The tools-map key or the variable a ``tool({...})`` call is bound to."""
    node = call
    for _ in range(4):
        parent = node.parent()
        if parent is None:
            return None
        if parent.kind() == "pair":
            key = parent.field("key")
            return key.text().strip("\"'") if key is not None else None
        if parent.kind() == "variable_declarator":
            name = parent.field("name")
            return name.text() if name is not None else None
        if parent.kind() not in {
            "arrow_function",
            "parenthesized_expression",
            "await_expression",
            "return_statement",
            "statement_block",
        }:
            return None
        node = parent
    return None


def _js_tools(module: JsModule) -> Iterator[Tool]:
    imports = imports_of(module)
    mcp = any(spec.startswith("@modelcontextprotocol/sdk") for spec, _ in imports.values())
    for call in module.root.find_all(kind="call_expression"):
        function = call.field("function")
        if function is None:
            continue
        callee = function.text()
        args = arguments(call)
        if (
            callee == "tool"
            and imports.get("tool", ("", ""))[0] in {"ai", "@openai/agents"}
            and args
            and args[0].kind() == "object"
        ):
            options = object_entries(args[0])
            name = js_string(options.get("name"))
            execute = options.get("execute")
            if isinstance(execute, SgNode) and execute.kind() not in {
                "arrow_function",
                "function_expression",
                "function",
                "method_definition",
            }:
                execute = None
            yield _js_tool(
                module,
                name=name or _js_name_of(call) or "tool",
                line=line_of(call),
                registration="tool({...})",
                execute=execute if isinstance(execute, SgNode) else None,
                schema=options.get("parameters") or options.get("inputSchema"),
                options=options,
                mcp=False,
            )
        elif mcp and callee.endswith((".tool", ".registerTool")) and args and js_string(args[0]):
            handler = _js_function_arg(call)
            config = args[1] if len(args) > 2 and args[1].kind() == "object" else None
            options = object_entries(config) if config is not None else {}
            schema = options.get("inputSchema") if config is not None else (args[1] if len(args) > 2 else None)
            # MCP's inputSchema is a plain object of zod fields ({ path: z.string() })
            plain = isinstance(schema, SgNode) and schema.kind() == "object" and not schema.text().startswith("z.")
            schema_keys = (
                [c for c in schema.named_children() if c.kind() in {"pair", "shorthand_property_identifier"}]
                if plain and isinstance(schema, SgNode)
                else []
            )
            tool = _js_tool(
                module,
                name=js_string(args[0]) or "tool",
                line=line_of(call),
                registration=f"MCP {callee.rsplit('.', 1)[-1]}()",
                execute=handler,
                schema=schema if isinstance(schema, SgNode) else None,
                options={
                    **options,
                    **({"annotations": args[2]} if len(args) > 3 and args[2].kind() == "object" else {}),
                },
                mcp=True,
            )
            if schema_keys and not tool.params:
                names = [(k.field("key") or k).text().strip("\"'") for k in schema_keys]
                tool = replace(tool, params=tuple(names), param_lines=tuple(line_of(k) for k in schema_keys))
            yield tool


def _js_agents(module: JsModule, tools: dict[str, Tool], project: JsProject) -> Iterator[Agent]:
    imports = imports_of(module)
    path = module.source.path
    for call in js_calls(module.root):
        is_sdk_loop = (
            call.name in {"generateText", "streamText", "generateObject", "streamObject"} and "tools" in call.options
        )
        is_raw = llm_caps(call) is not None and "tools" in call.options and not is_sdk_loop
        is_agent = call.name in {"Agent", "ToolLoopAgent", "Experimental_Agent"} and "tools" in call.options
        is_mcp = call.name in {"McpServer", "Server"} and imports.get(call.callee, ("", ""))[0].startswith(
            "@modelcontextprotocol/sdk"
        )
        if not (is_sdk_loop or is_raw or is_agent or is_mcp):
            continue
        if is_mcp:
            own = [t for t in tools.values() if t.path == path and t.mcp]
            elsewhere = () if own else ("tools registered in other modules (not followed)",)
            yield Agent(
                path=path,
                line=call.line,
                sdk="mcp",
                kind="MCP server",
                tools=tuple(own),
                unresolved_tools=elsewhere,
                step_cap="set by the MCP client",
            )
            continue
        refs = call.options.get("tools")
        resolved, unresolved = _js_tool_refs(refs, module, tools, project)
        step = _cap_text(call, STEP_CAPS) or DEFAULT_CAPS.get(call.name)
        if step is None and is_agent:
            step = "SDK default (OpenAI Agents JS maxTurns 10; AI SDK Agent stopWhen stepCountIs(20))"
        if step is None and is_raw:
            step = "one model call (a loop around it is RC306's)"
        caps = llm_caps(call) or frozenset({"maxTokens", "maxOutputTokens"})
        sdk = (
            "vercel-ai"
            if is_sdk_loop
            else "openai-agents"
            if imports.get(call.callee, ("", ""))[0] == "@openai/agents"
            else "vercel-ai"
            if is_agent
            else "openai"
        )
        if call.callee.endswith("messages.create"):
            sdk = "anthropic"
        yield Agent(
            path=path,
            line=call.line,
            sdk=sdk,
            kind="agent" if is_agent or is_sdk_loop else "tool-calling call",
            model=_literal_model(call.options.get("model")),
            tools=tuple(resolved),
            unresolved_tools=tuple(unresolved),
            step_cap=step,
            token_cap=_cap_text(call, caps),
            traced="experimental_telemetry" in call.options,
        )


def _js_tool_refs(
    refs: object, module: JsModule, tools: dict[str, Tool], project: JsProject
) -> tuple[list[Tool], list[str]]:
    resolved: list[Tool] = []
    unresolved: list[str] = []
    if not isinstance(refs, SgNode):
        return resolved, unresolved
    if refs.kind() == "identifier":
        unresolved.append(f"{refs.text()} (not followed)")
        return resolved, unresolved
    entries: list[tuple[str, SgNode | None]] = []
    if refs.kind() == "object":
        for child in refs.named_children():
            if child.kind() == "pair":
                pair_key, pair_value = child.field("key"), child.field("value")
                if pair_key is not None:
                    entries.append((pair_key.text().strip("\"'"), pair_value))
            elif child.kind() == "shorthand_property_identifier":
                entries.append((child.text(), child))
            elif child.kind() == "spread_element":
                unresolved.append(child.text()[:60])
    elif refs.kind() == "array":
        for child in refs.named_children():
            entries.append((child.text(), child))
    imports = imports_of(module)
    path = module.source.path
    for key, value in entries:
        local = key
        if value is not None and value.kind() in {"identifier", "shorthand_property_identifier"}:
            local = value.text()
        elif value is not None and value.kind() == "call_expression" and value.field("function") is not None:
            local = value.field("function").text()  # type: ignore[union-attr]
            if local == "tool":
                tool = tools.get(f"{path}:{key}")
                if tool is not None:
                    resolved.append(tool)
                    continue
        tool = tools.get(f"{path}:{local}")
        if tool is None and local in imports:
            specifier, name = imports[local]
            target = project.resolve(path, specifier)
            if target is not None:
                tool = tools.get(f"{target.source.path}:{name}") or tools.get(f"{target.source.path}:{local}")
        if tool is not None:
            resolved.append(tool)
        else:
            unresolved.append(key)
    return resolved, unresolved


# --- the inventory -------------------------------------------------------------------------


def build_agents(
    python: PythonProject, js: JsProject, at: Callable[[str, int], EndpointRef | None] | None = None
) -> Agents:
    """The agent inventory of the non-test Python and JS/TS modules.

    Args:
        python / js: the parsed projects.
        at: a callable ``(path, line) -> EndpointRef | None`` giving the endpoint whose handler
            spans a line (the handler index), used to fill ``started_by``.

    Never raises on repository content; modules that did not parse are already in the
    projects' not-checked notes.
    """
    found = Agents()
    tools: dict[str, Tool] = {}
    # Only modules that import an agent or LLM SDK are read; each is tested once here.
    py_modules = [
        m for p, m in sorted(python.index.by_path.items()) if not is_test_path(p) and _py_imports_agent_sdk(m)
    ]
    js_modules = [m for p, m in sorted(js.modules.items()) if not is_test_path(p) and _js_imports_agent_sdk(m)]
    for module in py_modules:
        for tool in _py_tools(module):
            tools.setdefault(tool.key, tool)
    for js_module in js_modules:
        for tool in _js_tools(js_module):
            tools.setdefault(tool.key, tool)
    agents: list[Agent] = []
    for module in py_modules:
        agents.extend(_py_agents(module, tools, python))
    for js_module in js_modules:
        agents.extend(_js_agents(js_module, tools, js))
    if at is not None:
        agents = _py_started_by(python, [replace(a, started_by=at(a.path, a.line)) for a in agents], at)
    found.agents = sorted(agents, key=lambda a: (a.path, a.line))
    found.tools = sorted(tools.values(), key=lambda t: (t.path, t.line, t.name))
    return found


def tool_dict(tool: Tool) -> dict[str, object]:
    """One tool as JSON (``readycheck agents --format json``): name, where, registration,
    effect (``read``/``write``/``external side effect``/``unknown``), parameters, actions,
    approval evidence, MCP hints."""
    return {
        "name": tool.name,
        "path": tool.path,
        "line": tool.line,
        "registration": tool.registration,
        "effect": tool.effect.value if tool.effect is not None else "unknown",
        "params": list(tool.params),
        "actions": [
            {"what": a.what, "path": a.path, "line": a.line, "high_impact": a.high_impact} for a in tool.actions
        ],
        "approval": str(tool.approval) if tool.approval else None,
        "mcp": tool.mcp,
        "declared_read_only": tool.declared_read_only,
        "declared_safe": tool.declared_safe,
        "logs": tool.logs,
    }


def agent_dict(agent: Agent) -> dict[str, object]:
    """One agent as JSON: where, SDK, kind, model, tools (names), unresolved tool references,
    step and token caps in words, approval, and the endpoint that starts it (or null)."""
    return {
        "path": agent.path,
        "line": agent.line,
        "sdk": agent.sdk,
        "kind": agent.kind,
        "model": agent.model,
        "tools": [t.name for t in agent.tools],
        "unresolved_tools": list(agent.unresolved_tools),
        "step_cap": agent.step_cap,
        "token_cap": agent.token_cap,
        "approval": str(agent.approval) if agent.approval else None,
        "started_by": f"{agent.started_by.method} {agent.started_by.route}" if agent.started_by else None,
    }
