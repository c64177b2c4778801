"""What a Python handler does with caller-supplied ids: object lookups, the filters and
comparisons that tie them to the caller, and request bodies written whole into models.

Shared by the FastAPI, Flask and Django models. The analysis is intraprocedural (one function)
plus one level into helpers the handler calls with both an id and the caller, which count as
an authorization step (``owned_note(note_id, db, user)``).

Recognised data-access idioms (source: each library's documentation):
- SQLAlchemy / SQLModel: ``session.get(Model, id)``, ``db.query(Model).get(id)``,
  ``db.query(Model).filter(...).first()``, ``session.execute(select(Model).where(...))``,
  ``session.delete(obj)``; Flask-SQLAlchemy ``Model.query.get_or_404(id)``, ``db.get_or_404``.
- Django ORM: ``Model.objects.get(pk=...)``, ``get_object_or_404(Model, pk=...)``,
  ``Model.objects.filter(...).update()/.delete()``, ``obj.delete()``, ``obj.save()``.
- PyMongo / Motor: ``collection.find_one({...})``, ``update_one``, ``delete_one``.
- supabase-py: ``client.table("t").select().eq("id", x).execute()``.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from readycheck.analysis.authz import AuthFacts, Guard, compares_shared_secret, denies, hop, reads_caller
from readycheck.analysis.names import is_authz_name, is_privileged_field, most_specific, words
from readycheck.analysis.ownership import MAX_DEPTH, Scoping, Tracer
from readycheck.analysis.python import (
    PyModule,
    PythonProject,
    Symbol,
    call_chain,
    calls_in,
    dotted,
    last_name,
    names_in,
    string_value,
)
from readycheck.model import BodyWrite, Endpoint, Hop, ObjectLookup, Operation, Parameter

LOAD_METHODS = frozenset(
    {
        "get",
        "get_or_404",
        "first",
        "one",
        "one_or_none",
        "scalar",
        "scalar_one",
        "scalar_one_or_none",
        "first_or_404",
        "one_or_404",
        "get_object_or_404",
        "get_list_or_404",
        "find_one",
        "find_one_and_update",
        "find_one_and_delete",
        "update_one",
        "delete_one",
        "replace_one",
        "get_by_id",
        "get_or_none",
        "filter_by",
        "filter",
        "where",
        "eq",
        "match",
        "execute",
        "delete",
        "update",
        "all",
        "scalars",
    }
)
MONGO_METHODS = frozenset(
    {"find_one", "find_one_and_update", "find_one_and_delete", "update_one", "delete_one", "replace_one"}
)
DELETE_METHODS = frozenset({"delete", "delete_one", "find_one_and_delete", "remove", "delete_many"})
WRITE_METHODS = frozenset({"update", "update_one", "find_one_and_update", "replace_one", "upsert", "update_many"})
SESSION_WORDS = frozenset(
    {
        "db",
        "session",
        "sess",
        "conn",
        "connection",
        "tx",
        "uow",
        "collection",
        "coll",
        "cursor",
        "supabase",
        "client",
        "mongo",
        "repo",
        "repository",
    }
)


@dataclass(kw_only=True)
class Scope:
    """The names a handler starts with: ``inputs`` hold caller-supplied values (path, query,
    body parameters), ``callers`` hold the authenticated caller, ``body_types`` map a body
    parameter to its declared schema class name."""

    inputs: set[str] = field(default_factory=set)
    callers: set[str] = field(default_factory=set)
    body_types: dict[str, str] = field(default_factory=dict)
    request_names: set[str] = field(default_factory=set)
    flask_session: bool = False


@dataclass(kw_only=True)
class HandlerContext:
    """What lets the handler analysis follow code outside the handler: the project (code
    index, call graph), the handler's symbol and how deep into helpers the analysis is."""

    project: PythonProject
    symbol: Symbol
    depth: int = 0

    @property
    def tracer(self) -> Tracer:
        """The project's ownership tracer (built once)."""
        tracer = self.project.memo.get("ownership_tracer")
        if not isinstance(tracer, Tracer):
            tracer = Tracer(self.project)
            self.project.memo["ownership_tracer"] = tracer
        return tracer


