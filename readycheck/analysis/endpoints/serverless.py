"""Serverless entry points and who may call them.

- **Firebase Cloud Functions** (v1 ``functions.https.onRequest/onCall``, with ``region()``/
  ``runWith()`` chains; v2 ``onRequest``/``onCall`` from ``firebase-functions/v2/https``):
  each exported function is an endpoint named by its export (``exports.addMessage``,
  ``export const addMessage``, one level of ``exports.group = { fn }`` grouping as
  ``group-fn``); ``onCall`` functions are callables (``kind="rpc"``). Database, auth, storage,
  pub/sub and schedule triggers are listed as non-HTTP entry points (``kind="event"``).
  Callables check ``request.auth``/``context.auth`` and throw ``HttpsError("unauthenticated")``.
- **Parse Cloud Code**: ``Parse.Cloud.define`` functions (``POST /functions/<name>``,
  ``kind="rpc"``), guarded by a validator's ``requireUser``/``requireMaster`` or a
  ``request.user`` check; ``Parse.Cloud.job`` and ``before/afterSave``-style triggers as events.
- **AWS Lambda** behind API Gateway, declared in ``serverless.yml`` (``http``/``httpApi``
  events, ``authorizer``, ``private``) or an AWS SAM template (``AWS::Serverless::Function``
  ``Api``/``HttpApi`` events, ``Auth.Authorizer``, the API's ``DefaultAuthorizer``); the
  handler named by ``handler: path/file.export`` is analysed.
- **Cloudflare Workers**: a module worker ``export default { fetch(request, env) }`` (the
  ``main`` of ``wrangler.toml``, or ``src/index``) is one endpoint for every path.

Sources: Firebase "Call functions via HTTP requests", "Call functions from your app"
(callable functions and ``context.auth``); Parse Server "Cloud Code Guide" (validators,
``requireUser``, ``useMasterKey``); Serverless Framework "API Gateway REST API" and "HTTP API"
events; AWS SAM ``AWS::Serverless::Function`` event sources and ``Auth``; Cloudflare Workers
"Module Worker syntax".
"""

from __future__ import annotations

import tomllib
from pathlib import PurePosixPath

import yaml
from ast_grep_py import SgNode
from yaml.nodes import Node

from readycheck.analysis import yamlnodes
from readycheck.analysis.authz import AuthFacts, Guard
from readycheck.analysis.data import parse_toml
from readycheck.analysis.endpoints.javascript import JsContext, js_endpoint, request_scope
from readycheck.analysis.endpoints.js_handlers import JsScope
from readycheck.analysis.js import (
    JsModule,
    JsProject,
    arguments,
    bound_names,
    callee_name,
    line_of,
    parameters,
    string_value,
)
from readycheck.analysis.jsauthz import JsGuards
from readycheck.analysis.jssymbols import FUNCTION_KINDS, JsExternal, JsSymbols, JsValue, object_property, unwrap
from readycheck.model import Endpoint, Hop, NotChecked
from readycheck.repository import Repository

FIREBASE_HTTP = frozenset({"onRequest"})
FIREBASE_CALLABLE = frozenset({"onCall", "onCallGenkit"})
FIREBASE_TRIGGERS = frozenset(
    {
        "onCreate",
        "onUpdate",
        "onDelete",
        "onWrite",
        "onRun",
        "onFinalize",
        "onArchive",
        "onMetadataUpdate",
        "onPublish",
        "onDocumentCreated",
        "onDocumentUpdated",
        "onDocumentDeleted",
        "onDocumentWritten",
        "onValueCreated",
        "onValueUpdated",
        "onValueDeleted",
        "onValueWritten",
        "onSchedule",
        "onObjectFinalized",
        "onObjectDeleted",
        "onMessagePublished",
        "onTaskDispatched",
        "beforeUserCreated",
        "beforeUserSignedIn",
        "onCustomEventPublished",
    }
)
PARSE_TRIGGERS = frozenset(
    {
        "beforeSave",
        "afterSave",
        "beforeDelete",
        "afterDelete",
        "beforeFind",
        "afterFind",
        "beforeLogin",
        "afterLogin",
        "afterLogout",
    }
)


def _short(node: SgNode) -> str:
    text = " ".join(node.text().split())
    return text if len(text) <= 60 else text[:57] + "..."


