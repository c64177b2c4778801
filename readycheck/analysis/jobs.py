"""The background-job inventory: each task of a job queue, with its time limit, its retries and
backoff, the idempotency key of its side effects, and what its body does.

Read by the job checks (RC308, RC309) and listed by ``readycheck agents``. Built once per scan
from the parsed modules; nothing is executed.

Recognised (sources: each library's documentation, 2025):

- **Celery**: ``@app.task(...)``, ``@shared_task(...)``, ``@celery.task``; ``time_limit`` /
  ``soft_time_limit`` on the task or ``task_time_limit`` / ``task_soft_time_limit`` in the app
  configuration (``app.conf``, ``conf.update(...)``, a ``CELERY_TASK_TIME_LIMIT`` Django
  setting); no limit by default. Retries: ``autoretry_for`` (``max_retries`` default 3),
  ``self.retry()``, ``acks_late`` (redelivered when the worker dies); ``retry_backoff``.
- **Dramatiq** ``@dramatiq.actor``: ``time_limit`` default 10 minutes, ``max_retries`` default 20
  with exponential backoff.
- **Huey** ``@huey.task`` / ``@huey.periodic_task``: ``retries`` (default 0), ``retry_delay``.
- **RQ**: ``queue.enqueue(fn, job_timeout=..., retry=Retry(max=...))``; ``job_timeout`` default
  180 seconds, ``-1`` means none.
- **BullMQ**: ``new Worker(queue, processor)`` with the ``attempts`` / ``backoff`` of
  ``queue.add(...)`` or the queue's ``defaultJobOptions`` (one attempt and no backoff by
  default); no per-job time limit exists.
- **Inngest** ``inngest.createFunction({ retries }, trigger, handler)``: 4 retries by default;
  work inside ``step.run()`` is memoised and not repeated by a retry.
- **arq** ``WorkerSettings.functions`` (``func(coroutine, timeout=, max_tries=)``): 300 s default
  time limit; a job is retried when it raises ``Retry``.
- **APScheduler** ``scheduler.add_job(func, ...)``: no time limit or retries exist.
- **Trigger.dev** ``task({ id, retry, maxDuration, run })``: retries from ``trigger.config.ts``
  when the task sets none.
- **Agenda** ``agenda.define(name, [options], handler)``: no retries; ``lockLifetime`` (10
  minutes by default) after which another worker runs the job again.

Idempotency keys: Stripe ``idempotency_key`` / ``idempotencyKey``, an ``Idempotency-Key``
header, Resend ``idempotencyKey``, Inngest ``idempotency``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.agents import Action, Agents, agent_dict, classify, py_body_actions, tool_dict
from readycheck.analysis.calls import CallSite, is_http_call, js_calls, llm_caps, python_calls
from readycheck.analysis.calls import effect as call_effect
from readycheck.analysis.js import JsModule, JsProject, arguments, imports_of, line_of, object_entries
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.jssymbols import JsValue, symbols_of, unwrap
from readycheck.analysis.names import words
from readycheck.analysis.python import PyModule, PythonProject, dotted, string_value
from readycheck.model import Hop
from readycheck.repository import is_test_path

# Celery settings that bound a task's run time (Celery "Configuration and defaults": task_time_limit,
# task_soft_time_limit; Django settings with the CELERY_ namespace; the pre-4.0 CELERYD_ names).
CELERY_LIMIT_SETTINGS = frozenset(
    {
        "task_time_limit",
        "task_soft_time_limit",
        "CELERY_TASK_TIME_LIMIT",
        "CELERY_TASK_SOFT_TIME_LIMIT",
        "CELERYD_TASK_TIME_LIMIT",
        "CELERYD_TASK_SOFT_TIME_LIMIT",
    }
)
IDEMPOTENCY_OPTIONS = frozenset({"idempotency_key", "idempotencyKey", "Idempotency-Key", "idempotency-key"})
# Side effects a retry repeats for the outside world (a second charge, a second email).
REPEATED_EFFECTS = ("moves money", "sends email or messages", "sends messages (by its name")


@dataclass(frozen=True, kw_only=True)
class Job:
    """A background task.

    Attributes:
        framework: ``Celery``, ``Dramatiq``, ``Huey``, ``RQ``, ``arq``, ``APScheduler``,
            ``BullMQ``, ``Inngest``, ``Trigger.dev`` or ``Agenda``.
        name / path / line: the task and where it is declared (1-based line).
        time_limit: what bounds its run time (``"time_limit=300"``, ``"task_time_limit=600
            (app/celery.py:9)"``, ``"SDK default: 10 minutes (Dramatiq)"``), or None for none.
        limit_disabled: the limit is switched off explicitly (RQ ``job_timeout=-1``).
        retries: what retries it (``"autoretry_for, max_retries 3 (Celery default)"``,
            ``"attempts: 5"``), or None when a failure is not retried.
        backoff: what spaces the retries, or None.
        actions: side effects found in its body, one level of same-module helpers followed.
        idempotent: the effects that carry an idempotency key (callee texts).
        io: calls that wait on another service (HTTP, LLM, email, payment, subprocess).
        done_check: an early return on a "done" state (``if order.receipt_sent: return``)
            that makes a rerun skip the effects, or None.
    """

    framework: str
    name: str
    path: str
    line: int
    time_limit: str | None = None
    limit_disabled: bool = False
    retries: str | None = None
    backoff: str | None = None
    actions: tuple[Action, ...] = ()
    idempotent: frozenset[str] = frozenset()
    io: tuple[Hop, ...] = ()
    done_check: Hop | None = None

    @property
    def repeated_effects(self) -> list[Action]:
        """Effects a retry repeats outside the app (money, email, messages) with no key and no
        "already done" check before them."""
        if self.done_check is not None:
            return []
        return [a for a in self.actions if a.what.startswith(REPEATED_EFFECTS) and a.callee not in self.idempotent]


@dataclass
class Jobs:
    """Every job found, and the files that declare a queue whose tasks could not be read."""

    jobs: list[Job] = field(default_factory=list)
    unresolved: list[Hop] = field(default_factory=list)


# --- Python -----------------------------------------------------------------------------------


def _root_imports(module: PyModule) -> set[str]:
    return {target.split(".", 1)[0] for target in module.imports.values()}


def _celery_limits(project: PythonProject) -> str | None:
    """The first app-wide Celery time limit of the project, as ``setting=value (path:line)``."""
    for path, module in sorted(project.index.by_path.items()):
        # only modules that spell a limit setting are walked (a cheap text test first)
        if is_test_path(path) or "time_limit" not in module.source.text.lower():
            continue
        for node in ast.walk(module.tree):
            names: list[tuple[str, int]] = []
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [((dotted(t) or "").rsplit(".", 1)[-1], node.lineno) for t in targets]
            elif isinstance(node, ast.Call):
                names = [(kw.arg, node.lineno) for kw in node.keywords if kw.arg]
            elif isinstance(node, ast.Dict):
                names = [(string_value(k) or "", node.lineno) for k in node.keys if k is not None]
            for name, line in names:
                if name in CELERY_LIMIT_SETTINGS:
                    return f"{name} ({path}:{line})"
    return None


def _framework(module: PyModule, project: PythonProject, decorator: ast.expr) -> str | None:
    """The queue library a task decorator belongs to, from the imports of the module (or of
    the module that defines the decorator's app object)."""
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = dotted(func) or ""
    last = name.rsplit(".", 1)[-1]
    if last not in {"task", "shared_task", "actor", "periodic_task", "db_task", "db_periodic_task"}:
        return None
    roots = _root_imports(module)
    if "." in name:
        found = project.index.resolve(module, name.split(".", 1)[0])
        if found is not None:
            roots |= _root_imports(found[0])
    if last == "actor":
        return "Dramatiq" if "dramatiq" in roots else None
    if "huey" in roots and last in {"task", "periodic_task", "db_task", "db_periodic_task"}:
        return "Huey"
    if "celery" in roots and last in {"task", "shared_task"}:
        return "Celery"
    return None


def _truthy(node: ast.expr | None) -> bool:
    return node is not None and not (isinstance(node, ast.Constant) and node.value in (False, None, 0))


def _py_io(fn: ast.AST, path: str) -> list[Hop]:
    hops = []
    for call in python_calls(fn):
        if _waits(call):
            hops.append(Hop(path=path, line=call.line, note=f"{call.callee}() waits on another service"))
    return hops


def _waits(call: CallSite) -> bool:
    return (
        call_effect(call) is not None
        or llm_caps(call) is not None
        or is_http_call(call)
        or call.callee.startswith(("requests.", "httpx.", "subprocess.", "urllib.request.", "aiohttp."))
    )


def _py_idempotent(fn: ast.AST) -> frozenset[str]:
    """Callees of calls that pass an idempotency key (an option, or an ``Idempotency-Key``
    header in a literal dict)."""
    keyed = set()
    for call in python_calls(fn):
        header = isinstance(call.node, ast.AST) and any(
            string_value(n) in IDEMPOTENCY_OPTIONS for n in ast.walk(call.node) if isinstance(n, ast.Constant)
        )
        if header or any(option in IDEMPOTENCY_OPTIONS for option in call.options):
            keyed.add(call.callee)
    return frozenset(keyed)


# Words of a state that says the work was done already (``receipt_sent``, ``is_processed``).
DONE_WORDS = frozenset(
    {"sent", "processed", "paid", "charged", "done", "completed", "delivered", "notified", "handled"}
)


def _py_done_check(fn: ast.AST, path: str) -> Hop | None:
    """An ``if`` on a done-state that returns, or an ``exists()``/``get_or_create`` lookup."""
    for node in ast.walk(fn):
        if isinstance(node, ast.If) and isinstance(node.body[-1], ast.Return | ast.Raise):
            names = {
                w
                for n in ast.walk(node.test)
                for w in words(dotted(n) or "")
                if isinstance(n, ast.Name | ast.Attribute)
            }
            if names & DONE_WORDS:
                return Hop(path=path, line=node.lineno, note="returns early when the work was done already")
    return None


def _py_jobs(module: PyModule, project: PythonProject, app_limit: str | None) -> Iterator[Job]:
    path = module.path
    for fn in ast.walk(module.tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in fn.decorator_list:
            framework = _framework(module, project, decorator)
            if framework is None:
                continue
            options = (
                {kw.arg: kw.value for kw in decorator.keywords if kw.arg} if isinstance(decorator, ast.Call) else {}
            )
            yield _py_job(framework, fn, path, module, options, app_limit, decorator.lineno)
            break
    roots = _root_imports(module)
    for call in python_calls(module.tree):
        if call.name in {"enqueue", "enqueue_call", "enqueue_in", "enqueue_at"} and "rq" in roots:
            yield _rq_job(call, path, module)
        elif call.name == "add_job" and "apscheduler" in roots:
            yield from _apscheduler_job(call, path, module)
    if "arq" in roots:
        yield from _arq_jobs(module, path)


def _function_named(module: PyModule, node: object) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    name = dotted(node) if isinstance(node, ast.expr) else None
    found = module.top_level(name) if name and "." not in name else None
    return found if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef) else None


def _body_job(
    framework: str, name: str, path: str, line: int, module: PyModule, body: ast.AST | None, **facts: object
) -> Job:
    """A job whose body is ``body`` (None when it could not be found)."""
    return Job(
        framework=framework,
        name=name,
        path=path,
        line=line,
        actions=tuple(py_body_actions(body, path, frozenset(), module)) if body is not None else (),
        idempotent=_py_idempotent(body) if body is not None else frozenset(),
        io=tuple(_py_io(body, path)) if body is not None else (),
        done_check=_py_done_check(body, path) if body is not None else None,
        **facts,  # type: ignore[arg-type]
    )


def _apscheduler_job(call: CallSite, path: str, module: PyModule) -> Iterator[Job]:
    """``scheduler.add_job(func, trigger, ...)``: no time limit or retries exist in APScheduler;
    ``max_instances`` (default 1) keeps runs from overlapping."""
    node = call.node
    assert isinstance(node, ast.Call)
    target = node.args[0] if node.args else call.options.get("func")
    body = _function_named(module, target)
    name = dotted(target) if isinstance(target, ast.expr) else None
    yield _body_job(
        "APScheduler",
        name or "a job",
        path,
        call.line,
        module,
        body,
        time_limit="not available in APScheduler (bound the calls inside)",
    )


def _arq_jobs(module: PyModule, path: str) -> Iterator[Job]:
    """The ``functions`` of an arq ``WorkerSettings`` class: ``func(coroutine, timeout=...,
    max_tries=...)`` or plain coroutines; ``job_timeout`` (default 300 s) and ``max_tries``
    (default 5) on the class. arq retries a job that raises ``Retry`` (or is cut off when a
    worker stops); other failures are not retried."""
    for cls in (n for n in module.tree.body if isinstance(n, ast.ClassDef)):
        settings = {
            t.id: stmt.value
            for stmt in cls.body
            if isinstance(stmt, ast.Assign)
            for t in stmt.targets
            if isinstance(t, ast.Name)
        }
        functions = settings.get("functions")
        if not isinstance(functions, ast.List | ast.Tuple):
            continue
        class_limit = settings.get("job_timeout")
        for entry in functions.elts:
            options: dict[str, ast.expr] = {}
            target: ast.expr = entry
            if isinstance(entry, ast.Call) and (dotted(entry.func) or "").endswith("func") and entry.args:
                target = entry.args[0]
                options = {kw.arg: kw.value for kw in entry.keywords if kw.arg}
            body = _function_named(module, target)
            limit = options.get("timeout") or class_limit
            raises_retry = body is not None and any(
                isinstance(n, ast.Raise)
                and n.exc is not None
                and "Retry" in (dotted(n.exc) or dotted(getattr(n.exc, "func", None)) or "")
                for n in ast.walk(body)
            )
            tries = options.get("max_tries") or settings.get("max_tries")
            yield _body_job(
                "arq",
                dotted(target) or "a job",
                path,
                entry.lineno,
                module,
                body,
                time_limit=f"timeout={ast.unparse(limit)}" if limit is not None else "SDK default: 300 s (arq)",
                retries=(
                    f"raises Retry, max_tries {ast.unparse(tries)}"
                    if tries is not None
                    else "raises Retry, max_tries 5 (arq default)"
                )
                if raises_retry
                else None,
                backoff="Retry(defer=...)" if raises_retry else None,
            )


def _py_job(
    framework: str,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    path: str,
    module: PyModule,
    options: dict[str, ast.expr],
    app_limit: str | None,
    line: int,
) -> Job:
    limit: str | None = None
    retries: str | None = None
    backoff: str | None = None
    disabled = False
    given = [o for o in ("time_limit", "soft_time_limit") if o in options]
    if framework == "Celery":
        limit = f"{given[0]}={ast.unparse(options[given[0]])}" if given else app_limit
        retry_calls = [
            c for c in python_calls(fn) if c.callee.endswith(".retry") and c.callee.split(".")[0] in {"self", fn.name}
        ]
        max_retries = options.get("max_retries")
        count = (
            f"max_retries {ast.unparse(max_retries)}" if max_retries is not None else "max_retries 3 (Celery default)"
        )
        if "autoretry_for" in options:
            retries = f"autoretry_for, {count}"
        elif retry_calls:
            retries = f"self.retry() at line {retry_calls[0].line}, {count}"
        elif _truthy(options.get("acks_late")):
            retries = "acks_late: redelivered when a worker dies"
        if _truthy(options.get("retry_backoff")):
            backoff = "retry_backoff"
        elif retries:
            backoff = "default_retry_delay" if "default_retry_delay" in options else "180 s fixed (Celery default)"
    elif framework == "Dramatiq":
        value = options.get("time_limit")
        limit = f"time_limit={ast.unparse(value)}" if value is not None else "SDK default: 10 minutes (Dramatiq)"
        disabled = isinstance(value, ast.Constant) and value.value in (None, 0)
        most = options.get("max_retries")
        if not (isinstance(most, ast.Constant) and most.value == 0):
            retries = f"max_retries {ast.unparse(most)}" if most is not None else "max_retries 20 (Dramatiq default)"
            backoff = "exponential (Dramatiq default)"
    elif framework == "Huey":
        tries = options.get("retries")
        if tries is not None and not (isinstance(tries, ast.Constant) and tries.value == 0):
            retries = f"retries {ast.unparse(tries)}"
            backoff = "retry_delay" if "retry_delay" in options else None
        limit = "not available in Huey (bound the calls inside)"
    return Job(
        framework=framework,
        name=fn.name,
        path=path,
        line=line,
        time_limit=limit,
        limit_disabled=disabled,
        retries=retries,
        backoff=backoff,
        actions=tuple(py_body_actions(fn, path, frozenset(), module)),
        idempotent=_py_idempotent(fn),
        io=tuple(_py_io(fn, path)),
        done_check=_py_done_check(fn, path),
    )


def _rq_job(call: CallSite, path: str, module: PyModule) -> Job:
    node = call.node
    assert isinstance(node, ast.Call)
    target = node.args[0] if node.args else call.options.get("f")
    name = dotted(target) if isinstance(target, ast.expr) else None
    timeout = call.options.get("job_timeout") or call.options.get("timeout")
    text = ast.unparse(timeout) if isinstance(timeout, ast.expr) else None
    retry = call.options.get("retry")
    return _body_job(
        "RQ",
        name or "a job",
        path,
        call.line,
        module,
        _function_named(module, target),
        time_limit=f"job_timeout={text}" if text is not None else "SDK default: 180 s (RQ)",
        limit_disabled=text in {"-1", "'-1'", '"-1"', "None"},
        retries=f"retry={ast.unparse(retry)}" if isinstance(retry, ast.expr) else None,
        backoff="Retry interval"
        if isinstance(retry, ast.Call) and any(k.arg == "interval" for k in retry.keywords)
        else None,
    )


# --- JavaScript / TypeScript ------------------------------------------------------------------


def _js_from(module: JsModule, package: str) -> set[str]:
    """Local names ``module`` imports from ``package``."""
    return {
        local for local, (spec, _) in imports_of(module).items() if spec == package or spec.startswith(package + "/")
    }


def _js_body(module: JsModule, node: SgNode | None, project: JsProject) -> SgNode | None:
    """A processor given inline or by name (followed through the symbol tables)."""
    if node is None:
        return None
    if node.kind() in {"arrow_function", "function_expression", "function"}:
        return node
    if node.kind() == "identifier":
        found = symbols_of(project).name(module, node.text())
        if isinstance(found, JsValue):
            value = unwrap(found.node)
            if value.kind() in {"arrow_function", "function_expression", "function_declaration", "function"}:
                return value
    return None


def _js_effects(body: SgNode, path: str, skip: list[SgNode]) -> tuple[list[Action], frozenset[str], list[Hop]]:
    """Side effects, keyed effects and waiting calls of a JS body, leaving out the calls inside
    ``skip`` (Inngest ``step.run`` callbacks, memoised across retries)."""
    ranges = [(n.range().start.index, n.range().end.index) for n in skip]
    actions: list[Action] = []
    keyed: set[str] = set()
    io: list[Hop] = []
    for call in js_calls(body):
        assert isinstance(call.node, SgNode)
        at = call.node.range().start.index
        if any(a <= at <= b for a, b in ranges):
            continue
        found = classify(call, path)
        if found is not None:
            actions.append(found)
        labels = [p.field("key") for p in call.node.find_all(kind="pair")]
        keys = {k.text().strip("\"'") for k in labels if k is not None}
        if (keys | set(call.options)) & IDEMPOTENCY_OPTIONS:
            keyed.add(call.callee)
        if _waits(call) or call.name == "fetch":
            io.append(Hop(path=path, line=call.line, note=f"{call.callee}() waits on another service"))
    return actions, frozenset(keyed), io


def _js_done_check(body: SgNode | None, path: str) -> Hop | None:
    """An ``if (order.receiptSent) return`` on a done-state."""
    if body is None:
        return None
    for node in body.find_all(kind="if_statement"):
        condition, consequence = node.field("condition"), node.field("consequence")
        if condition is None or consequence is None:
            continue
        returns = consequence.kind() == "return_statement" or bool(consequence.find(kind="return_statement"))
        said = {w for i in condition.find_all(kind="property_identifier") for w in words(i.text())}
        said |= {w for i in condition.find_all(kind="identifier") for w in words(i.text())}
        if returns and said & DONE_WORDS:
            return Hop(path=path, line=line_of(node), note="returns early when the work was done already")
    return None


def _js_body_job(
    framework: str,
    name: str,
    path: str,
    line: int,
    body: SgNode | None,
    skip: list[SgNode] | None = None,
    keyed_by_config: bool = False,
    **facts: object,
) -> Job:
    """A JS/TS job whose body is ``body`` (None when it could not be found): its effects, keyed
    effects (all of them when the job's own configuration sets an idempotency key), waiting
    calls and done-check, plus ``facts`` (time limit, retries, backoff)."""
    actions, keyed, io = _js_effects(body, path, skip or []) if body is not None else ([], frozenset(), [])
    if keyed_by_config:
        keyed = keyed | {a.callee for a in actions}
    return Job(
        framework=framework,
        name=name,
        path=path,
        line=line,
        actions=tuple(actions),
        idempotent=keyed,
        io=tuple(io),
        done_check=_js_done_check(body, path),
        **facts,  # type: ignore[arg-type]
    )


def _js_jobs(module: JsModule, project: JsProject) -> Iterator[Job]:
    path = module.source.path
    bull = _js_from(module, "bullmq")
    inngest_imported = bool(_js_from(module, "inngest"))
    trigger = _js_from(module, "@trigger.dev/sdk") | {f"{n}.task" for n in _js_from(module, "@trigger.dev/sdk")}
    trigger |= {"schedules.task"} if "schedules" in trigger else set()
    agenda = bool(_js_from(module, "agenda") or _js_from(module, "@hokify/agenda"))
    queues: dict[str, dict[str, SgNode]] = {}
    adds: dict[str, dict[str, SgNode]] = {}
    calls = list(js_calls(module.root))
    if bull:
        for call in calls:
            args = arguments(call.node) if isinstance(call.node, SgNode) else []
            name = js_string(args[0]) if args else None
            if call.callee in bull and call.callee.endswith("Queue") and name:
                defaults = object_entries(args[1]) if len(args) > 1 else {}
                queues[name] = object_entries(defaults.get("defaultJobOptions"))
            if call.name in {"add", "addBulk"} and len(args) > 2:
                adds.setdefault(call.callee.rsplit(".", 1)[0], object_entries(args[2]))
    for call in calls:
        node = call.node
        if not isinstance(node, SgNode):
            continue
        args = arguments(node)
        if bull and call.callee in bull and call.callee.endswith("Worker") and len(args) > 1:
            queue = js_string(args[0]) or "a queue"
            options = dict(queues.get(queue, {}))
            for opts in adds.values():
                options = {**options, **opts}
            attempts = options.get("attempts")
            count = attempts.text() if attempts is not None else None
            yield _js_body_job(
                "BullMQ",
                queue,
                path,
                call.line,
                _js_body(module, args[1], project),
                time_limit="not available in BullMQ (bound the calls inside)",
                retries=f"attempts: {count}" if count not in (None, "0", "1") else None,
                backoff="backoff" if "backoff" in options else None,
            )
        elif trigger and call.callee in trigger and call.name in {"task", "schemaTask", "schedules.task"} and args:
            yield _trigger_job(module, project, call, args[0], path)
        elif call.name == "define" and agenda and len(args) >= 2:
            yield _agenda_job(module, project, call, args, path)
        elif inngest_imported or call.callee.endswith("inngest.createFunction"):
            if call.name != "createFunction" or len(args) < 3:
                continue
            config = object_entries(args[0])
            body = _js_body(module, args[2], project)
            name = js_string(config.get("id")) or js_string(config.get("name")) or "an Inngest function"
            retries = config.get("retries")
            steps = (
                [c.node for c in js_calls(body) if c.callee.endswith("step.run") and isinstance(c.node, SgNode)]
                if body is not None
                else []
            )
            text = retries.text() if retries is not None else None
            yield _js_body_job(
                "Inngest",
                name,
                path,
                call.line,
                body,
                skip=steps,
                keyed_by_config="idempotency" in config,
                time_limit="SDK default (Inngest step and function timeouts)",
                retries=None if text == "0" else (f"retries: {text}" if text else "4 retries (Inngest default)"),
                backoff="exponential (Inngest default)",
            )


def _trigger_job(module: JsModule, project: JsProject, call: CallSite, config: SgNode, path: str) -> Job:
    """Trigger.dev ``task({ id, retry: { maxAttempts }, maxDuration, run })``; without
    ``retry`` the project's ``trigger.config.ts`` default applies (3 attempts in the template)."""
    options = object_entries(config)
    body = _js_body(module, options.get("run"), project)
    retry = object_entries(options.get("retry"))
    attempts = retry.get("maxAttempts")
    count = attempts.text() if attempts is not None else None
    duration = options.get("maxDuration")
    return _js_body_job(
        "Trigger.dev",
        js_string(options.get("id")) or "a task",
        path,
        call.line,
        body,
        time_limit=f"maxDuration: {duration.text()}" if duration is not None else "trigger.config.ts maxDuration",
        retries=None
        if count in {"0", "1"}
        else (f"maxAttempts: {count}" if count else "trigger.config.ts default (3 in the template)"),
        backoff="exponential (Trigger.dev default)" if count not in {"0", "1"} else None,
    )


def _agenda_job(module: JsModule, project: JsProject, call: CallSite, args: list[SgNode], path: str) -> Job:
    """Agenda ``agenda.define(name, [options], handler)``: no retries by default; a run longer
    than ``lockLifetime`` (default 10 minutes) is picked up again by another worker."""
    options = object_entries(args[1]) if len(args) > 2 else {}
    body = _js_body(module, args[-1], project)
    lock = options.get("lockLifetime")
    return _js_body_job(
        "Agenda",
        js_string(args[0]) or "a job",
        path,
        call.line,
        body,
        time_limit=f"lockLifetime: {lock.text()}"
        if lock is not None
        else "lockLifetime 10 minutes (Agenda default; then rerun)",
    )


def build_jobs(python: PythonProject, js: JsProject) -> Jobs:
    """Every background job of the non-test Python and JS/TS modules (see the module
    docstring for what is recognised). Never raises on parsed code."""
    found = Jobs()
    queues = {"celery", "dramatiq", "huey", "rq", "arq", "apscheduler"}
    if any(_root_imports(m) & queues for m in python.index.by_path.values()):
        app_limit = _celery_limits(python)
        for path, module in sorted(python.index.by_path.items()):
            if not is_test_path(path) and (_root_imports(module) & queues or _repo_roots(module, python)):
                found.jobs.extend(_py_jobs(module, python, app_limit))
    for path, js_module in sorted(js.modules.items()):
        if not is_test_path(path) and (
            any(_js_from(js_module, p) for p in ("bullmq", "inngest", "@trigger.dev/sdk", "agenda", "@hokify/agenda"))
            or "inngest" in js_module.source.text
        ):
            found.jobs.extend(_js_jobs(js_module, js))
    return found


def _repo_roots(module: PyModule, project: PythonProject) -> set[str]:
    """Queue packages imported by the repository modules ``module`` imports (a task module
    that imports ``app`` from ``proj/celery.py``)."""
    roots: set[str] = set()
    for name in module.bindings:
        found = project.index.resolve(module, name)
        if found is not None:
            roots |= _root_imports(found[0]) & {"celery", "dramatiq", "huey", "rq", "arq", "apscheduler"}
    return roots


def job_dict(job: Job) -> dict[str, object]:
    """A job as JSON: framework, name, where, time limit, retries and backoff in words (null
    for none), its side effects, and the ones a retry repeats without a key."""
    return {
        "framework": job.framework,
        "name": job.name,
        "path": job.path,
        "line": job.line,
        "time_limit": job.time_limit,
        "retries": job.retries,
        "backoff": job.backoff,
        "effects": [{"what": a.what, "path": a.path, "line": a.line} for a in job.actions],
        "repeated_without_key": [{"what": a.what, "path": a.path, "line": a.line} for a in job.repeated_effects]
        if job.retries
        else [],
    }


def ai_inventory(agents: Agents, jobs: Jobs) -> dict[str, list[dict[str, object]]]:
    """The report's ``agents`` object: ``agents``, ``tools`` and ``jobs`` as JSON-ready lists
    (:func:`readycheck.analysis.agents.agent_dict`, :func:`~readycheck.analysis.agents.tool_dict`,
    :func:`job_dict`)."""
    return {
        "agents": [agent_dict(a) for a in agents.agents],
        "tools": [tool_dict(t) for t in agents.tools],
        "jobs": [job_dict(j) for j in jobs.jobs],
    }