@dataclass(kw_only=True)
class HandlerFacts:
    """What :func:`analyse_handler` found: lookups, whole-body writes, and whether the body
    itself authenticates (reads the caller from a session, token or ``request.user``)."""

    lookups: list[ObjectLookup] = field(default_factory=list)
    body_writes: list[BodyWrite] = field(default_factory=list)
    reads_caller: bool = False


CALLER_EXPRESSIONS = frozenset(
    {
        "request.user",
        "self.request.user",
        "g.user",
        "current_user",
        "request.auth",
        "self.request.auth",
        "g.current_user",
        "request.state.user",
    }
)
PAGING_INPUTS = frozenset(
    {
        "page",
        "per_page",
        "page_size",
        "pagesize",
        "limit",
        "offset",
        "skip",
        "take",
        "cursor",
        "sort",
        "order",
        "order_by",
    }
)
CALLER_CALLS = frozenset({"get_jwt_identity", "get_current_user", "current_user", "get_user", "verify_jwt_in_request"})


def _references(node: ast.AST, names: set[str]) -> set[str]:
    found = names_in(node)
    hits = {n for n in found if n in names or n.split(".", 1)[0] in names}
    hits |= {n for n in found if n in CALLER_EXPRESSIONS} & names
    return hits


def _input_sources(node: ast.AST, scope: Scope) -> set[str]:
    """Caller-supplied names read in ``node``: handler inputs and request data accessors."""
    hits = set()
    for name in names_in(node):
        root = name.split(".", 1)[0]
        if root in scope.inputs:
            hits.add(root)
        parts = name.split(".")
        if (
            len(parts) >= 2
            and (parts[0] in scope.request_names or parts[:2] == ["self", "request"] or parts[:2] == ["self", "kwargs"])
            and parts[-1]
            in {
                "args",
                "json",
                "form",
                "values",
                "view_args",
                "data",
                "GET",
                "POST",
                "query_params",
                "get_json",
                "kwargs",
                "path_params",
                "files",
                "FILES",
            }
        ):
            hits.add(name)
        if parts == ["self", "kwargs"] or parts[:2] == ["self", "kwargs"]:
            hits.add("self.kwargs")
    return hits


def _selector_inputs(node: ast.AST, scope: Scope) -> set[str]:
    """The caller-supplied names in ``node`` that can select an object: pagination and
    sorting inputs (:data:`PAGING_INPUTS`) pick a slice of a list, never one object."""
    return {name for name in _input_sources(node, scope) if name.lower() not in PAGING_INPUTS}


def _caller_refs(node: ast.AST, scope: Scope) -> set[str]:
    hits = set()
    for name in names_in(node):
        root = name.split(".", 1)[0]
        if root in scope.callers or name in CALLER_EXPRESSIONS or name in scope.callers:
            hits.add(name)
        elif any(name.startswith(expr + ".") for expr in CALLER_EXPRESSIONS):
            hits.add(name)
    calls = calls_in(node)
    hits.update(f"{name}()" for name in calls & CALLER_CALLS)
    if scope.flask_session and "session[]" in calls:
        hits.add("session[...]")
    if scope.flask_session and "session.get" in calls:
        hits.add("session.get()")
    return hits


def _model_of(chain: list[ast.Call], expr: ast.AST) -> tuple[str | None, str]:
    """(model or table name, library) of a data-access chain."""
    for call in [*chain, *(c for c in ast.walk(expr) if isinstance(c, ast.Call) and c not in chain)]:
        name = last_name(call.func)
        if name in {"query", "select", "get", "get_or_404", "get_object_or_404", "get_list_or_404", "delete", "update"}:
            if call.args and isinstance(call.args[0], ast.Name) and call.args[0].id[:1].isupper():
                library = (
                    "django-orm" if name.startswith("get_") and "404" in name and name != "get_or_404" else "sqlalchemy"
                )
                return call.args[0].id, library
        if name in {"table", "from_"} and call.args:
            table = string_value(call.args[0])
            if table:
                return table, "supabase"
        if name == "rpc" and call.args and string_value(call.args[0]):
            return f"rpc {string_value(call.args[0])}", "supabase"  # a Postgres function
    text = dotted(expr if not isinstance(expr, ast.Await) else expr.value) or ""
    for sub in ast.walk(expr):
        if isinstance(sub, ast.Attribute) and sub.attr in {"objects", "query"} and isinstance(sub.value, ast.Name):
            return sub.value.id, "django-orm" if sub.attr == "objects" else "flask-sqlalchemy"
    parts = text.replace("()", "").split(".")
    for call in chain:
        if last_name(call.func) in MONGO_METHODS:
            target = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else None
            return (target.split(".")[-1] if target else None), "mongo"
    if parts and parts[0][:1].isupper():
        return parts[0], "orm"
    return None, "orm"


