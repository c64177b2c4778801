"""The authorization analysis for JavaScript/TypeScript: whether a middleware, guard, hook or
handler authenticates the caller, read through the JS code index.

A function counts as a guard when its body (or a function it calls, three calls deep) checks a
credential (``jwt.verify``, ``passport.authenticate``, ``admin.auth().verifyIdToken``,
``supabase.auth.getUser``, ``getServerSession``, ``req.isAuthenticated()``) and refuses the
request (``res.status(401)``, ``res.sendStatus(403)``, ``throw new UnauthorizedException()``,
``next(new ApiError(httpStatus.UNAUTHORIZED))``, a redirect to the login page), or reads the
caller and refuses. A library middleware counts by what it is (express-jwt ``expressjwt``,
Clerk ``requireAuth``, ``passport.authenticate`` with a non-login strategy) or, failing that,
by a guard's name. Every decision carries :class:`~readycheck.model.Hop` evidence.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ast_grep_py import SgNode

from readycheck.analysis.authz import Guard, is_guard_name
from readycheck.analysis.js import JsModule, JsProject, arguments, callee_name, line_of, parameters, string_value
from readycheck.analysis.jssymbols import (
    FUNCTION_KINDS,
    JsExternal,
    JsNamespace,
    JsSymbols,
    JsValue,
    enclosing_function,
    symbols_of,
    unwrap,
)
from readycheck.analysis.names import is_admin_name, is_role_name
from readycheck.model import Hop

# Calls that check a credential (last callee name). Sources: jsonwebtoken ``verify``, jose
# ``jwtVerify``, firebase-admin ``verifyIdToken``/``verifySessionCookie``, supabase-js
# ``auth.getUser``, NextAuth ``getServerSession``/``auth``, Clerk ``getAuth``/``currentUser``,
# Passport ``req.isAuthenticated``, Parse ``Parse.User.become``.
CREDENTIAL_CALLS = frozenset(
    {
        "verify",
        "jwtVerify",
        "verifyIdToken",
        "verifySessionCookie",
        "verifyToken",
        "verifyJwt",
        "verifyJWT",
        "decodeToken",
        "getUser",
        "getServerSession",
        "getSession",
        "getAuth",
        "currentUser",
        "isAuthenticated",
        "authenticate",
        "validateSession",
        "validateRequest",
        "getToken",
        "become",
        "verifyAccessToken",
        "validateToken",
    }
)
REFUSAL_STATUSES = frozenset({"401", "403", "UNAUTHORIZED", "FORBIDDEN", "Unauthorized", "Forbidden"})
REFUSAL_ERRORS = frozenset(
    {
        "UnauthorizedException",
        "ForbiddenException",
        "UnauthorizedError",
        "AuthenticationError",
        "ForbiddenError",
        "Unauthorized",
        "Forbidden",
        "NotAuthorizedError",
        "AuthError",
        "HttpsError",  # firebase-functions: new HttpsError("unauthenticated", ...)
    }
)
# Library middleware that authenticates (callee or export name). Sources: express-jwt,
# @clerk/express and @clerk/clerk-sdk-node, express-openid-connect, express-oauth2-jwt-bearer,
# connect-ensure-login, @auth0/nextjs-auth0.
LIBRARY_GUARDS = frozenset(
    {
        "expressjwt",
        "expressJwt",
        "jwt",
        "requireAuth",
        "ClerkExpressRequireAuth",
        "ClerkExpressWithAuth",
        "clerkMiddleware",
        "requiresAuth",
        "auth",
        "ensureLoggedIn",
        "ensureAuthenticated",
        "withApiAuthRequired",
        "withPageAuthRequired",
        "authenticate",
        "checkJwt",
    }
)
CALLER_MEMBERS = (
    "req.user",
    "req.auth",
    "req.session.user",
    "req.session.userId",
    "request.user",
    "request.auth",
    "context.auth",
    "ctx.state.user",
    "res.locals.user",
    "event.locals.user",
    "event.locals.session",
    "locals.user",
    "locals.session",
    "event.context.user",
    "ctx.session.user",
    "ctx.session",
    "ctx.user",
    "ctx.auth",
    "context.user",
    "contextValue.user",
)


# Credential reads that return nothing (null, an empty session) rather than fail: by themselves
# they refuse no one; only a check of their result does.
SOFT_CREDENTIAL_CALLS = frozenset(
    {"getUser", "getServerSession", "getSession", "getAuth", "currentUser", "getToken", "isAuthenticated"}
)


def _throws_out(call: SgNode, fn: SgNode) -> bool:
    """Whether a failed credential check at ``call`` ends the request: the call throws or
    rejects (``jwt.verify(token, key)``, ``await verifyIdToken(t)``) and nothing in ``fn``
    swallows it. Not when it takes a callback (``jwt.verify(t, key, cb)`` reports through the
    callback), returns null instead of failing (``getSession()``), or sits in a ``try`` whose
    ``catch`` neither rethrows nor passes the error on (``catch { return next() }``)."""
    if callee_name(call) in SOFT_CREDENTIAL_CALLS:
        return False
    if any(unwrap(a).kind() in FUNCTION_KINDS for a in arguments(call)):
        return False
    node = call.parent()
    while node is not None and node != fn:
        if node.kind() == "try_statement":
            handler = node.field("handler")
            if handler is None:
                return True
            if any(True for _ in handler.find_all(kind="throw_statement")):
                return True
            for inner in handler.find_all(kind="call_expression"):
                if callee_name(inner) == "next" and arguments(inner):
                    return True  # ``next(err)``: Express's error handler answers
            return False
        node = node.parent()
    return True


@dataclass(frozen=True, kw_only=True)
class _Evidence:
    credential: int | None
    refusal: int | None
    caller: int | None
    throws: bool = False


GUARD_CONDITION_WORDS = frozenset(
    {
        "user",
        "token",
        "auth",
        "authorization",
        "authorized",
        "authenticated",
        "session",
        "jwt",
        "decoded",
        "payload",
        "bearer",
        "apikey",
        "credential",
        "credentials",
        "verified",
        "claims",
        "uid",
        "login",
        "logged",
        "role",
        "roles",
        "admin",
        "permission",
        "permissions",
        "secret",
        "signature",
        "principal",
        "identity",
        "account",
        "member",
    }
)


def _guards_condition(refusal: SgNode) -> bool:
    """Whether a refusal happens because the caller is not identified: it is inside a
    ``catch`` (a failed verification) or an ``if`` whose condition reads the caller or a
    credential (``if (!req.user)``, ``if (!token)``), or it is not conditional at all."""
    from readycheck.analysis.names import words

    node = refusal.parent()
    while node is not None and node.kind() not in FUNCTION_KINDS:
        kind = node.kind()
        if kind == "catch_clause":
            return True
        if kind in {"if_statement", "ternary_expression", "switch_case"}:
            condition = node.field("condition") or node.field("value")
            if condition is not None:
                found: set[str] = set()
                for ident in [
                    condition,
                    *condition.find_all(kind="identifier"),
                    *condition.find_all(kind="property_identifier"),
                ]:
                    found |= (
                        words(ident.text()) if ident.kind() != condition.kind() or ident is not condition else set()
                    )
                for ident in condition.find_all(kind="identifier"):
                    found |= words(ident.text())
                for ident in condition.find_all(kind="property_identifier"):
                    found |= words(ident.text())
                if condition.kind() in {"identifier", "property_identifier"}:
                    found |= words(condition.text())
                return bool(found & GUARD_CONDITION_WORDS)
        node = node.parent()
    return True


def _middleware_answer(fn: SgNode) -> int | None:
    """The line where Express-style middleware ``(req, res, next)`` answers the request itself
    instead of calling ``next()`` because the caller is not identified: ``else { return
    res.json({ message: "token not verified" }) }`` after a token check, or in the ``catch`` of a
    failed verification. None for other functions."""
    if fn.kind() not in FUNCTION_KINDS:
        return None
    params = parameters(fn)
    if len(params) < 3 or params[1].kind() != "identifier" or params[2].kind() != "identifier":
        return None
    res, next_name = params[1].text(), params[2].text()
    if not any(callee_name(c) == next_name for c in fn.find_all(kind="call_expression")):
        return None
    for call in fn.find_all(kind="call_expression"):
        function = call.field("function")
        if function is None or function.kind() != "member_expression":
            continue
        text = function.text()
        if not text.startswith(res + ".") or callee_name(call) not in {"json", "send", "end", "render", "redirect"}:
            continue
        node = call.parent()
        while node is not None and node != fn:
            if node.kind() == "catch_clause":
                tried = node.parent()
                body = tried.field("body") if tried is not None else None
                if body is not None and any(
                    callee_name(c) in CREDENTIAL_CALLS for c in body.find_all(kind="call_expression")
                ):
                    return line_of(call)  # the verification failed
                break
            if node.kind() == "if_statement":
                if _guards_condition(call):
                    return line_of(call)
                break
            node = node.parent()
    return None


def _evidence(node: SgNode) -> _Evidence:
    credential = refusal = caller = None
    throws = False
    for call in node.find_all(kind="call_expression"):
        name = callee_name(call)
        function = call.field("function")
        text = function.text() if function is not None else ""
        if name in CREDENTIAL_CALLS and not text.startswith(("bcrypt", "argon", "crypto.")):
            if name != "verify" or "jwt" in text.lower() or "token" in text.lower():
                if credential is None:
                    credential = line_of(call)
                throws = throws or _throws_out(call, node)
        if refusal is None and name in {"status", "sendStatus", "writeHead"}:
            args = arguments(call)
            if args and args[0].text().split(".")[-1] in REFUSAL_STATUSES and _guards_condition(call):
                refusal = line_of(call)
        if refusal is None and name in {"createError", "createHttpError", "httpError", "HttpError", "httpErrors"}:
            # http-errors: ``next(createError(403, "Access Denied"))``
            args = arguments(call)
            if args and args[0].text() in REFUSAL_STATUSES and _guards_condition(call):
                refusal = line_of(call)
        if refusal is None and name in {"unauthorized", "forbidden"} and text.lower().startswith("boom."):
            if _guards_condition(call):
                refusal = line_of(call)
        if refusal is None and name in {"redirect"}:
            if any(
                w in " ".join(a.text() for a in arguments(call)).lower() for w in ("login", "signin", "sign-in", "auth")
            ):
                refusal = line_of(call)
        if refusal is None and name in {"json", "send", "Response", "NextResponse"}:
            if any(("401" in a.text() or "403" in a.text()) and "status" in a.text() for a in arguments(call)):
                if _guards_condition(call):
                    refusal = line_of(call)
    if refusal is None:
        refusal = _middleware_answer(node)
    for new in node.find_all(kind="new_expression"):
        constructor = new.field("constructor")
        text = constructor.text() if constructor is not None else ""
        args_text = " ".join(a.text() for a in arguments(new))
        if (
            refusal is None
            and (
                text.split(".")[-1] in REFUSAL_ERRORS
                or any(
                    s in args_text
                    for s in (
                        "UNAUTHORIZED",
                        "UNAUTHENTICATED",
                        "FORBIDDEN",
                        "401",
                        "403",
                        "unauthenticated",
                        "permission-denied",
                        "Unauthorized",
                        "Forbidden",
                        "Not authorized",
                    )
                )
            )
            and _guards_condition(new)
        ):
            refusal = line_of(new)
    for member in node.find_all(kind="member_expression"):
        raw = member.text()
        text = raw.replace("?.", ".")
        matched = next((c for c in CALLER_MEMBERS if text == c or text.startswith(c + ".")), None)
        if caller is None and matched is not None and not raw.startswith(matched + "?."):
            caller = line_of(member)  # ``req.user?.role || "guest"`` expects no caller: not evidence
        if credential is None and text.endswith(
            ("headers.authorization", "headers.Authorization", "cookies.token", "cookies.jwt")
        ):
            credential = line_of(member)
    for subscript in node.find_all(kind="subscript_expression"):
        if credential is None and "authorization" in subscript.text().lower():
            credential = line_of(subscript)
    return _Evidence(credential=credential, refusal=refusal, caller=caller, throws=throws)


class JsGuards:
    """Guard classification over a :class:`~readycheck.analysis.jssymbols.JsSymbols` index,
    memoised per function node."""

    def __init__(self, symbols: JsSymbols) -> None:
        self.symbols = symbols
        self._memo: dict[tuple[str, int, int], Guard | None] = {}

    def function(self, module: JsModule, fn: SgNode, label: str, depth: int = 0) -> Guard | None:
        """A :class:`Guard` when running function ``fn`` authenticates the caller."""
        key = (module.source.path, fn.range().start.index, fn.range().end.index)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None
        guard = self._function(module, fn, label, depth)
        self._memo[key] = guard
        return guard

    def _function(self, module: JsModule, fn: SgNode, label: str, depth: int) -> Guard | None:
        if issues_credentials(fn):
            return None  # a login or sign-up step: it hands out credentials, it does not check them
        found = _evidence(fn)
        path = module.source.path
        admin = is_admin_name(label) or _checks_role(fn)
        role = f"{label} checks a role" if admin or is_role_name(label) else None
        if found.credential is not None and (found.refusal is not None or found.throws):
            return Guard(
                label=label,
                chain=(Hop(path=path, line=found.credential, note=f"{label} checks a credential"),),
                admin=admin,
                role=role,
            )
        if found.refusal is not None and (found.caller is not None or is_guard_name(label) or _checks_role(fn)):
            # a function that tests the caller's role and refuses without it identifies the caller
            return Guard(
                label=label,
                chain=(Hop(path=path, line=found.refusal, note=f"{label} refuses the request"),),
                admin=admin,
                role=role,
            )
        if depth < 3:
            for call in fn.find_all(kind="call_expression"):
                function = call.field("function")
                if function is None or function.kind() not in {"identifier", "member_expression"}:
                    continue
                if function.kind() == "identifier" and function.text() in {"next", "require"}:
                    continue
                if function.kind() == "member_expression" and function.text().startswith(("res.", "req.", "console.")):
                    continue
                target = self.symbols.callable(self.symbols.expr(module, function))
                if isinstance(target, JsValue) and unwrap(target.node).kind() in FUNCTION_KINDS:
                    inner = self.function(
                        target.module, unwrap(target.node), callee_name(call) or target.name, depth + 1
                    )
                    if inner is not None:
                        return Guard(
                            label=label,
                            chain=(
                                Hop(path=path, line=line_of(call), note=f"{label} calls {callee_name(call)}()"),
                                *inner.chain,
                            ),
                            admin=admin or inner.admin,
                            by_name=inner.by_name,
                            role=role or inner.role,
                        )
                elif (
                    isinstance(target, JsExternal)
                    and callee_name(call) in {"authenticate"}
                    and "passport" in target.qualname
                ):
                    strategy = string_value(arguments(call)[0]) if arguments(call) else None
                    if strategy not in {"local", None}:
                        return Guard(
                            label=label,
                            chain=(
                                Hop(
                                    path=path,
                                    line=line_of(call),
                                    note=f"{label} calls passport.authenticate({strategy!r})",
                                ),
                            ),
                            admin=admin,
                            role=role,
                        )
        if found.caller is not None and is_guard_name(label):
            return Guard(
                label=label,
                chain=(Hop(path=path, line=found.caller, note=f"{label} reads the caller"),),
                admin=admin,
                role=role,
            )
        return None

    def role_step(self, module: JsModule, node: SgNode) -> str | None:
        """The role a middleware that is no guard itself requires of an already identified
        caller (``isModerator`` after ``verifyToken``: it refuses unless the caller's role
        matches), as a short label; None when it is not one. A sign-up step that validates the
        roles a new user asks for (``checkRolesExisted``) hands out roles, it requires none."""
        node = unwrap(node)
        callee = node.field("function") if node.kind() == "call_expression" else node
        if callee is None or callee.kind() not in {"identifier", "member_expression"}:
            return None
        name = callee.text().split(".")[-1]
        if not is_role_name(name) or "exist" in name.lower():
            return None
        target = self.symbols.callable(self.symbols.expr(module, callee))
        if isinstance(target, JsValue) and unwrap(target.node).kind() in FUNCTION_KINDS:
            fn = unwrap(target.node)
            if issues_credentials(fn) or _evidence(fn).refusal is None:
                return None
            return name
        return f"{name}, judged by its name" if target is None or isinstance(target, JsValue) else None

    def middleware(self, module: JsModule, node: SgNode, depth: int = 0) -> tuple[Guard | None, Hop | None]:
        """(guard, unresolved hop) of one middleware argument (``requireAuth``,
        ``auth("manageUsers")``, ``passport.authenticate("jwt")``, an inline function)."""
        node = unwrap(node)
        kind = node.kind()
        path = module.source.path
        at = Hop(path=path, line=line_of(node), note=_short(node))
        if kind in FUNCTION_KINDS:
            guard = self.function(module, node, "inline middleware", depth)
            return (_prefix(guard, at), None)
        if kind == "array":
            items = node.named_children()
            guards = [self.middleware(module, item, depth + 1)[0] for item in items]
            steps = [self.role_step(module, item) for item, guard in zip(items, guards, strict=True) if guard is None]
            return _first_with_roles(guards, [s for s in steps if s]), None
        args: list[SgNode] = []
        callee = node
        if kind == "call_expression":
            function = node.field("function")
            if function is None:
                return None, None
            callee = function
            args = arguments(node)
        name = callee.text().split(".")[-1] if callee.kind() in {"identifier", "member_expression"} else ""
        admin_arg = any(is_admin_name(string_value(a) or "") for a in args) or any(
            is_admin_name(string_value(e) or "") for a in args if a.kind() == "array" for e in a.named_children()
        )
        role_arg = _role_arguments(args)
        target = self.symbols.expr(module, callee) if callee.kind() in {"identifier", "member_expression"} else None
        target = self.symbols.callable(target)
        if target is None and callee.kind() in {"identifier", "member_expression"} and depth < 4:
            local = self.symbols.local(module, callee)
            if local is not None:
                if kind == "call_expression" and isinstance(local, JsValue):
                    local = JsValue(module=local.module, node=local.node, name=local.name)
                target = local
        if isinstance(target, JsExternal):
            if "passport" in target.qualname and name == "authenticate":
                strategy = string_value(args[0]) if args else None
                if strategy in {"local", None}:
                    return None, None  # a login step, not a guard
                return Guard(
                    label=f"passport.authenticate({strategy!r})",
                    chain=(Hop(path=path, line=at.line, note=f"{at.note} (passport strategy {strategy})"),),
                ), None
            if name == "every" and "hono/combine" in target.qualname:
                # hono/combine ``every(jwt(...), refreshAuthState)``: every middleware runs, in order
                guards = [self.middleware(module, a, depth + 1)[0] for a in args]
                steps = [self.role_step(module, a) for a, g in zip(args, guards, strict=True) if g is None]
                return _prefix(_first_with_roles(guards, [s for s in steps if s]), at), None
            if name in {"initialize", "session", "use", "serializeUser", "deserializeUser"}:
                return None, None
            if name in LIBRARY_GUARDS or is_guard_name(name):
                return (
                    Guard(
                        label=name or at.note,
                        chain=(Hop(path=path, line=at.line, note=f"{at.note}: {target.qualname} (a library guard)"),),
                        admin=admin_arg or is_admin_name(name),
                        by_name=True,
                    ),
                    None,
                )
            return None, None
        if isinstance(target, JsValue):
            value = unwrap(target.node)
            if value.kind() in FUNCTION_KINDS:
                if kind == "call_expression":
                    # a factory: ``auth("manageUsers")`` returns the middleware
                    guard = self.function(target.module, value, name or target.name, depth)
                else:
                    guard = self.function(target.module, value, name or target.name, depth)
                if guard is not None:
                    return _prefix(_admin(guard, admin_arg, role_arg), at), None
                return None, None
            if value.kind() == "call_expression":
                # ``const requireAuth = expressjwt({...})`` / ``const protect = auth.protect()``
                inner, unknown = self.middleware(target.module, value, depth + 1)
                if inner is not None:
                    return _prefix(
                        _admin(inner, admin_arg, role_arg),
                        Hop(path=target.path, line=target.line, note=f"{target.name} = {_short(value)}"),
                    ), None
                if is_guard_name(target.name):
                    return Guard(
                        label=target.name,
                        chain=(
                            Hop(
                                path=target.path,
                                line=target.line,
                                note=f"{target.name} = {_short(value)}, judged by its name",
                            ),
                        ),
                        admin=admin_arg,
                        by_name=True,
                    ), None
                return None, unknown
            if value.kind() == "array" and depth < 4:
                # ``const requireAuth = [restoreUser, (req, res, next) => ...]``: one guard is enough
                items = value.named_children()
                guards = [self.middleware(target.module, item, depth + 1)[0] for item in items]
                steps = [self.role_step(target.module, i) for i, g in zip(items, guards, strict=True) if g is None]
                inner = _first_with_roles(guards, [s for s in steps if s])
                if inner is not None:
                    return _prefix(
                        _admin(inner, admin_arg, role_arg),
                        Hop(path=target.path, line=target.line, note=f"{target.name} = [...]"),
                    ), None
                return None, None
            if value.kind() == "identifier" and is_guard_name(value.text()):
                return Guard(
                    label=value.text(),
                    chain=(at,),
                    by_name=True,
                    admin=is_admin_name(value.text()),
                    role=value.text() if is_role_name(value.text()) else None,
                ), None
            return None, None
        if isinstance(target, JsNamespace):
            return None, None
        # Not resolvable: a local variable, a parameter, a name from a file that did not parse.
        if name and (name in LIBRARY_GUARDS or is_guard_name(name)):
            return Guard(
                label=name,
                chain=(Hop(path=path, line=at.line, note=f"{at.note}, judged by its name"),),
                admin=admin_arg or is_admin_name(name),
                by_name=True,
                role=role_arg or (name if is_role_name(name) else None),
            ), None
        if name and name[:1].islower() and callee.kind() in {"identifier", "member_expression"}:
            return None, Hop(path=path, line=at.line, note=f"middleware {_short(node)} could not be resolved")
        return None, None


ISSUING_CALLS = frozenset(
    {
        "sign",
        "generateJWT",
        "generateJwt",
        "generateToken",
        "generateAccessToken",
        "createToken",
        "issueToken",
        "signIn",
        "signUp",
        "createSession",
        "signInWithPassword",
        "login",
        "register",
    }
)


def issues_credentials(fn: SgNode) -> bool:
    """Whether ``fn`` hands out a credential (signs a token, starts a session): a login step.
    A session is started by a call (``createSession``, ``signIn``) or by writing who the caller
    is into it (``req.session.userId = user._id``)."""
    for assignment in fn.find_all(kind="assignment_expression"):
        left = assignment.field("left")
        if left is not None and left.kind() == "member_expression":
            text = left.text().replace("?.", ".")
            if text.startswith(("req.session.", "request.session.", "ctx.session.")) and any(
                w in text.rsplit(".", 1)[-1].lower() for w in ("user", "id", "auth", "login", "logged")
            ):
                return True
    for call in fn.find_all(kind="call_expression"):
        name = callee_name(call)
        if name in ISSUING_CALLS or _issuing_name(name):
            function = call.field("function")
            text = function.text() if function is not None else ""
            if name != "sign" or "jwt" in text.lower() or "token" in text.lower():
                return True
    return False


def _issuing_name(name: str | None) -> bool:
    """``createCustomToken`` (Firebase Admin), ``generateAuthTokens``, ``issueSessionCookie``: a verb
    that makes something, then a token or session in the name."""
    if not name:
        return False
    lower = name.lower()
    return lower.startswith(("create", "generate", "issue", "mint", "sign")) and any(
        w in lower for w in ("token", "session", "jwt", "cookie")
    )


_IDENTITY_PROPS = frozenset({"uid", "sub", "id", "_id", "userId", "user_id"})


def request_caller_fields(project: JsProject) -> frozenset[str]:
    """Request fields a guard overwrites with the verified caller's id, as paths below the
    request (``"body.UserId"`` for ``req.body.UserId = decodedToken.uid`` in a function that
    verifies a token): behind such a guard the field holds the caller, not caller input."""
    found: set[str] = set()
    for module in project.modules.values():
        for assignment in module.root.find_all(kind="assignment_expression"):
            left, right = assignment.field("left"), assignment.field("right")
            if left is None or right is None or left.kind() != "member_expression":
                continue
            prop = right.field("property") if right.kind() == "member_expression" else None
            if prop is None or prop.text() not in _IDENTITY_PROPS:
                continue
            parts = left.text().replace("?.", ".").split(".")
            if len(parts) != 3 or parts[1] not in {"body", "query", "params"}:
                continue
            fn = enclosing_function(assignment)
            if fn is None or _evidence(fn).credential is None:
                continue
            params = parameters(fn)
            if params and params[0].kind() == "identifier" and params[0].text() == parts[0]:
                found.add(".".join(parts[1:]))
    return frozenset(found)


def refuses_by_role(fn: SgNode) -> int | None:
    """The line where ``fn`` (a handler) refuses the request after reading the caller's role
    or admin flag (``if (req.user.role !== "admin") return res.status(403)...``), or None."""
    found = _evidence(fn)
    return found.refusal if found.refusal is not None and _checks_role(fn) else None


_ROLE_PROPS = frozenset({"role", "roles", "isAdmin", "is_admin", "permissions", "admin"})
_MEMBERSHIP_CALLS = frozenset({"includes", "some", "every", "indexOf", "has", "hasRole", "hasPermission"})


def _checks_role(fn: SgNode) -> bool:
    """Whether ``fn`` tests a role (``user.role === "admin"``, ``roles.includes("admin")``,
    ``if (claims.isAdmin)``) or compares the caller with an administrator's identity
    (``decoded.uid === adminUid``). Copying a role without testing it
    (``req.role = decoded.role``) is not a check."""
    tests: list[SgNode] = []
    for comparison in fn.find_all(kind="binary_expression"):
        operator = comparison.field("operator")
        if operator is not None and operator.text() in {"===", "==", "!==", "!="}:
            tests.append(comparison)
    for kind in ("if_statement", "ternary_expression"):
        for node in fn.find_all(kind=kind):
            condition = node.field("condition")
            if condition is not None:
                tests.append(condition)
    for call in fn.find_all(kind="call_expression"):
        if callee_name(call) in _MEMBERSHIP_CALLS:
            tests.append(call)
    for test in tests:
        for node in [test, *test.find_all(kind="member_expression"), *test.find_all(kind="identifier")]:
            if node.kind() == "member_expression":
                if _request_input(node):
                    continue  # ``req.body.role === "admin"``: what the caller claims, not its role
                prop = node.field("property")
                name = prop.text() if prop is not None else ""
            elif node.kind() == "identifier":
                name = node.text()
            else:
                continue
            if name in _ROLE_PROPS or is_admin_name(name):
                return True
    return False


def _request_input(node: SgNode) -> bool:
    """Whether a member expression reads what the caller sent (``req.body.role``,
    ``request.query.isAdmin``, ``c.req.header(...)``)."""
    parts = node.text().replace("?.", ".").split(".")
    return (
        len(parts) >= 2
        and parts[0] in {"req", "request", "c", "ctx", "event"}
        and bool({"body", "query", "params", "headers", "cookies", "req"} & set(parts[1:3]))
    )


def _short(node: SgNode) -> str:
    text = " ".join(node.text().split())
    return text if len(text) <= 60 else text[:57] + "..."


def _prefix(guard: Guard | None, at: Hop) -> Guard | None:
    if guard is None:
        return None
    chain = guard.chain if guard.chain and guard.chain[0] == at else (at, *guard.chain)
    return dataclasses.replace(guard, chain=chain)


def _admin(guard: Guard | None, admin: bool, role: str | None = None) -> Guard | None:
    """``guard`` required by a call whose arguments name an admin role (``admin``) or any role
    or permission (``role``: ``auth('manageUsers')``, ``authorize(Role.Editor)``)."""
    if guard is None or not (admin or role):
        return guard
    return dataclasses.replace(guard, admin=guard.admin or admin, role=guard.role or role)


def _first_with_roles(guards: list[Guard | None], steps: list[str]) -> Guard | None:
    """The first guard of a middleware array (``[verifyToken, isAdmin]``), holding the role or
    admin flag of any later guard and the role ``steps`` (:meth:`JsGuards.role_step`) of the
    array: the array runs them all, so the route requires all of them."""
    found = [g for g in guards if g is not None]
    if not found:
        return None
    first, rest = found[0], found[1:]
    later = [
        g.label if g.role == "administrators" or g.role.startswith(g.label) else f"{g.label} ({g.role})"
        for g in rest
        if g.role
    ]
    role = first.role or next(iter([*later, *steps]), None)
    admin = first.admin or any(g.admin for g in rest) or any(is_admin_name(s.split(",")[0]) for s in steps)
    return dataclasses.replace(first, admin=admin, role=role)


def _role_arguments(args: list[SgNode]) -> str | None:
    """The roles or permissions a guard factory call names: its string arguments and member
    constants (``'manageUsers'``, ``["admin", "editor"]``, ``Role.Admin``), as source text;
    None when it names none (``auth()``, ``verify(options)``)."""
    named: list[str] = []
    for arg in args:
        items = arg.named_children() if arg.kind() == "array" else [arg]
        for item in items:
            if string_value(item) or (item.kind() == "member_expression" and item.text()[:1].isupper()):
                named.append(item.text())
    return ", ".join(named) if named else None


def guards_of(project: JsProject) -> JsGuards:
    """The project's JS guard classifier, built once and kept on the project."""
    found = project.symbols.get("guards")
    if not isinstance(found, JsGuards):
        found = JsGuards(symbols_of(project))
        project.symbols["guards"] = found
    return found
