"""What a JavaScript/TypeScript handler does with caller-supplied ids: object lookups, the
filters and comparisons that tie them to the caller, and request bodies written whole.

Shared by the Express, Next.js and Supabase edge-function models. Recognised data-access
idioms (source: each library's documentation):
- Prisma: ``prisma.<model>.findUnique/findFirst/update/delete/upsert({ where })``,
  ``create({ data })``.
- Mongoose: ``Model.findById/findByIdAndUpdate/findByIdAndDelete/findOne/deleteOne(...)``;
  Sequelize: ``Model.findByPk/destroy/update``.
- supabase-js: ``client.from("t").select()/update()/delete()/insert()`` with ``.eq()/.match()``.
- Drizzle: ``db.select().from(t).where(...)``, ``db.update(t).set().where()``,
  ``db.delete(t).where()``, ``db.query.t.findFirst({ where })``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.endpoints.python_handlers import HandlerFacts
from readycheck.analysis.js import (
    arguments,
    bound_names,
    callee_name,
    chain,
    end_line_of,
    identifiers,
    line_of,
    string_value,
)
from readycheck.analysis.js import parameters as js_parameters
from readycheck.analysis.names import (
    is_auth_name,
    is_authz_name,
    is_caller_name,
    is_privileged_field,
    most_specific,
)
from readycheck.model import BodyWrite, Hop, ObjectLookup, Operation

# Resolves a call of a handler to a function of the repository: (its file, its function node,
# the resolver for calls made inside it), or None (a library call, or not resolvable).
HelperResolver = Callable[[SgNode], "tuple[str, SgNode, HelperResolver] | None"]
# How many helper calls deep a handler's data access is followed.
HELPER_DEPTH = 2

PRISMA_LOOKUPS = frozenset(
    {
        "findUnique",
        "findUniqueOrThrow",
        "findFirst",
        "findFirstOrThrow",
        "update",
        "delete",
        "upsert",
        "updateMany",
        "deleteMany",
    }
)
MODEL_LOOKUPS = frozenset(
    {
        "findById",
        "findByIdAndUpdate",
        "findByIdAndDelete",
        "findByIdAndRemove",
        "findOne",
        "findOneAndUpdate",
        "findOneAndDelete",
        "findOneAndRemove",
        "deleteOne",
        "updateOne",
        "findByPk",
        "destroy",
        "replaceOne",
    }
)
SUPABASE_FILTERS = frozenset({"eq", "match", "filter", "in", "neq", "or", "contains"})
AUTH_CALLS = frozenset(
    {
        "getServerSession",
        "getSession",
        "auth",
        "currentUser",
        "getUser",
        "getAuth",
        "getToken",
        "getClaims",
        "verifyIdToken",
        "getKindeServerSession",
        "validateRequest",
        "useSession",
    }
)
NOT_AUTH_CALLS = frozenset(
    {
        "createClient",
        "signInWithPassword",
        "signUp",
        "signIn",
        "signOut",
        "sign",
        "hash",
        "compare",
        "createServerClient",
        "createBrowserClient",
        "createRouteHandlerClient",
        "verifyOtp",
        "resetPasswordForEmail",
        "exchangeCodeForSession",
        "updateUser",
    }
)
# Calls that use an object and the caller together without deciding anything about access.
NOT_AUTHZ_CALLS = frozenset(
    {
        "json",
        "log",
        "error",
        "warn",
        "info",
        "send",
        "status",
        "update",
        "save",
        "create",
        "destroy",
        "set",
        "then",
        "catch",
        "push",
        "map",
        "filter",
        "find",
        "includes",
        "insert",
        "upsert",
        "delete",
        "select",
        "eq",
        "stringify",
        "assign",
    }
)
CALLER_PATHS = (
    "req.user",
    "req.auth",
    "req.session",
    "res.locals.user",
    "res.locals.auth",
    "request.user",
    "request.auth",
    "ctx.state.user",
    "session.user",
    "req.userId",
    "request.userId",
)


@dataclass(kw_only=True)
class JsScope:
    """Initial names of a JS handler: ``inputs`` hold caller-supplied values or objects whose
    members are (``req.params``, ``params``), ``callers`` hold the authenticated caller, and
    ``caller_paths`` are request fields a guard filled with the verified caller's id
    (``req.body.UserId``, see :func:`readycheck.analysis.jsauthz.request_caller_fields`)."""

    inputs: set[str] = field(default_factory=set)
    input_paths: set[str] = field(default_factory=set)
    callers: set[str] = field(default_factory=set)
    caller_paths: set[str] = field(default_factory=set)


def is_auth_call(name: str) -> bool:
    """True for calls that authenticate the caller: ``getServerSession``, ``auth``,
    ``supabase.auth.getUser``, ``jwt.verify``, ``requireUser``, ``verifyToken``."""
    if not name or name in NOT_AUTH_CALLS:
        return False
    return name in AUTH_CALLS or (is_auth_name(name) and name[:1].islower() and name not in {"user", "users"})


def _input_refs(node: SgNode, scope: JsScope) -> set[str]:
    hits = set()
    for name in identifiers(node):
        root = name.split(".", 1)[0]
        if name in scope.caller_paths or any(name.startswith(p + ".") for p in scope.caller_paths):
            continue
        if (
            root in scope.inputs
            or name in scope.input_paths
            or any(name.startswith(p + ".") for p in scope.input_paths)
        ):
            hits.add(name)
    for call in [node, *node.find_all(kind="call_expression")]:
        if call.kind() != "call_expression":
            continue
        text = call.field("function")
        if text is not None and text.text().endswith(("searchParams.get", ".json", ".formData")):
            hits.add(text.text())
        elif callee_name(call) in H3_INPUTS:
            hits.add(callee_name(call) + "()")
    return hits


# Calls on the session that end or persist it rather than read who is calling.
SESSION_OPERATIONS = frozenset({"destroy", "regenerate", "save", "reload", "touch", "logout", "logOut"})


# h3 / Nitro (Nuxt server routes) helpers that read the request. Source: h3 docs, "Utils".
H3_INPUTS = frozenset(
    {
        "getRouterParam",
        "getRouterParams",
        "getValidatedRouterParams",
        "getQuery",
        "getValidatedQuery",
        "readBody",
        "readValidatedBody",
        "readFormData",
        "readMultipartFormData",
        "useValidatedParams",
        "useValidatedBody",
        "useValidatedQuery",
    }
)


def _caller_refs(node: SgNode, scope: JsScope) -> set[str]:
    """Reads of the authenticated caller in ``node``: names bound to the caller, the request's
    caller paths (``req.user``, ``req.session.userId``), auth calls. Writes (``req.session.userId =
    user._id``, a login) and session operations (``req.session.destroy()``, a logout) are not reads."""
    hits = set()
    for name in identifiers(node):
        if name.split(".", 1)[0] in scope.callers or name in scope.caller_paths:
            hits.add(name)
    for member in [node, *node.find_all(kind="member_expression")]:
        if member.kind() != "member_expression":
            continue
        parent = member.parent()
        if parent is not None and parent.kind() == "member_expression" and parent.field("object") == member:
            continue  # only whole chains: ``req.session.destroy``, not its ``req.session``
        raw = member.text()
        text = raw.replace("?.", ".")
        if "(" in text or "\n" in text or len(text) > 120:
            continue
        matched = next((p for p in CALLER_PATHS if text == p or text.startswith(p + ".")), None)
        if matched is None:
            continue
        if raw.startswith(matched + "?."):
            continue  # ``req.user?.id``: the handler expects there may be no caller
        if parent is not None and parent.kind() == "assignment_expression" and parent.field("left") == member:
            continue
        if text.rsplit(".", 1)[-1] in SESSION_OPERATIONS:
            continue
        hits.add(text)
    for call in node.find_all(kind="call_expression"):
        function = call.field("function")
        if function is not None and function.text().startswith(PASSWORD_HASHERS):
            continue  # ``Bun.password.verify(password, hash)`` checks a typed password: a sign-in step
        if is_auth_call(callee_name(call)):
            hits.add(callee_name(call) + "()")
    return hits


# Password hashing libraries: their ``verify``/``compare`` check what a user typed at sign-in.
PASSWORD_HASHERS = ("Bun.password", "bcrypt", "bcryptjs", "argon2", "argon", "scrypt", "crypto.")


@dataclass(kw_only=True)
class _Access:
    model: str | None
    via: str
    operation: Operation
    client: str
    data_args: list[SgNode]
    filter_args: list[SgNode]


def data_access(call: SgNode) -> _Access | None:
    """Classify an outermost call chain as a data access, or None."""
    root, links = chain(call)
    if not links:
        return None
    names = [link.name for link in links]
    first = links[0]
    function = first.call.field("function")
    path = function.text().split(".") if function is not None else []
    # Prisma / Drizzle relational queries: prisma.todo.findUnique(...), db.query.todos.findFirst(...)
    if first.name in PRISMA_LOOKUPS | {"create", "createMany"} and len(path) >= 3:
        operation = _operation(first.name)
        filters = first.args
        options = _unwrap(first.args[0]) if first.args else None
        if options is not None and options.kind() == "object":
            where = _property(options, "where")
            filters = [where] if where is not None else []  # ``data`` is what is written, not who
        return _Access(
            model=path[-2],
            via="prisma" if path[-3] != "query" else "drizzle",
            operation=operation,
            client=path[0],
            data_args=first.args,
            filter_args=filters,
        )
    # Mongoose / Sequelize: Todo.findById(id)
    if first.name in MODEL_LOOKUPS | {"create", "insertMany"} and len(path) == 2 and path[0][:1].isupper():
        return _Access(
            model=path[0],
            via="mongoose",
            operation=_operation(first.name),
            client=path[0],
            data_args=first.args,
            filter_args=first.args,
        )
    # supabase-js: supabase.from("t")...
    if "from" in names:
        from_link = links[names.index("from")]
        if from_link.args and from_link.args[0].kind() == "string":
            table = from_link.args[0].text().strip("'\"`")
            after = names[names.index("from") + 1 :]
            if "delete" in after:
                operation = Operation.DELETE
            elif "update" in after or "upsert" in after:
                operation = Operation.WRITE
            elif "insert" in after:
                operation = Operation.CREATE
            else:
                operation = Operation.READ
            filters = [a for link in links if link.name in SUPABASE_FILTERS for a in link.args]
            data = [a for link in links if link.name in {"insert", "update", "upsert"} for a in link.args[:1]]
            client = root.split(".")[0] if root else ""
            return _Access(
                model=table, via="supabase", operation=operation, client=client, data_args=data, filter_args=filters
            )
        if "where" in names or "select" in names:  # drizzle db.select().from(t).where(...)
            drizzle_table = from_link.args[0].text() if from_link.args else None
            filters = [a for link in links if link.name == "where" for a in link.args]
            return _Access(
                model=drizzle_table,
                via="drizzle",
                operation=Operation.READ,
                client=root,
                data_args=[],
                filter_args=filters,
            )
    # drizzle core: db.delete(t).where(...), useDB().update(t).set(...).where(...), db.insert(t).values(...)
    verb = next((i for i, n in enumerate(names) if n in {"update", "delete", "insert"}), None)
    if verb is not None and verb <= 1 and ({"where", "values", "set"} & set(names[verb + 1 :])):
        target = links[verb].args[0].text() if links[verb].args else None
        filters = [a for link in links if link.name == "where" for a in link.args]
        data = [a for link in links if link.name in {"set", "values"} for a in link.args[:1]]
        operation = {"update": Operation.WRITE, "delete": Operation.DELETE, "insert": Operation.CREATE}[names[verb]]
        return _Access(
            model=target, via="drizzle", operation=operation, client=root, data_args=data, filter_args=filters
        )
    # Firestore: db.collection("todos").doc(id).delete() / .update(data) / .set(data), .collection(c).add(data)
    if "collection" in names:
        at = names.index("collection")
        collection = links[at].args[0] if links[at].args else None
        model = collection.text().strip("'\"`") if collection is not None and collection.kind() == "string" else None
        after = names[at + 1 :]
        docs = [a for link in links[at + 1 :] if link.name == "doc" for a in link.args[:1]]
        data = [a for link in links[at + 1 :] if link.name in {"set", "update", "add", "create"} for a in link.args[:1]]
        if "delete" in after and docs:
            operation = Operation.DELETE
        elif ("update" in after or "set" in after) and docs:
            operation = Operation.WRITE
        elif "add" in after or ("create" in after and docs):
            operation = Operation.CREATE
        elif "get" in after and docs:
            operation = Operation.READ
        else:
            return None
        return _Access(model=model, via="firestore", operation=operation, client=root, data_args=data, filter_args=docs)
    return None


def _property(obj: SgNode, key: str) -> SgNode | None:
    """The value of ``key`` in an object literal (``{ where: {...} }``), or None."""
    for pair in obj.named_children():
        if pair.kind() == "pair":
            name = pair.field("key")
            if name is not None and name.text().strip("'\"") == key:
                return pair.field("value")
        elif pair.kind() == "shorthand_property_identifier" and pair.text() == key:
            return pair
    return None


def _operation(method: str) -> Operation:
    lower = method.lower()
    if "delete" in lower or "destroy" in lower or "remove" in lower:
        return Operation.DELETE
    if "update" in lower or "upsert" in lower or "replace" in lower:
        return Operation.WRITE
    if "create" in lower or "insert" in lower:
        return Operation.CREATE
    return Operation.READ


def _outermost_calls(fn: SgNode) -> list[SgNode]:
    calls = []
    for call in fn.find_all(kind="call_expression"):
        parent = call.parent()
        if parent is not None and parent.kind() == "member_expression":
            continue
        calls.append(call)
    return calls


def analyse_js_handler(
    fn: SgNode,
    scope: JsScope,
    *,
    table_columns: dict[str, tuple[str, ...]] | None = None,
    admin_clients: frozenset[str] = frozenset(),
    rls_owned_tables: frozenset[str] = frozenset(),
    helpers: HelperResolver | None = None,
    depth: int = 0,
) -> HandlerFacts:
    """Find object lookups by caller-supplied ids and whole-body writes in a JS handler.

    Args:
        fn: the handler function node.
        scope: initial inputs and callers (from the framework model).
        table_columns: table or model name → columns (from SQL migrations).
        admin_clients: names of Supabase clients created with the ``service_role`` key.
        rls_owned_tables: tables whose row-level security policies compare ``auth.uid()``
            with a column, so a query through a user's client is owner-filtered by the database.
        helpers: resolves a call to a function of the repository; when given, a call that
            passes caller input to such a function (``dataHandling.Update("Category", req.body,
            req.body.DocId)``) is followed (:data:`HELPER_DEPTH` calls deep) and the helper's
            writes and deletes are the handler's, at the call line, with the helper's line as
            a hop (its reads are not: a generic read helper's arguments are as often cursors
            and filters as ids). A helper's table named by a parameter takes the one string literal the
            call passes, when it passes exactly one.
        depth: helper calls already followed (0 for the handler itself).
    """
    table_columns = table_columns or {}
    facts = HandlerFacts()
    scope = JsScope(
        inputs=set(scope.inputs),
        input_paths=set(scope.input_paths),
        callers=set(scope.callers),
        caller_paths=set(scope.caller_paths),
    )
    declarators = fn.find_all(kind="variable_declarator")
    validated: set[str] = set()
    for _ in range(2):
        for declarator in declarators:
            name, value = declarator.field("name"), declarator.field("value")
            if name is None or value is None:
                continue
            names = bound_names(name)
            if _caller_refs(value, scope) or any(is_caller_name(n) for n in names):
                scope.callers.update(names)
            elif _input_refs(value, scope) and data_access(_unwrap(value)) is None:
                scope.inputs.update(names)
                if any(
                    callee_name(c) in {"parse", "safeParse", "parseAsync", "validate"}
                    for c in value.find_all(kind="call_expression")
                ):
                    validated.update(names)
    facts.reads_caller = bool(scope.callers) or bool(_caller_refs(fn, scope))
    recorded: dict[int, int] = {}
    for call in _outermost_calls(fn):
        access = data_access(call)
        if access is None:
            if helpers is not None and depth < HELPER_DEPTH:
                _follow_helper(call, scope, facts, helpers, depth, table_columns, admin_clients, rls_owned_tables)
            continue
        if access.operation == Operation.CREATE:
            _body_write(call, access, scope, facts, table_columns, validated)
            continue
        inputs = set().union(*(_input_refs(a, scope) for a in access.filter_args)) if access.filter_args else set()
        if access.via in {"mongoose"} and access.filter_args:
            inputs |= _input_refs(access.filter_args[0], scope)
        if access.operation == Operation.WRITE:
            _body_write(call, access, scope, facts, table_columns, validated)
        if not inputs:
            continue
        callers = set().union(*(_caller_refs(a, scope) for a in access.filter_args)) if access.filter_args else set()
        bypasses = access.via == "supabase" and access.client in admin_clients
        owner: str | None = f"filtered by {sorted(callers)[0]}" if callers else None
        if owner is None and access.via == "supabase" and not bypasses and access.model in rls_owned_tables:
            owner = "row-level security policy with auth.uid()"
        facts.lookups.append(
            ObjectLookup(
                line=line_of(call),
                end_line=end_line_of(call),
                model=access.model,
                via=access.via,
                operation=access.operation,
                inputs=most_specific(inputs),
                owner_filter=owner,
                bypasses_rls=bypasses,
            )
        )
        recorded[_key(call)] = len(facts.lookups) - 1
    _post_checks(fn, scope, facts, declarators, recorded)
    _prior_authorization(fn, scope, facts)
    return facts


def _follow_helper(
    call: SgNode,
    scope: JsScope,
    facts: HandlerFacts,
    helpers: HelperResolver,
    depth: int,
    table_columns: dict[str, tuple[str, ...]],
    admin_clients: frozenset[str],
    rls_owned_tables: frozenset[str],
) -> None:
    """Add the lookups and writes of the repository function ``call`` runs, when the call
    passes it caller input (see :func:`analyse_js_handler`)."""
    args = arguments(call)
    if not args or not any(_input_refs(a, scope) for a in args):
        return
    resolved = helpers(call)
    if resolved is None:
        return
    path, helper, inner_helpers = resolved
    params = js_parameters(helper)
    inner = JsScope()
    literals = [value for a in args if a.kind() == "string" and (value := string_value(a)) is not None]
    passed: dict[str, tuple[str, ...]] = {}  # helper parameter -> the caller input passed to it
    for param, arg in zip(params, args, strict=False):
        names = bound_names(param)
        if _caller_refs(arg, scope):
            inner.callers.update(names)
        elif refs := _input_refs(arg, scope):
            inner.inputs.update(names)
            passed.update({name: most_specific(refs) for name in names})
    if not inner.inputs:
        return
    found = analyse_js_handler(
        helper,
        inner,
        table_columns=table_columns,
        admin_clients=admin_clients,
        rls_owned_tables=rls_owned_tables,
        helpers=inner_helpers,
        depth=depth + 1,
    )
    named = literals[0] if len(literals) == 1 else None
    at, end = line_of(call), end_line_of(call)
    callee = callee_name(call) or "helper"
    for lookup in found.lookups:
        if lookup.operation == Operation.READ:
            continue  # a generic read helper's arguments are as often cursors and filters as ids
        hop = Hop(
            path=path,
            line=lookup.line,
            note=f"{callee}() {lookup.operation.value}s {lookup.model or named or 'a record'}",
        )
        facts.lookups.append(
            dataclasses.replace(
                lookup,
                line=at,
                end_line=end,
                model=lookup.model or named,
                inputs=tuple(dict.fromkeys(i for name in lookup.inputs for i in passed.get(name, (name,)))),
                chain=(hop, *lookup.chain),
            )
        )
    for write in found.body_writes:
        facts.body_writes.append(dataclasses.replace(write, line=at, model=write.model or named))


def _prior_authorization(fn: SgNode, scope: JsScope, facts: HandlerFacts) -> None:
    """A lookup whose id the handler first passed to an authorization call
    (``if (!(await verifyCurrentUserHasAccessToPost(params.postId))) return 403``, then
    ``db.post.update({ where: { id: params.postId } })``), or first compared with the caller
    in a condition (``if (req.user.id !== id) return 403``), is tied to the caller by it."""
    checks: list[tuple[int, str, set[str]]] = []
    for call in fn.find_all(kind="call_expression"):
        name = callee_name(call)
        if not is_authz_name(name):
            continue
        refs = set().union(*(_input_refs(a, scope) for a in arguments(call))) if arguments(call) else set()
        if refs:
            checks.append((call.range().start.line + 1, name, refs))
    for statement in fn.find_all(kind="if_statement"):
        # ``if (req.user.id !== id) return res.status(403)...``: the id must be the caller's
        condition = statement.field("condition")
        if condition is None:
            continue
        for comparison in [condition, *condition.find_all(kind="binary_expression")]:
            operator = comparison.field("operator")
            if comparison.kind() != "binary_expression" or operator is None:
                continue
            if operator.text() not in {"===", "!==", "==", "!="}:
                continue
            left, right = comparison.field("left"), comparison.field("right")
            if left is None or right is None:
                continue
            for caller_side, input_side in ((left, right), (right, left)):
                callers, refs = _caller_refs(caller_side, scope), _input_refs(input_side, scope)
                if callers and refs and not _caller_refs(input_side, scope):
                    checks.append((line_of(comparison), f"comparison with {sorted(callers)[0]}", refs))
    if not checks:
        return
    for index, lookup in enumerate(facts.lookups):
        if lookup.owner_filter:
            continue
        for line, name, refs in checks:
            shared = any(i == r or i.startswith(r + ".") or r.startswith(i + ".") for i in lookup.inputs for r in refs)
            if line <= lookup.line and shared:
                owner = name if name.startswith("comparison with ") else f"authorization call {name}()"
                facts.lookups[index] = dataclasses.replace(lookup, owner_filter=owner)
                break


def _unwrap(node: SgNode) -> SgNode:
    while node.kind() in {"await_expression", "parenthesized_expression", "as_expression", "non_null_expression"}:
        inner = node.named_children()
        if not inner:
            break
        node = inner[0]
    return node


def _key(node: SgNode) -> int:
    r = node.range()
    return r.start.index * 100003 + r.end.index


# Methods of a loaded ORM instance that delete or change it (Sequelize model instances,
# Mongoose documents, TypeORM entities through their repository are not instances).
INSTANCE_DELETES = frozenset({"destroy", "remove", "deleteOne", "delete"})
INSTANCE_WRITES = frozenset({"save", "update", "set", "increment", "decrement", "updateOne"})


def _post_checks(
    fn: SgNode, scope: JsScope, facts: HandlerFacts, declarators: list[SgNode], recorded: dict[int, int]
) -> None:
    """Upgrade lookups by what happens to the loaded object later: destroyed or saved through
    the instance, compared with the caller, or passed to an authorization call."""
    bound: dict[str, int] = {}
    for declarator in declarators:
        name, value = declarator.field("name"), declarator.field("value")
        if name is None or value is None:
            continue
        target = _unwrap(value)
        if target.kind() == "call_expression" and _key(target) in recorded:
            for bound_name in bound_names(name):
                bound[bound_name] = recorded[_key(target)]
    if not bound:
        return
    for node in [*fn.find_all(kind="binary_expression"), *fn.find_all(kind="call_expression")]:
        refs = identifiers(node)
        callers = _caller_refs(node, scope)
        for var, index in bound.items():
            uses = var in refs or any(r.startswith(var + ".") for r in refs)
            if not uses:
                continue
            lookup = facts.lookups[index]
            receiver = node.field("function") if node.kind() == "call_expression" else None
            on_var = (
                receiver is not None
                and receiver.kind() == "member_expression"
                and (receiver.field("object") is not None and receiver.field("object").text() == var)  # type: ignore[union-attr]
            )
            if on_var and callee_name(node) in INSTANCE_DELETES:
                # ``await task.destroy()`` on the loaded object (Sequelize, Mongoose documents)
                facts.lookups[index] = lookup = dataclasses.replace(lookup, operation=Operation.DELETE)
            elif on_var and callee_name(node) in INSTANCE_WRITES and lookup.operation == Operation.READ:
                facts.lookups[index] = lookup = dataclasses.replace(lookup, operation=Operation.WRITE)
            if node.kind() == "binary_expression" and callers and not all(c.startswith(var) for c in callers):
                facts.lookups[index] = dataclasses.replace(
                    lookup, owner_filter=lookup.owner_filter or "compared with the caller"
                )
            elif node.kind() == "call_expression" and (
                is_authz_name(callee_name(node)) or (callers and callee_name(node) not in NOT_AUTHZ_CALLS)
            ):
                facts.lookups[index] = dataclasses.replace(
                    lookup, owner_filter=lookup.owner_filter or f"authorization call {callee_name(node)}()"
                )


def _body_write(
    call: SgNode,
    access: _Access,
    scope: JsScope,
    facts: HandlerFacts,
    table_columns: dict[str, tuple[str, ...]],
    validated: set[str],
) -> None:
    candidates: list[SgNode] = []
    for arg in access.data_args:
        if access.via == "prisma" and arg.kind() == "object":
            for pair in arg.find_all(kind="pair"):
                key = pair.field("key")
                if key is not None and key.text() == "data" and pair.field("value") is not None:
                    candidates.append(pair.field("value"))  # type: ignore[arg-type]
        else:
            candidates.append(arg)
    for value in candidates:
        whole = _unwrap(value)
        if whole.kind() == "object":
            spreads = [s for s in whole.find_all(kind="spread_element")]
            if not spreads:
                continue
            whole = spreads[0].named_children()[0] if spreads[0].named_children() else whole
        refs = _input_refs(whole, scope)
        if not refs or whole.kind() not in {"identifier", "member_expression", "await_expression", "call_expression"}:
            continue
        if {r.split(".", 1)[0] for r in refs} & validated:
            continue
        columns = table_columns.get(access.model or "", ())
        fields = tuple(c for c in columns if is_privileged_field(c))
        if columns and not fields:
            continue
        facts.body_writes.append(
            BodyWrite(
                line=line_of(call),
                model=access.model,
                via=access.via,
                operation=Operation.CREATE if access.operation == Operation.CREATE else Operation.WRITE,
                fields=fields,
            )
        )
        return