def _is_data_access(chain: list[ast.Call], expr: ast.AST) -> bool:
    methods = [last_name(c.func) for c in chain]
    if not methods:
        return False
    if methods[0] in {"get_object_or_404", "get_list_or_404"}:
        return True
    roots = names_in(chain[0].func)
    root_words: set[str] = set()
    for name in roots:
        for part in name.split("."):
            root_words |= words(part)
    if any(m in {"query", "select", "table", "from_", "execute"} for m in methods):
        return True
    if any(name.startswith(("self.queryset", "self.get_queryset")) for name in roots):
        return True  # a Django/DRF class-based view's queryset
    for sub in ast.walk(expr):
        if isinstance(sub, ast.Attribute) and sub.attr in {"objects", "query"} and isinstance(sub.value, ast.Name):
            return sub.value.id[:1].isupper()
    if (
        methods[-1] in {"get", "get_or_404", "delete", "update"}
        and chain[-1].args
        and isinstance(chain[-1].args[0], ast.Name)
        and chain[-1].args[0].id[:1].isupper()
    ):
        return bool(root_words & SESSION_WORDS)
    if MONGO_METHODS.intersection(methods):
        return True
    head = chain[0].func
    if isinstance(head, ast.Attribute) and isinstance(head.value, ast.Name) and head.value.id[:1].isupper():
        return head.attr in {"get", "get_by_id", "get_or_none", "get_or_404", "find", "find_one", "filter"}
    return False


def _operation(methods: Iterable[str | None]) -> Operation:
    names = set(methods)
    if names & DELETE_METHODS:
        return Operation.DELETE
    if names & WRITE_METHODS:
        return Operation.WRITE
    if names & {"insert", "insert_one", "insert_many"}:
        return Operation.CREATE  # supabase-py ``table("t").insert({...})``, pymongo ``insert_one``
    return Operation.READ


def _outermost_calls(nodes: list[ast.AST]) -> list[ast.Call]:
    inner = {id(n.value) for n in nodes if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Call)}
    return [n for n in nodes if isinstance(n, ast.Call) and id(n) not in inner]


def _assigned_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def analyse_handler(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    scope: Scope,
    *,
    schema_fields: dict[str, tuple[str, ...]] | None = None,
    model_fields: dict[str, tuple[str, ...]] | None = None,
    context: HandlerContext | None = None,
) -> HandlerFacts:
    """Find object lookups by caller-supplied ids and whole-body writes in ``fn``.

    Args:
        fn: the handler.
        scope: its initial inputs and caller names (from the framework model).
        schema_fields: request-schema class name → field names (Pydantic models, serializers).
        model_fields: ORM model / table name → field names.
        context: with it, receivers are traced to the constructor that scopes them to the
            caller, and calls of the repository's own helpers that pass an input are followed
            (up to :data:`~readycheck.analysis.ownership.MAX_DEPTH` calls deep).

    Returns:
        :class:`HandlerFacts`; ``ObjectLookup.owner_filter`` is filled when a filter by the
        caller, a comparison with the caller or an authorization call was seen.
    """
    schema_fields = schema_fields or {}
    model_fields = model_fields or {}
    facts = HandlerFacts()
    scope = Scope(
        inputs=set(scope.inputs),
        callers=set(scope.callers),
        body_types=dict(scope.body_types),
        request_names=set(scope.request_names),
        flask_session=scope.flask_session,
    )
    nodes = list(ast.walk(fn))  # one walk; the helpers below filter this list
    assigns = [n for n in nodes if isinstance(n, ast.Assign | ast.AnnAssign | ast.NamedExpr)]
    # Propagate: names assigned from inputs hold inputs, from the caller hold the caller.
    for _ in range(2):
        for node in assigns:
            value = node.value
            if value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n for t in targets for n in _assigned_names(t)]
            if _caller_refs(value, scope):
                scope.callers.update(n for n in names if n not in scope.inputs)
            elif _input_sources(value, scope) and not _looks_like_lookup(value):
                scope.inputs.update(names)
    if _caller_refs(fn, scope) - scope.callers:
        facts.reads_caller = True
    if any(sub for sub in names_in(fn) if sub in CALLER_EXPRESSIONS):
        facts.reads_caller = True

    recorded: dict[int, int] = {}
    covered: set[int] = _existence_checks(nodes)
    for call in _outermost_calls(nodes):
        if id(call) in covered:
            continue
        index = _traced_lookup(call, scope, facts, context, schema_fields, model_fields) if context else None
        if index is None:
            index = _lookup_at(call, scope, facts, context)
        if index is not None:
            recorded[id(call)] = index
            covered.update(id(sub) for sub in ast.walk(call))
    bound: dict[str, int] = {}
    for node in assigns:
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        if value is not None and id(value) in recorded:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in (n for t in targets for n in _assigned_names(t)):
                bound[name] = recorded[id(value)]
    _post_checks(nodes, scope, facts, bound)
    _input_guards(nodes, scope, facts)
    _body_writes(nodes, scope, facts, schema_fields, model_fields)
    return facts