class _Builder:
    def __init__(self, project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards) -> None:
        self.project = project
        self.context = context
        self.symbols = symbols
        self.guards = guards
        self.endpoints: list[Endpoint] = []

    def _emit(
        self,
        module: JsModule,
        fn: SgNode,
        *,
        method: str,
        route: str,
        line: int,
        framework: str,
        handler: str,
        kind: str,
        facts: AuthFacts | None = None,
        note: str,
        scope: JsScope | None = None,
        declared_in: str | None = None,
    ) -> None:
        facts = facts or AuthFacts()
        registration = Hop(path=declared_in or module.source.path, line=line, note=note)
        if scope is None:
            scope, _ = request_scope(fn, express=True)
            scope = _callable_scope(fn, scope)
        if not facts.guards:
            facts.looked.append(registration)
        self.endpoints.append(
            js_endpoint(
                module=module,
                fn=fn,
                method=method,
                route=route,
                line=line,
                framework=framework,
                handler=handler,
                scope=scope,
                context=self.context,
                facts=facts,
                declared_in=declared_in,
                evidence=(registration,),
                kind=kind,
            )
        )

    # -- Firebase --------------------------------------------------------------------------

    def firebase(self) -> None:
        for module in self.project.modules.values():
            if "firebase-functions" not in module.source.text:
                continue
            for name, value, line in _exports(self.symbols, module):
                self._firebase_export(module, name, value, line, 0)

    def _firebase_export(self, module: JsModule, name: str, value: SgNode, line: int, depth: int) -> None:
        value = unwrap(value)
        if value.kind() == "object" and depth == 0:
            for child in value.named_children():
                if child.kind() == "pair":
                    key, inner = child.field("key"), child.field("value")
                    if key is not None and inner is not None:
                        self._firebase_export(
                            module, f"{name}-{string_value(key) or key.text()}", inner, line_of(child), 1
                        )
            return
        if value.kind() != "call_expression":
            return
        trigger = callee_name(value)
        function = value.field("function")
        target = self.symbols.expr(module, function) if function is not None else None
        from_firebase = isinstance(target, JsExternal) and target.specifier.startswith("firebase-functions")
        if not from_firebase:
            chain_root = function.text().split(".")[0] if function is not None else ""
            found = self.symbols.name(module, chain_root) if chain_root else None
            from_firebase = isinstance(found, JsExternal) and found.specifier.startswith("firebase-functions")
        if not from_firebase:
            return
        args = arguments(value)
        handler = next((unwrap(a) for a in reversed(args) if unwrap(a).kind() in FUNCTION_KINDS), None)
        handler_arg = args[-1] if args else None
        if trigger in FIREBASE_HTTP:
            if handler is None and handler_arg is not None:
                return  # ``onRequest(app)``: the Express model lists the app's routes under /name
            if handler is None:
                return
            self._emit(
                module,
                handler,
                method="ANY",
                route=f"/{name}",
                line=line,
                framework="firebase-functions",
                handler=name,
                kind="http",
                note=f"export {name} = {_short(function) if function else trigger}(...)",
            )
        elif trigger in FIREBASE_CALLABLE:
            if handler is None:
                return
            self._emit(
                module,
                handler,
                method="POST",
                route=f"/{name}",
                line=line,
                framework="firebase-functions",
                handler=name,
                kind="rpc",
                note=f"export {name} = {trigger}(...) (a callable function)",
            )
        elif trigger in FIREBASE_TRIGGERS and handler is not None:
            self._emit(
                module,
                handler,
                method="EVENT",
                route=f"event:{name}",
                line=line,
                framework="firebase-functions",
                handler=name,
                kind="event",
                note=f"export {name} = {_short(function) if function else trigger}(...) (a platform trigger)",
            )

    # -- Parse ------------------------------------------------------------------------------

    def parse_cloud(self) -> None:
        for module in self.project.modules.values():
            if "Parse.Cloud" not in module.source.text:
                continue
            for call in module.root.find_all(kind="call_expression"):
                function = call.field("function")
                if function is None or not function.text().startswith("Parse.Cloud."):
                    continue
                kind = callee_name(call)
                args = arguments(call)
                if len(args) < 2:
                    continue
                handler = self._function_arg(module, args[1])
                if handler is None:
                    continue
                subject = string_value(args[0]) or args[0].text()
                validator = unwrap(args[2]) if len(args) > 2 else None
                facts = AuthFacts()
                if validator is not None and validator.kind() == "object":
                    for flag, admin in (("requireUser", False), ("requireMaster", True)):
                        option = object_property(validator, flag)
                        if option is not None and option.text() == "true":
                            facts.add(
                                Guard(
                                    label=f"validator {flag}",
                                    chain=(
                                        Hop(
                                            path=module.source.path,
                                            line=line_of(option),
                                            note=f"{flag}: true refuses callers without {_needed(admin)}",
                                        ),
                                    ),
                                    admin=admin,
                                )
                            )
                scope = JsScope(
                    input_paths={f"{p.text()}.params" for p in parameters(handler)[:1] if p.kind() == "identifier"}
                )
                if kind == "define":
                    method, route, name, note = (
                        "POST",
                        f"/functions/{subject}",
                        subject,
                        f'Parse.Cloud.define("{subject}")',
                    )
                elif kind == "job":
                    method, route, name, note = "EVENT", f"job:{subject}", subject, f'Parse.Cloud.job("{subject}")'
                elif kind in PARSE_TRIGGERS:
                    method, route = "EVENT", f"trigger:{kind}:{subject}"
                    name, note = f"{kind} {subject}", f"Parse.Cloud.{kind}({subject})"
                else:
                    continue
                self._emit(
                    module,
                    handler,
                    method=method,
                    route=route,
                    line=line_of(call),
                    framework="parse-cloud",
                    handler=name,
                    kind="rpc" if kind == "define" else "event",
                    facts=facts,
                    note=note,
                    scope=scope,
                )

    def _function_arg(self, module: JsModule, node: SgNode) -> SgNode | None:
        node = unwrap(node)
        if node.kind() in FUNCTION_KINDS:
            return node
        found = (
            self.symbols.callable(self.symbols.expr(module, node))
            if node.kind() in {"identifier", "member_expression"}
            else None
        )
        if isinstance(found, JsValue) and unwrap(found.node).kind() in FUNCTION_KINDS:
            return unwrap(found.node)
        return None

    # -- AWS Lambda ---------------------------------------------------------------------------

    def lambdas(self, repo: Repository, not_checked: list[NotChecked]) -> None:
        for source in repo.files:
            name = PurePosixPath(source.path).name
            if name not in {"serverless.yml", "serverless.yaml", "template.yaml", "template.yml"}:
                continue
            if "/node_modules/" in source.path:
                continue
            try:
                root = yamlnodes.compose(source.text)
            except yaml.YAMLError:
                not_checked.append(
                    NotChecked(path=source.path, reason=f"{name} is not valid YAML; its functions were not listed")
                )
                continue
            folder = str(PurePosixPath(source.path).parent)
            folder = "" if folder == "." else folder
            if name.startswith("serverless"):
                self._serverless(source.path, folder, root)
            elif yamlnodes.get(root, "Resources") is not None:
                self._sam(source.path, folder, root)

    def _serverless(self, path: str, folder: str, root: Node | None) -> None:
        for fn_name, _, spec in yamlnodes.items(yamlnodes.get(root, "functions")):
            handler = yamlnodes.scalar(yamlnodes.get(spec, "handler"))
            for event in yamlnodes.sequence(yamlnodes.get(spec, "events")):
                for kind, _, config in yamlnodes.items(event):
                    if kind not in {"http", "httpApi"}:
                        continue
                    if yamlnodes.scalar(config) is not None:  # "GET /users"
                        text = yamlnodes.scalar(config) or ""
                        method, _, route = text.partition(" ")
                        authorizer = None
                        private = False
                    else:
                        method = yamlnodes.scalar(yamlnodes.get(config, "method")) or "ANY"
                        route = yamlnodes.scalar(yamlnodes.get(config, "path")) or "/"
                        authorizer = yamlnodes.get(config, "authorizer")
                        private = yamlnodes.scalar(yamlnodes.get(config, "private")) == "true"
                    facts = AuthFacts()
                    if authorizer is not None:
                        facts.add(
                            Guard(
                                label="API Gateway authorizer",
                                chain=(
                                    Hop(path=path, line=yamlnodes.line(authorizer), note=f"authorizer for {fn_name}"),
                                ),
                            )
                        )
                    elif private:
                        facts.add(
                            Guard(
                                label="API key (private: true)",
                                chain=(
                                    Hop(
                                        path=path, line=yamlnodes.line(config), note="private: true requires an API key"
                                    ),
                                ),
                            )
                        )
                    route = "/" + route.strip().lstrip("/")
                    self._lambda(
                        path,
                        folder,
                        handler,
                        method.upper() if method != "*" else "ANY",
                        route,
                        yamlnodes.line(event),
                        fn_name,
                        facts,
                    )

    def _sam(self, path: str, folder: str, root: Node | None) -> None:
        resources = yamlnodes.get(root, "Resources")
        default_auth: dict[str, int] = {}
        for name, _, resource in yamlnodes.items(resources):
            if yamlnodes.scalar(yamlnodes.get(resource, "Type")) in {
                "AWS::Serverless::Api",
                "AWS::Serverless::HttpApi",
            }:
                auth = yamlnodes.get(yamlnodes.get(yamlnodes.get(resource, "Properties"), "Auth"), "DefaultAuthorizer")
                if auth is not None and yamlnodes.scalar(auth) not in {None, "NONE"}:
                    default_auth[name] = yamlnodes.line(auth)
        globals_api = yamlnodes.get(yamlnodes.get(yamlnodes.get(root, "Globals"), "Api"), "Auth")
        global_default = yamlnodes.get(globals_api, "DefaultAuthorizer")
        for name, _, resource in yamlnodes.items(resources):
            if yamlnodes.scalar(yamlnodes.get(resource, "Type")) != "AWS::Serverless::Function":
                continue
            props = yamlnodes.get(resource, "Properties")
            handler = yamlnodes.scalar(yamlnodes.get(props, "Handler"))
            code = yamlnodes.scalar(yamlnodes.get(props, "CodeUri")) or ""
            for _, _, event in yamlnodes.items(yamlnodes.get(props, "Events")):
                kind = yamlnodes.scalar(yamlnodes.get(event, "Type"))
                if kind not in {"Api", "HttpApi"}:
                    continue
                config = yamlnodes.get(event, "Properties")
                route = yamlnodes.scalar(yamlnodes.get(config, "Path")) or "/"
                method = (yamlnodes.scalar(yamlnodes.get(config, "Method")) or "ANY").upper()
                facts = AuthFacts()
                auth = yamlnodes.get(yamlnodes.get(config, "Auth"), "Authorizer")
                api = yamlnodes.get(config, "RestApiId") or yamlnodes.get(config, "ApiId")
                api_name = _ref(api)
                if auth is not None and yamlnodes.scalar(auth) not in {"NONE", None}:
                    facts.add(
                        Guard(
                            label=f"authorizer {yamlnodes.scalar(auth)}",
                            chain=(Hop(path=path, line=yamlnodes.line(auth), note=f"{name} {route}: Auth.Authorizer"),),
                        )
                    )
                elif auth is None and api_name in default_auth:
                    facts.add(
                        Guard(
                            label=f"DefaultAuthorizer of {api_name}",
                            chain=(Hop(path=path, line=default_auth[api_name], note="the API's DefaultAuthorizer"),),
                        )
                    )
                elif auth is None and global_default is not None and yamlnodes.scalar(global_default) != "NONE":
                    facts.add(
                        Guard(
                            label="Globals DefaultAuthorizer",
                            chain=(
                                Hop(
                                    path=path,
                                    line=yamlnodes.line(global_default),
                                    note="Globals Api Auth DefaultAuthorizer",
                                ),
                            ),
                        )
                    )
                base = str(PurePosixPath(folder) / code) if code else folder
                self._lambda(
                    path,
                    base.strip("./") if base not in {".", ""} else "",
                    handler,
                    "ANY" if method == "ANY" else method,
                    route,
                    yamlnodes.line(event),
                    name,
                    facts,
                )

    def _lambda(
        self,
        manifest: str,
        folder: str,
        handler: str | None,
        method: str,
        route: str,
        line: int,
        name: str,
        facts: AuthFacts,
    ) -> None:
        if handler is None:
            return
        file_part, _, export = handler.rpartition(".")
        candidate = str(PurePosixPath(folder) / file_part) if folder else file_part
        module = self.project._file(PurePosixPath(candidate))
        fn: SgNode | None = None
        if module is not None:
            found = self.symbols.export(module, export)
            if isinstance(found, JsValue) and unwrap(found.node).kind() in FUNCTION_KINDS:
                fn = unwrap(found.node)
        if module is None or fn is None:
            # a Python or compiled handler: list the route with what the manifest says
            if not facts.guards:
                facts.unknown.append(
                    Hop(path=manifest, line=line, note=f"handler {handler} was not found among the JS/TS files")
                )
            self.endpoints.append(
                Endpoint(
                    method=method,
                    route=route,
                    path=manifest,
                    line=line,
                    framework="aws-lambda",
                    handler=handler,
                    **facts.decide(),
                    evidence=(Hop(path=manifest, line=line, note=f"{name}: {method} {route} → {handler}"),),
                    unresolved=None
                    if module is not None
                    else f"handler {handler} is not a JS/TS file of the repository",
                )
            )
            return
        scope = JsScope(
            input_paths={
                f"{p.text()}.{m}"
                for p in parameters(fn)[:1]
                if p.kind() == "identifier"
                for m in ("pathParameters", "queryStringParameters", "body")
            }
        )
        self._emit(
            module,
            fn,
            method=method,
            route=route,
            line=line,
            framework="aws-lambda",
            handler=handler,
            kind="http",
            facts=facts,
            note=f"{name}: {method} {route} → {handler}",
            scope=scope,
            declared_in=manifest,
        )

    # -- Cloudflare Workers ---------------------------------------------------------------------

    def workers(self, repo: Repository) -> None:
        mains: list[str] = []
        for source in repo.files:
            if PurePosixPath(source.path).name == "wrangler.toml":
                try:
                    data = parse_toml(source.text)
                except tomllib.TOMLDecodeError:
                    continue
                main = data.get("main")
                folder = str(PurePosixPath(source.path).parent)
                if isinstance(main, str):
                    mains.append(str(PurePosixPath(folder) / main) if folder != "." else main)
        for main in mains:
            module = self.project._file(PurePosixPath(main))
            if module is None:
                continue
            default = self.symbols.export(module, "default")
            if not isinstance(default, JsValue) or unwrap(default.node).kind() != "object":
                continue
            fetch = object_property(unwrap(default.node), "fetch")
            if fetch is None:
                continue
            self._emit(
                module,
                unwrap(fetch),
                method="ANY",
                route="/*",
                line=line_of(fetch),
                framework="cloudflare-workers",
                handler="fetch",
                kind="http",
                note="export default { fetch }",
            )


