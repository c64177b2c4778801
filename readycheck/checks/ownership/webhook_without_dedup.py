"""RC212 webhook-without-dedup: a webhook handler that credits, charges, emails or inserts on
every delivery, with no check of the event id (providers deliver at least once)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from ast_grep_py import SgNode

from readycheck.analysis.agents import Action, classify, py_body_actions
from readycheck.analysis.calls import js_calls
from readycheck.analysis.handlers import Handler, handler_calls
from readycheck.analysis.js import line_of
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.jssymbols import FUNCTION_KINDS, JsValue, symbols_of, unwrap
from readycheck.analysis.names import words
from readycheck.analysis.observability import is_log_call
from readycheck.analysis.python import PyModule, dotted, string_value
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.ownership.unverified_webhook import is_webhook, verifies
from readycheck.model import AuthStatus, Category, Confidence, Endpoint, Finding, Hop, Severity

# Calls that add a row: a redelivered event adds it again.
INSERT_NAMES = frozenset(
    {
        "create",
        "insert",
        "add",
        "bulk_create",
        "insert_one",
        "insert_many",
        "insertOne",
        "insertMany",
        "createMany",
        "create_many",
    }
)
# Names and header strings that show the handler keys on the delivery: the event id
# (Stripe ``event.id``, Slack ``event_id``), Svix/Standard Webhooks ``webhook-id`` / ``svix-id``,
# GitHub ``X-GitHub-Delivery``, Shopify ``X-Shopify-Webhook-Id``, an idempotency key, or a
# processed-events table. Sources: each provider's webhook documentation.
DEDUP_WORDS = frozenset({"delivery", "idempotency", "idempotent", "processed", "dedup", "deduplicate", "duplicate"})
DEDUP_HEADERS = frozenset({"svix-id", "webhook-id", "x-github-delivery", "x-shopify-webhook-id", "idempotency-key"})
EVENT_WORDS = frozenset({"event", "evt", "webhook"})


def _keyed_name(name: str) -> bool:
    """``event.id``, ``evt["id"]``-style reads, ``event_id``, ``processed_events``..."""
    parts = name.replace("?", "").split(".")
    if len(parts) >= 2 and parts[-1] == "id" and words(parts[-2]) & EVENT_WORDS:
        return True
    last = words(parts[-1])
    return bool(last & DEDUP_WORDS) or ({"event", "id"} <= last) or ({"webhook", "id"} <= last)


def _repeats(action: Action) -> str | None:
    """What a redelivery repeats, for an action that is not idempotent; None for updates."""
    if action.what.startswith(("moves money", "sends email or messages", "sends messages")):
        return action.what
    name = action.callee.rsplit(".", 1)[-1]
    if action.what == "writes records" and name in INSERT_NAMES:
        return "adds a record"
    return None


def _py_scope(handler: Handler, ctx: CheckContext) -> tuple[list[tuple[str, Hop]], Hop | None]:
    """(repeated effects, the first dedup evidence) of a Python handler and the repository
    functions it calls by name."""
    fn = handler.python
    assert fn is not None
    module = ctx.models.python.index.by_path[handler.path]
    bodies: list[tuple[ast.AST, PyModule]] = [(fn, module)]
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found = ctx.models.python.index.resolve(module, node.func.id)
            target = found[0].top_level(found[1]) if found else None
            if found and isinstance(target, ast.FunctionDef | ast.AsyncFunctionDef) and target is not fn:
                bodies.append((target, found[0]))
    effects: list[tuple[str, Hop]] = []
    dedup: Hop | None = None
    for body, owner in bodies:
        path = owner.path
        logged = {
            id(sub)
            for call in ast.walk(body)
            if isinstance(call, ast.Call) and (is_log_call(dotted(call.func) or "") or dotted(call.func) == "print")
            for sub in ast.walk(call)
        }
        for action in py_body_actions(body, path, frozenset(), owner, depth=0):
            what = _repeats(action)
            if what:
                effects.append((what, Hop(path=action.path, line=action.line, note=f"{action.callee}() {what}")))
        effects.extend(_enqueued(ctx, body, path))
        for node in ast.walk(body):
            if (
                isinstance(node, ast.AugAssign)
                and isinstance(node.op, ast.Add)
                and isinstance(node.target, ast.Attribute | ast.Subscript)
            ):
                grown = dotted(node.target) or ast.unparse(node.target)
                effects.append(("adds to a stored balance", Hop(path=path, line=node.lineno, note=f"{grown} += ...")))
            if dedup is None and id(node) not in logged and _py_keyed(node):
                dedup = Hop(path=path, line=getattr(node, "lineno", fn.lineno), note="reads the event or delivery id")
    return effects, dedup


def _enqueued(ctx: CheckContext, body: ast.AST, path: str) -> list[tuple[str, Hop]]:
    """Background jobs the handler enqueues (``task.delay(...)``, ``task.apply_async(...)``,
    ``queue.enqueue(task, ...)``) whose own effects repeat: a redelivery enqueues them again."""
    jobs = {job.name: job for job in ctx.models.jobs.jobs}
    if not jobs:
        return []
    found: list[tuple[str, Hop]] = []
    for node in ast.walk(body):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = None
        if node.func.attr in {"delay", "apply_async", "s", "si"}:
            name = (dotted(node.func.value) or "").rsplit(".", 1)[-1]
        elif node.func.attr in {"enqueue", "enqueue_call"} and node.args:
            name = (dotted(node.args[0]) or "").rsplit(".", 1)[-1]
        job = jobs.get(name or "")
        if job is None:
            continue
        for action in job.actions:
            what = _repeats(action)
            if what:
                note = f"{dotted(node.func)}() enqueues {job.name}, which {what} ({action.path}:{action.line})"
                found.append((what, Hop(path=path, line=node.lineno, note=note)))
                break
    return found


def _py_keyed(node: ast.AST) -> bool:
    if isinstance(node, ast.Subscript):
        key = string_value(node.slice)
        base = dotted(node.value) or ""
        return (key == "id" and bool(words(base.rsplit(".", 1)[-1]) & EVENT_WORDS)) or (
            key or ""
        ).lower() in DEDUP_HEADERS
    if isinstance(node, ast.Attribute | ast.Name):
        return _keyed_name(dotted(node) or "")
    if isinstance(node, ast.keyword) and node.arg:
        return _keyed_name(node.arg)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.lower() in DEDUP_HEADERS
    return False


def _increment_hop(increment: SgNode, path: str) -> Hop:
    """``credits: { increment: n }`` (Prisma): names the field that grows."""
    holder = increment.parent()
    owner = holder.parent() if holder is not None else None
    field = owner.field("key") if owner is not None and owner.kind() == "pair" else None
    grown = field.text() if field is not None else "a value"
    return Hop(path=path, line=line_of(increment), note=f"{grown}: {{ increment }} grows a stored balance")


def _js_dedup(body: SgNode, path: str) -> Hop | None:
    """The first read of an event or delivery id outside log calls (logging ``event.id``
    deduplicates nothing)."""
    logs = [
        c.range()
        for c in body.find_all(kind="call_expression")
        if c.field("function") is not None and is_log_call(c.field("function").text())  # type: ignore[union-attr]
    ]

    def outside(node: SgNode) -> bool:
        at = node.range().start.index
        return not any(r.start.index <= at <= r.end.index for r in logs)

    for node in [*body.find_all(kind="member_expression"), *body.find_all(kind="identifier")]:
        text = node.text().replace("?.", ".")
        if "(" not in text and "\n" not in text and _keyed_name(text) and outside(node):
            return Hop(path=path, line=line_of(node), note=f"reads {text}")
    for string in body.find_all(kind="string"):
        if (js_string(string) or "").lower() in DEDUP_HEADERS and outside(string):
            return Hop(path=path, line=line_of(string), note=f"reads the {js_string(string)} header")
    return None


def _js_scope(handler: Handler, ctx: CheckContext) -> tuple[list[tuple[str, Hop]], Hop | None]:
    """(repeated effects, the first dedup evidence) of a JS/TS handler and the same-file
    functions it calls by name."""
    node = handler.js
    assert node is not None
    module = ctx.models.js.modules[handler.path]
    symbols = symbols_of(ctx.models.js)
    bodies = [node]
    for call in node.find_all(kind="call_expression"):
        function = call.field("function")
        if function is not None and function.kind() == "identifier":
            found = symbols.name(module, function.text())
            if isinstance(found, JsValue) and found.path == handler.path:
                value = unwrap(found.node)
                if value.kind() in FUNCTION_KINDS and value.range() != node.range():
                    bodies.append(value)
    effects: list[tuple[str, Hop]] = []
    dedup: Hop | None = None
    path = handler.path
    for body in bodies:
        for site in js_calls(body):
            action = classify(site, path)
            what = _repeats(action) if action else None
            if what:
                effects.append((what, Hop(path=path, line=site.line, note=f"{site.callee}() {what}")))
            increment = (
                next(
                    (p for p in site.node.find_all(kind="pair") if (p.field("key") or p).text() == "increment"),
                    None,
                )
                if isinstance(site.node, SgNode)
                else None
            )
            if increment is not None:
                effects.append(("adds to a stored balance", _increment_hop(increment, path)))
        for assign in body.find_all(kind="augmented_assignment_expression"):
            left = assign.field("left")
            if (
                left is not None
                and left.kind() == "member_expression"
                and "+=" in assign.text()[: len(left.text()) + 4]
            ):
                effects.append(
                    ("adds to a stored balance", Hop(path=path, line=line_of(assign), note=f"{left.text()} += ..."))
                )
        if dedup is None:
            dedup = _js_dedup(body, path)
    return effects, dedup


def _receives(ctx: CheckContext, endpoint: Endpoint) -> bool:
    """A webhook receiver: not behind a sign-in, or verifying a provider's signature (a
    handler that looks a user up from the event can read as signed-in to the authorization
    model; the signature check says who really calls it)."""
    if endpoint.auth_status is not AuthStatus.AUTHENTICATED:
        return True
    calls = handler_calls(ctx.models.python, ctx.models.js, endpoint)
    return calls is not None and verifies(calls)


class WebhookWithoutDedup(Check):
    """
    ## What it does

    Reads the handlers of webhook endpoints (and the same-file helpers they call) for effects
    that a second delivery of the same event repeats: a payment or payout, an email or message,
    a new row (`create`/`insert`/`add`), or a balance that grows (`credits += ...`, Prisma
    `increment`). It reports those handlers that never read the event's id or the delivery id
    (Stripe `event.id`, Slack `event_id`, Svix/Standard Webhooks `webhook-id`, GitHub
    `X-GitHub-Delivery`, Shopify `X-Shopify-Webhook-Id`, an idempotency key or a
    processed-events table). Updates that set a state (`plan = "pro"`) are idempotent and are
    left alone.

    ## Why is this bad?

    Stripe, GitHub, Shopify, Clerk and Slack deliver each event *at least once*: they retry for
    hours or days when your endpoint is slow or fails, and sometimes send the same event twice.
    A handler that adds 100 credits on `checkout.session.completed` adds them again on every
    retry; one that emails a receipt sends it again; a replayed signed event (within the
    signature's tolerance) is processed again.

    ## Example

    ```ts
    if (event.type === "checkout.session.completed") {
      await prisma.user.update({ where: { id }, data: { credits: { increment: 100 } } });
    }
    ```

    ## Use instead

    Record the event id with a unique constraint first, and stop when it is already there:

    ```ts
    const fresh = await prisma.processedEvent.createMany({ data: [{ id: event.id }], skipDuplicates: true });
    if (fresh.count === 0) return Response.json({ received: true });
    ```

    ## References

    - [Stripe: handle duplicate events](https://docs.stripe.com/webhooks#handle-duplicate-events)
    - [GitHub: best practices for webhooks (X-GitHub-Delivery)](https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks)
    - [Standard Webhooks: idempotency](https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md)
    - [OWASP A08:2021 Software and Data Integrity Failures](https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/)
    - [CWE-837: Improper Enforcement of a Single, Unique Action](https://cwe.mitre.org/data/definitions/837.html)
    """

    id = "RC212"
    name = "webhook-without-dedup"
    category = Category.OWNERSHIP
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "A webhook handler repeats charges, credits, emails or inserts when the same event is delivered again."
    owasp = ("A08:2021", "A08:2025")
    cwe = ("CWE-837",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per webhook endpoint with repeated effects and no event-id read; high
        when the repeated effect moves money or grows a balance."""
        hooks = [
            e
            for e in endpoints(ctx)
            if is_webhook(e) and e.method not in {"GET", "HEAD", "OPTIONS"} and _receives(ctx, e)
        ]
        if not hooks:
            raise NotApplicable("no webhook endpoints found")
        for endpoint in hooks:
            yield from self._endpoint(ctx, endpoint)

    def _endpoint(self, ctx: CheckContext, endpoint: Endpoint) -> Iterator[Finding]:
        handler = ctx.models.handlers.of(endpoint)
        if handler is None or (handler.python is None and handler.js is None):
            ctx.skip_file(endpoint.body_path, f"handler of {endpoint.method} {endpoint.route} could not be located")
            return
        if isinstance(handler.python, ast.ClassDef):
            return
        effects, dedup = _py_scope(handler, ctx) if handler.python is not None else _js_scope(handler, ctx)
        if not effects or dedup is not None:
            return
        effects.sort(key=lambda e: 0 if e[0] == "adds to a stored balance" or e[0].startswith("moves money") else 1)
        money = any(what in {"adds to a stored balance"} or what.startswith("moves money") for what, _ in effects)
        first = effects[0][0]
        yield ctx.finding(
            path=endpoint.path,
            line=endpoint.line,
            message=(
                f"{endpoint.method} {endpoint.route} is a webhook that {first} on every delivery and never reads the "
                "event id: providers redeliver events, so a retried or replayed event does it again"
            ),
            severity=Severity.HIGH if money else Severity.MEDIUM,
            endpoint=endpoint.ref,
            key=f"{endpoint.method} {endpoint.route}",
            evidence=(
                Hop(path=endpoint.path, line=endpoint.line, note=f"webhook {endpoint.method} {endpoint.route}"),
                *(hop for _, hop in effects[:3]),
                Hop(path=handler.path, line=handler.start, note="no event or delivery id is read in the handler"),
            ),
        )