def _existence_checks(nodes: list[ast.AST]) -> set[int]:
    """Ids of the nodes inside an ``if``/``while`` test or an ``assert``: a query there only
    asks whether a row exists (``if db.scalar(select(User).where(User.email == data["email"])):
    return bad_request(...)``, a uniqueness check); no object reaches the caller or changes,
    so it is not an object lookup."""
    inside: set[int] = set()
    for node in nodes:
        test = node.test if isinstance(node, ast.If | ast.While | ast.Assert) else None
        if test is not None:
            inside.update(id(sub) for sub in ast.walk(test))
    return inside


def _input_guards(nodes: list[ast.AST], scope: Scope, facts: HandlerFacts) -> None:
    """Tie to the caller the lookups selected by an input that an ``if`` compares with the
    caller and refuses on (``if token_auth.current_user().id != id: abort(403)``,
    ``if user_id != current_user.id: raise HTTPException(403)``): the object is then the
    caller's own, wherever the check stands in the handler."""
    if not facts.lookups:
        return
    for node in nodes:
        if not isinstance(node, ast.If):
            continue
        refusal = denies(ast.Module(body=node.body, type_ignores=[]))
        if refusal is None:
            continue
        for compare in (c for c in ast.walk(node.test) if isinstance(c, ast.Compare)):
            if len(compare.ops) != 1 or not isinstance(compare.ops[0], ast.Eq | ast.NotEq | ast.Is | ast.IsNot):
                continue
            sides = [compare.left, *compare.comparators]
            caller_side = [side for side in sides if _caller_refs(side, scope)]
            input_side = [side for side in sides if _input_sources(side, scope) and not _caller_refs(side, scope)]
            if not caller_side or not input_side:
                continue
            guarded = set().union(*(_input_sources(side, scope) for side in input_side))
            caller = sorted(_caller_refs(caller_side[0], scope))[0]
            for index, lookup in enumerate(facts.lookups):
                if lookup.owner_filter is None and set(lookup.inputs) & guarded:
                    facts.lookups[index] = dataclasses.replace(
                        lookup, owner_filter=f"{sorted(guarded)[0]} compared with {caller} (line {compare.lineno})"
                    )


def _looks_like_lookup(value: ast.AST) -> bool:
    chain = call_chain(value)
    return bool(chain) and _is_data_access(chain, value)


def _lookup_at(expr: ast.AST, scope: Scope, facts: HandlerFacts, context: HandlerContext | None = None) -> int | None:
    """Record the lookup ``expr`` performs, if any; returns its index in ``facts.lookups``."""
    target = expr.value if isinstance(expr, ast.Await) else expr
    chain = call_chain(target)
    if not chain or not _is_data_access(chain, target):
        return None
    inputs = _selector_inputs(target, scope)
    if not inputs:
        return None
    methods = [last_name(c.func) for c in chain]
    if not set(methods) & (LOAD_METHODS | DELETE_METHODS | WRITE_METHODS):
        return None
    model, via = _model_of(chain, target)
    callers = _caller_refs(target, scope)
    owner = f"filtered by {sorted(callers)[0]}" if callers else None
    hops: tuple[Hop, ...] = ()
    if owner is None and context is not None:
        scoping = _receiver_scoping(chain, scope, context)
        if scoping is not None:
            owner, hops = scoping.description, scoping.chain
    line = getattr(target, "lineno", 0)
    lookup = ObjectLookup(
        line=line,
        end_line=getattr(target, "end_lineno", None) or line,
        model=model,
        via=via,
        operation=_operation(methods),
        inputs=most_specific(inputs),
        owner_filter=owner,
        chain=hops,
    )
    facts.lookups.append(lookup)
    return len(facts.lookups) - 1