def _needed(admin: bool) -> str:
    return "the master key" if admin else "a session"


def _ref(node: Node | None) -> str | None:
    """The logical id of ``!Ref Api`` / ``Ref: Api``."""
    if node is None:
        return None
    text = yamlnodes.scalar(node)
    if text is not None:
        return text
    return yamlnodes.scalar(yamlnodes.get(node, "Ref"))


def _exports(symbols: JsSymbols, module: JsModule) -> list[tuple[str, SgNode, int]]:
    """Exported names and their value nodes: ``exports.x = ...``, ``export const x = ...``."""
    found: list[tuple[str, SgNode, int]] = []
    table = symbols.table(module)
    for name, (kind, data) in table.exports.items():
        if kind == "node" and isinstance(data, SgNode):
            found.append((name, data, line_of(data)))
        elif kind == "local":
            value = table.top.get(str(data))
            if value is not None:
                found.append((name, value, line_of(value)))
    return found


def _callable_scope(fn: SgNode, scope: JsScope) -> JsScope:
    """Callables receive ``request.data`` (v2) or ``data`` (v1) from the caller."""
    params = parameters(fn)
    if params and params[0].kind() == "identifier":
        scope.input_paths.add(f"{params[0].text()}.data")
        if len(params) == 2:  # v1 (data, context)
            scope.inputs.add(params[0].text())
    elif params:
        scope.inputs.update(bound_names(params[0]))
    return scope


def serverless_endpoints(
    repo: Repository,
    project: JsProject,
    context: JsContext,
    symbols: JsSymbols,
    guards: JsGuards,
    not_checked: list[NotChecked],
) -> list[Endpoint]:
    """Firebase Functions, Parse Cloud Code, AWS Lambda (serverless.yml, SAM) and Cloudflare
    Workers entry points."""
    builder = _Builder(project, context, symbols, guards)
    builder.firebase()
    builder.parse_cloud()
    builder.lambdas(repo, not_checked)
    builder.workers(repo)
    return builder.endpoints