def _receiver_scoping(chain: list[ast.Call], scope: Scope, context: HandlerContext) -> Scoping | None:
    """How the object a data-access chain starts from is scoped to the caller (a repository
    built with the caller's tenant), or None."""
    head = chain[0].func if chain else None
    receiver = head.value if isinstance(head, ast.Attribute) else None
    if receiver is None:
        return None
    return context.tracer.scoped_receiver(context.symbol, receiver, scope.callers)


def _traced_lookup(
    expr: ast.AST,
    scope: Scope,
    facts: HandlerFacts,
    context: HandlerContext,
    schema_fields: dict[str, tuple[str, ...]],
    model_fields: dict[str, tuple[str, ...]],
) -> int | None:
    """A call of the repository's own function or method that is given a caller-supplied
    value: the lookups it makes (analysed with its parameters bound to what the call
    passes) are recorded at the call, with the hops to where the query runs. A receiver
    scoped to the caller makes every lookup through it scoped. Returns the index of the
    first lookup recorded, or None (the call is then analysed as a library call)."""
    target = expr.value if isinstance(expr, ast.Await) else expr
    if not isinstance(target, ast.Call):
        return None
    inputs = _selector_inputs(target, scope)
    if not inputs:
        return None
    callee = context.project.calls.callee(context.symbol, target)
    if callee is None or callee.function is None:
        return None
    chain = call_chain(target)
    line = target.lineno
    call_hop = Hop(path=context.symbol.path, line=line, note=f"calls {callee.name}() ({callee.where})")
    scoping = _receiver_scoping(chain, scope, context) if isinstance(target.func, ast.Attribute) else None
    if context.depth >= MAX_DEPTH:
        return None
    inner_scope = _bind(callee, target, scope, context)
    memo_key = (
        "helper-facts",
        callee.path,
        callee.line,
        frozenset(inner_scope.inputs),
        frozenset(inner_scope.callers),
        tuple(sorted(inner_scope.body_types.items())),
        context.depth,
    )
    cached = context.project.memo.get(memo_key)
    if isinstance(cached, HandlerFacts):
        inner = cached
    else:
        inner = analyse_handler(
            callee.function,
            inner_scope,
            schema_fields=schema_fields,
            model_fields=model_fields,
            context=HandlerContext(project=context.project, symbol=callee, depth=context.depth + 1),
        )
        context.project.memo[memo_key] = inner
    if not inner.lookups:
        return None
    first: int | None = None
    for lookup in inner.lookups:
        owner = lookup.owner_filter or (scoping.description if scoping else None)
        where = Hop(path=callee.path, line=lookup.line, note=f"{callee.short}() runs the lookup")
        hops = (call_hop, *lookup.chain, where) if not lookup.chain else (call_hop, *lookup.chain)
        if scoping is not None and not lookup.owner_filter:
            hops = (*hops, *scoping.chain)
        facts.lookups.append(
            dataclasses.replace(
                lookup,
                line=line,
                end_line=getattr(target, "end_lineno", None) or line,
                inputs=most_specific(inputs),
                owner_filter=owner,
                chain=hops[:10],
            )
        )
        if first is None:
            first = len(facts.lookups) - 1
    return first


def _bind(callee: Symbol, call: ast.Call, scope: Scope, context: HandlerContext) -> Scope:
    """The scope a helper starts with: parameters given a caller-supplied value are inputs,
    those given the caller are callers; a method called on ``self`` shares the caller's
    ``self.*`` names."""
    fn = callee.function
    assert fn is not None
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    method = callee.owner is not None and bool(params) and params[0] in {"self", "cls"}
    if method:
        params = params[1:]
    inner = Scope(request_names=set(scope.request_names), flask_session=scope.flask_session)
    pairs = [(params[i], arg) for i, arg in enumerate(call.args) if i < len(params)]
    pairs += [(k.arg, k.value) for k in call.keywords if k.arg]
    for name, value in pairs:
        if _caller_refs(value, scope):
            inner.callers.add(name)
        elif _input_sources(value, scope):
            inner.inputs.add(name)
            if isinstance(value, ast.Name) and value.id in scope.body_types:
                inner.body_types[name] = scope.body_types[value.id]
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if method and isinstance(receiver, ast.Name) and receiver.id == "self":
        inner.callers.update(c for c in scope.callers if c.startswith("self."))
    return inner


def _post_checks(nodes: list[ast.AST], scope: Scope, facts: HandlerFacts, bound: dict[str, int]) -> None:
    """Upgrade lookups by what happens to the loaded object later: deleted, changed, compared
    with the caller, or passed to an authorization call."""
    updates: dict[int, dict[str, object]] = {}
    if not bound:
        return
    for node in nodes:
        if isinstance(node, ast.Call):
            name = last_name(node.func) or ""
            arg_names = (
                set().union(*(names_in(a) for a in [*node.args, *(k.value for k in node.keywords)]))
                if (node.args or node.keywords)
                else set()
            )
            receiver = dotted(node.func.value) if isinstance(node.func, ast.Attribute) else None
            for var, index in bound.items():
                uses_var = var in arg_names or any(n.startswith(var + ".") for n in arg_names)
                on_var = receiver == var
                if (uses_var and name in {"delete", "remove"}) or (on_var and name == "delete"):
                    updates.setdefault(index, {})["operation"] = Operation.DELETE
                elif (on_var and name in {"save", "update", "update_one", "set", "sqlmodel_update"}) or (
                    uses_var and name in {"setattr", "sqlmodel_update"}
                ):
                    updates.setdefault(index, {}).setdefault("operation", Operation.WRITE)
                if (uses_var or on_var) and (
                    is_authz_name(name)
                    or (
                        _caller_refs(node, scope)
                        and name
                        not in {
                            "add",
                            "delete",
                            "commit",
                            "refresh",
                            "merge",
                            "setattr",
                            "update",
                            "save",
                            "dict",
                            "model_dump",
                            "jsonify",
                            "Response",
                            "JSONResponse",
                            "str",
                            "int",
                            "len",
                        }
                    )
                ):
                    updates.setdefault(index, {})["owner_filter"] = f"authorization call {name}()"
        elif isinstance(node, ast.Compare):
            refs = names_in(node)
            callers = _caller_refs(node, scope)
            for var, index in bound.items():
                if (
                    callers
                    and (var in refs or any(r.startswith(var + ".") for r in refs))
                    and not (callers & {var} or all(c.startswith(var) for c in callers))
                ):
                    updates.setdefault(index, {})["owner_filter"] = "compared with the caller"
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in bound
                ):
                    updates.setdefault(bound[target.value.id], {}).setdefault("operation", Operation.WRITE)
    for index, change in updates.items():
        lookup = facts.lookups[index]
        operation = change.get("operation", lookup.operation)
        if lookup.operation == Operation.DELETE:
            operation = Operation.DELETE
        owner = lookup.owner_filter or change.get("owner_filter")
        facts.lookups[index] = dataclasses.replace(lookup, operation=operation, owner_filter=owner)  # type: ignore[arg-type]


def _body_writes(
    nodes: list[ast.AST],
    scope: Scope,
    facts: HandlerFacts,
    schema_fields: dict[str, tuple[str, ...]],
    model_fields: dict[str, tuple[str, ...]],
) -> None:
    """Whole request bodies unpacked into a model constructor, ``create``, ``update`` or insert.
    A privileged field the handler tests itself first (``if not user.admin and new_data.admin:
    raise``) is handled, not mass-assigned."""
    tested = {name for node in nodes if isinstance(node, ast.If | ast.Assert) for name in names_in(node.test)}
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        spread = [k.value for k in node.keywords if k.arg is None]
        name = last_name(node.func) or ""
        # ``repo.update(item_id, data)``: the id comes first, the body second
        body_arg = node.args[1] if name in {"update", "upsert"} and len(node.args) >= 2 else None
        if body_arg is None and node.args:
            body_arg = node.args[0]
        positional_body = (
            name in {"insert", "upsert", "update", "create", "sqlmodel_validate", "model_validate", "from_orm"}
            and body_arg is not None
            and _input_sources(body_arg, scope)
            and not isinstance(body_arg, ast.Dict)
        )
        if positional_body and name in {"sqlmodel_validate", "model_validate", "from_orm"} and body_arg is not None:
            # validating into a model writes the body only when it is the request body itself,
            # not an object loaded by an id (``CategorySummary.model_validate(category)``)
            positional_body = bool({n.split(".", 1)[0] for n in names_in(body_arg)} & set(scope.body_types))
        candidates = spread or ([body_arg] if positional_body and body_arg is not None else [])
        for value in candidates:
            sources = _input_sources(value, scope)
            if not sources:
                continue
            body_names = {s.split(".", 1)[0] for s in sources}
            schema = next((scope.body_types[b] for b in body_names if b in scope.body_types), None)
            model: str | None
            if isinstance(node.func, ast.Name) and node.func.id[:1].isupper():
                model = node.func.id
                via = "constructor"
            else:
                chain = call_chain(node)
                model, via = _model_of(chain, node) if chain else (None, "orm")
            if schema is not None and schema in schema_fields:
                fields = tuple(
                    f
                    for f in schema_fields[schema]
                    if is_privileged_field(f) and not any(f"{b}.{f}" in tested for b in body_names)
                )
                if not fields:
                    continue  # an explicit schema without unchecked privileged fields is the fix
            elif model is not None and model in model_fields:
                fields = tuple(f for f in model_fields[model] if is_privileged_field(f))
                if not fields:
                    continue
            else:
                fields = ()
            if model is None and not fields:
                continue
            operation = Operation.WRITE if name in {"update", "upsert", "sqlmodel_update"} else Operation.CREATE
            facts.body_writes.append(
                BodyWrite(line=node.lineno, model=model, via=via, operation=operation, fields=fields)
            )
            break


def python_endpoint(
    project: PythonProject,
    module: PyModule,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    *,
    method: str,
    route: str,
    line: int,
    framework: str,
    scope: Scope,
    auth: list[str] | AuthFacts,
    admin: bool,
    parameters: list[Parameter],
    rate_limit: str | None = None,
    evidence: tuple[Hop, ...] = (),
    unresolved: str | None = None,
    kind: str = "http",
) -> Endpoint:
    """Analyse a Python handler and build its :class:`~readycheck.model.Endpoint` (shared by the
    Python framework models). ``auth`` is the authorization facts the framework model
    collected (a plain list of guard labels is taken as guards seen at the route line). A
    handler that reads the caller itself counts as authenticated when no framework-level
    guard was seen."""
    context = HandlerContext(project=project, symbol=project.calls.function_symbol(module, fn))
    facts = analyse_handler(
        fn, scope, schema_fields=project.schema_fields, model_fields=project.model_fields, context=context
    )
    if isinstance(auth, list):
        collected = AuthFacts()
        for label in dict.fromkeys(auth):
            collected.add(Guard(label=label, chain=(hop(module, line, label),), admin=admin))
        auth = collected
    else:
        auth = auth.copy()
    shared = compares_shared_secret(fn) if not auth.guards else None
    if shared is not None:
        # ``if x_admin_key != ADMIN_API_KEY: raise HTTPException(403)``: an API-key check
        auth.add(
            Guard(
                label=f"{fn.name}() checks {shared[1]}",
                chain=(hop(module, shared[0], f"{fn.name}() compares a request value with {shared[1]} and refuses"),),
                # whoever holds the key may call it: a role check, not an administrator's account
                role=f"holders of {shared[1]}",
            )
        )
    if facts.reads_caller and not auth.guards:
        at = reads_caller(fn) or fn.lineno
        auth.add(
            Guard(
                label="reads the caller in the handler",
                chain=(hop(module, at, f"{fn.name}() reads the signed-in caller"),),
            )
        )
    decision = auth.decide()
    return Endpoint(
        method=method,
        route=route,
        path=module.source.path,
        line=line,
        end_line=fn.end_lineno or line,
        framework=framework,
        handler=fn.name,
        auth=decision["auth"],
        auth_status=decision["auth_status"],
        auth_chain=decision["auth_chain"],
        admin_only=admin or bool(decision["admin_only"]),
        role_check=decision["role_check"] or ("administrators" if admin else None),
        parameters=tuple(parameters),
        lookups=tuple(facts.lookups),
        body_writes=tuple(facts.body_writes),
        rate_limit=rate_limit,
        evidence=evidence,
        unresolved=unresolved,
        kind=kind,
    )
