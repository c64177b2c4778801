"""Route sources and wiring patterns of the endpoint inventory: each fixture is a small tree
that wires routes the way real apps do, and the test lists what the inventory must find
(method, full route, authorization decision)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readycheck.analysis import ProgramModels
from readycheck.model import Endpoint
from readycheck.repository import Repository
from tests.conftest import write_tree


def inventory(root: Path, files: dict[str, str]) -> list[Endpoint]:
    write_tree(root, files)
    return list(ProgramModels(Repository.scan(root, read_git=False)).inventory.endpoints)


def routes(endpoints: list[Endpoint]) -> set[tuple[str, str, str]]:
    return {(e.method, e.route, e.auth_status.value) for e in endpoints}


# -- Express wiring -----------------------------------------------------------------------------


def test_express_app_passed_as_parameter(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "server.js": (
                'const express = require("express");\nconst routes = require("./app/routes");\n'
                "const app = express();\nroutes(app, db);\napp.listen(3000);\n"
            ),
            "app/routes/index.js": (
                'const Session = require("./session");\n'
                "const index = (app, db) => {\n  const session = new Session(db);\n"
                "  const isLoggedIn = session.isLoggedInMiddleware;\n"
                '  app.get("/login", session.displayLogin);\n'
                '  app.post("/profile", isLoggedIn, session.saveProfile);\n};\nmodule.exports = index;\n'
            ),
            "app/routes/session.js": (
                "function Session(db) {\n  this.isLoggedInMiddleware = (req, res, next) => {\n"
                "    if (req.session.userId) { return next(); }\n    return res.redirect('/login');\n  };\n"
                "  this.displayLogin = (req, res) => res.render('login');\n"
                "  this.saveProfile = (req, res) => res.json({});\n}\nmodule.exports = Session;\n"
            ),
        },
    )
    assert routes(found) == {("GET", "/login", "public"), ("POST", "/profile", "authenticated")}
    profile = next(e for e in found if e.route == "/profile")
    assert profile.auth_chain[-1].path == "app/routes/session.js"  # the chain ends where the check is


def test_express_mount_table_in_a_loop(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/app.js": 'const express = require("express");\nconst routes = require("./routes/v1");\nconst app = express();\napp.use("/v1", routes);\n',
            "src/routes/v1/index.js": (
                'const express = require("express");\nconst authRoute = require("./auth.route");\n'
                'const userRoute = require("./user.route");\nconst router = express.Router();\n'
                'const defaultRoutes = [\n  { path: "/auth", route: authRoute },\n  { path: "/users", route: userRoute },\n];\n'
                "defaultRoutes.forEach((route) => {\n  router.use(route.path, route.route);\n});\nmodule.exports = router;\n"
            ),
            "src/routes/v1/auth.route.js": (
                'const express = require("express");\nconst router = express.Router();\n'
                'router.post("/login", (req, res) => res.json({}));\nmodule.exports = router;\n'
            ),
            "src/routes/v1/user.route.js": (
                'const express = require("express");\nconst auth = require("../../middlewares/auth");\n'
                "const router = express.Router();\n"
                'router.route("/:userId").get(auth("getUsers"), (req, res) => res.json({})).delete(auth("manageUsers"), (req, res) => res.json({}));\n'
                "module.exports = router;\n"
            ),
            "src/middlewares/auth.js": (
                'const passport = require("passport");\n'
                "const auth = (...rights) => async (req, res, next) => {\n"
                '  passport.authenticate("jwt", { session: false })(req, res, next);\n};\nmodule.exports = auth;\n'
            ),
        },
    )
    assert routes(found) == {
        ("POST", "/v1/auth/login", "public"),
        ("GET", "/v1/users/:userId", "authenticated"),
        ("DELETE", "/v1/users/:userId", "authenticated"),
    }


def test_express_esm_subpath_imports_and_tsconfig_paths(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "package.json": '{"type": "module", "imports": {"#routes/*": "./src/routes/*", "#mw/*": "./src/middleware/*"}}',
            "tsconfig.json": '{\n  // comments are allowed\n  "compilerOptions": {"baseUrl": ".", "paths": {"@ctl/*": ["src/controllers/*"]}},\n}\n',
            "src/app.js": (
                "import express from 'express';\nimport authRoutes from '#routes/auth.routes.js';\n"
                "import users from '#routes/users.routes.js';\nconst app = express();\n"
                "app.use('/api/auth', authRoutes);\napp.use('/api/users', users);\nexport default app;\n"
            ),
            "src/routes/auth.routes.js": (
                "import express from 'express';\nconst router = express.Router();\n"
                "router.post('/sign-in', (req, res) => res.json({}));\nexport default router;\n"
            ),
            "src/routes/users.routes.js": (
                "import express from 'express';\nimport authenticate from '#mw/auth.js';\n"
                "import { deleteUser } from '@ctl/users.js';\nconst router = express.Router();\n"
                "router.delete('/:id', authenticate, deleteUser);\nexport default router;\n"
            ),
            "src/middleware/auth.js": (
                "import jwt from 'jsonwebtoken';\nexport default function authenticate(req, res, next) {\n"
                "  const token = req.cookies.token;\n  if (!token) return res.status(401).json({ error: 'no token' });\n"
                "  req.user = jwt.verify(token, process.env.JWT_SECRET);\n  next();\n}\n"
            ),
            "src/controllers/users.js": "export const deleteUser = async (req, res) => res.json({});\n",
        },
    )
    assert routes(found) == {("POST", "/api/auth/sign-in", "public"), ("DELETE", "/api/users/:id", "authenticated")}
    deleting = next(e for e in found if e.method == "DELETE")
    assert deleting.handler_path == "src/controllers/users.js"  # resolved through tsconfig paths


def test_express_reexports_and_use_order(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/server.ts": (
                "import express from 'express';\nimport { publicRouter, privateRouter } from './routes';\n"
                "import { requireAuth } from './auth';\nconst app = express();\n"
                "app.use('/api', publicRouter);\napp.use(requireAuth);\napp.use('/api', privateRouter);\n"
            ),
            "src/routes/index.ts": "export * from './public';\nexport { router as privateRouter } from './private';\n",
            "src/routes/public.ts": "import { Router } from 'express';\nexport const publicRouter = Router();\npublicRouter.get('/health', (req, res) => res.send('ok'));\n",
            "src/routes/private.ts": "import { Router } from 'express';\nexport const router = Router();\nrouter.delete('/items/:id', (req, res) => res.send('ok'));\n",
            "src/auth.ts": (
                "export function requireAuth(req: any, res: any, next: any) {\n"
                "  if (!req.headers.authorization) { return res.sendStatus(401); }\n  next();\n}\n"
            ),
        },
    )
    # app.use(requireAuth) runs for routes mounted after it, not before
    assert routes(found) == {("GET", "/api/health", "public"), ("DELETE", "/api/items/:id", "authenticated")}


def test_express_unmounted_router_is_partly_resolved_and_unknown(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "routes/things.js": (
                'const router = require("express").Router();\n'
                'router.delete("/:id", (req, res) => res.json({}));\nmodule.exports = router;\n'
            )
        },
    )
    assert routes(found) == {("DELETE", "/:id", "unknown")}
    assert found[0].unresolved


# -- file-routed frameworks ---------------------------------------------------------------------


def test_nextjs_middleware_matcher_guards_pages_not_api(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "middleware.ts": (
                "import { NextResponse } from 'next/server';\nimport { updateSession } from '@/lib/supabase/middleware';\n"
                "export async function middleware(request) {\n  return await updateSession(request);\n}\n"
                "export const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };\n"
            ),
            "lib/supabase/middleware.ts": (
                "import { createServerClient } from '@supabase/ssr';\nimport { NextResponse } from 'next/server';\n"
                "export async function updateSession(request) {\n  const supabase = createServerClient(url, key, {});\n"
                "  const { data: { user } } = await supabase.auth.getUser();\n"
                "  if (!user && !request.nextUrl.pathname.startsWith('/login')) {\n"
                "    return NextResponse.redirect(new URL('/login', request.url));\n  }\n  return NextResponse.next();\n}\n"
            ),
            "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./*"]}}}',
            "app/api/notes/[id]/route.ts": "export async function DELETE(req, { params }) { return Response.json({}); }\n",
            "app/dashboard/route.ts": "export async function POST(req) { return Response.json({}); }\n",
            "app/login/route.ts": "export async function POST(req) { return Response.json({}); }\n",
        },
    )
    assert routes(found) == {
        ("DELETE", "/api/notes/[id]", "public"),
        ("POST", "/dashboard", "authenticated"),
        ("POST", "/login", "public"),
    }


def test_nextjs_proxy_with_next_auth(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/proxy.ts": "import { withAuth } from 'next-auth/middleware';\nexport default withAuth({});\nexport const config = { matcher: ['/admin/:path*'] };\n",
            "src/app/admin/users/route.ts": "export async function GET() { return Response.json([]); }\n",
            "src/app/blog/route.ts": "export async function GET() { return Response.json([]); }\n",
        },
    )
    assert routes(found) == {("GET", "/admin/users", "authenticated"), ("GET", "/blog", "public")}


def test_nuxt_server_routes(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "frontend/nuxt.config.ts": "export default defineNuxtConfig({});\n",
            "frontend/server/api/todos/index.get.ts": "export default defineEventHandler(async (event) => { return []; });\n",
            "frontend/server/api/todos/[id].delete.ts": (
                "export default defineEventHandler(async (event) => {\n"
                "  const { user } = await requireUserSession(event);\n  const id = getRouterParam(event, 'id');\n  return { id };\n});\n"
            ),
            "frontend/server/routes/sitemap.xml.ts": "export default defineEventHandler(() => '<xml/>');\n",
        },
    )
    assert routes(found) == {
        ("GET", "/api/todos", "public"),
        ("DELETE", "/api/todos/[id]", "authenticated"),
        ("ANY", "/sitemap.xml", "public"),
    }


def test_sveltekit_server_routes_actions_and_hooks(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/hooks.server.ts": (
                "import { redirect } from '@sveltejs/kit';\nexport const handle = async ({ event, resolve }) => {\n"
                "  if (event.url.pathname.startsWith('/app') && !event.locals.user) { throw redirect(303, '/login'); }\n"
                "  return resolve(event);\n};\n"
            ),
            "src/routes/api/items/[id]/+server.ts": "export async function DELETE({ params }) { return new Response(null); }\n",
            "src/routes/app/settings/+page.server.ts": (
                "export const load = async ({ locals }) => ({});\nexport const actions = {\n  save: async ({ request }) => {},\n};\n"
            ),
        },
    )
    assert ("DELETE", "/api/items/[id]", "public") in routes(found)
    assert ("GET", "/app/settings", "authenticated") in routes(found)
    assert ("POST", "/app/settings?/save", "authenticated") in routes(found)


def test_remix_flat_routes(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "app/routes/notes.$noteId.tsx": (
                "import { json } from '@remix-run/node';\nexport async function loader({ params }) { return json({}); }\n"
                "export async function action({ request, params }) { return json({}); }\n"
            ),
            "app/routes/_index.tsx": "export const loader = async () => null;\n",
        },
    )
    assert routes(found) == {
        ("GET", "/notes/:noteId", "public"),
        ("POST", "/notes/:noteId", "public"),
        ("GET", "/", "public"),
    }


def test_astro_and_vercel_functions(tmp_path: Path) -> None:
    astro = inventory(
        tmp_path / "astro",
        {
            "astro.config.mjs": "export default {};\n",
            "src/pages/api/subscribe.ts": "export const POST = async ({ request }) => new Response('ok');\n",
        },
    )
    assert routes(astro) == {("POST", "/api/subscribe", "public")}
    vercel = inventory(
        tmp_path / "vercel",
        {
            "api/hello.js": "export default function handler(req, res) {\n  if (req.method === 'POST') { res.json({}); }\n}\n"
        },
    )
    assert ("POST", "/api/hello", "public") in routes(vercel)


# -- Python wiring -------------------------------------------------------------------------------


def test_drf_router_views_package_wins_over_module(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['rest_framework']\n",
            "proj/__init__.py": "",
            "proj/urls.py": "from django.urls import include, path\nurlpatterns = [path('api/', include('api.urls'))]\n",
            "api/__init__.py": "",
            "api/urls.py": (
                "from rest_framework.routers import DefaultRouter\nfrom .views import CategoriaViewSet\n"
                "router = DefaultRouter()\nrouter.register('categorias', CategoriaViewSet)\nurlpatterns = router.urls\n"
            ),
            "api/views.py": "# an old module Python never imports: the package below wins\n",
            "api/views/__init__.py": "from .categoria import CategoriaViewSet\n",
            "api/views/categoria.py": (
                "from rest_framework import viewsets\nfrom rest_framework.permissions import IsAuthenticated\n"
                "class CategoriaViewSet(viewsets.ModelViewSet):\n    permission_classes = [IsAuthenticated]\n"
                "    queryset = Categoria.objects.all()\n"
            ),
        },
    )
    assert ("DELETE", "/api/categorias/<pk>/", "authenticated") in routes(found)
    assert ("GET", "/api/categorias/", "authenticated") in routes(found)


def test_fastapi_router_subclass_and_class_based_view(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\nfrom app.routes import router\napp = FastAPI()\napp.include_router(router)\n",
            "app/deps.py": (
                "from fastapi import Depends, HTTPException\nfrom fastapi.security import OAuth2PasswordBearer\n"
                "scheme = OAuth2PasswordBearer(tokenUrl='t')\n"
                "def get_current_user(token: str = Depends(scheme)):\n    return token\n"
                "def get_admin_user(user=Depends(get_current_user)):\n    return user\n"
            ),
            "app/routes/__init__.py": (
                "from fastapi import APIRouter\nfrom . import admin, things\nrouter = APIRouter(prefix='/api')\n"
                "router.include_router(admin.router)\nrouter.include_router(things.router)\n"
            ),
            "app/routes/base.py": (
                "from fastapi import APIRouter, Depends\nfrom app.deps import get_admin_user, get_current_user\n"
                "class AdminAPIRouter(APIRouter):\n    def __init__(self, prefix: str = '', **kw):\n"
                "        super().__init__(prefix=prefix, dependencies=[Depends(get_admin_user)], **kw)\n"
                "class BaseUserController:\n    user = Depends(get_current_user)\n"
                "def controller(router):\n    def decorator(cls):\n        return cls\n    return decorator\n"
            ),
            "app/routes/admin.py": (
                "from app.routes.base import AdminAPIRouter\nrouter = AdminAPIRouter(prefix='/admin')\n"
                "@router.delete('/users/{user_id}')\ndef delete_user(user_id: int):\n    return {}\n"
            ),
            "app/routes/things.py": (
                "from fastapi import APIRouter\nfrom app.routes.base import BaseUserController, controller\n"
                "router = APIRouter(prefix='/things')\n@controller(router)\nclass ThingController(BaseUserController):\n"
                "    @router.delete('/{thing_id}')\n    def delete_thing(self, thing_id: int):\n        return {}\n"
                "@router.get('/public')\ndef public_things():\n    return []\n"
            ),
        },
    )
    assert routes(found) == {
        ("DELETE", "/api/admin/users/{user_id}", "authenticated"),
        ("DELETE", "/api/things/{thing_id}", "authenticated"),
        ("GET", "/api/things/public", "public"),
    }
    admin = next(e for e in found if "admin" in e.route)
    assert admin.admin_only
    assert any("security scheme" in hop.note for hop in admin.auth_chain)


@pytest.mark.parametrize("root", ["src", "backend"])
def test_python_source_roots(tmp_path: Path, root: str) -> None:
    found = inventory(
        tmp_path,
        {
            f"{root}/myapp/__init__.py": "",
            f"{root}/myapp/main.py": "from fastapi import FastAPI\nfrom myapp.api import router\napp = FastAPI()\napp.include_router(router, prefix='/v1')\n",
            f"{root}/myapp/api.py": "from fastapi import APIRouter\nrouter = APIRouter()\n@router.get('/ping')\ndef ping():\n    return 1\n",
        },
    )
    assert routes(found) == {("GET", "/v1/ping", "public")}


# -- serverless -------------------------------------------------------------------------------


def test_firebase_functions_v1_v2_and_express_app(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "functions/index.js": (
                'const functions = require("firebase-functions");\n'
                'const { onCall, HttpsError } = require("firebase-functions/v2/https");\n'
                'const { onDocumentCreated } = require("firebase-functions/v2/firestore");\n'
                'const express = require("express");\nconst app = express();\n'
                'app.get("/items/:id", (req, res) => res.json({}));\nexports.api = functions.https.onRequest(app);\n'
                'exports.hello = functions.https.onRequest((req, res) => res.send("hi"));\n'
                "exports.deleteItem = onCall(async (request) => {\n"
                '  if (!request.auth) { throw new HttpsError("unauthenticated", "sign in"); }\n  return {};\n});\n'
                'exports.onNew = onDocumentCreated("items/{id}", (event) => {});\n'
            ),
        },
    )
    assert routes(found) == {
        ("GET", "/api/items/:id", "public"),  # the Express app is served under its function's name
        ("ANY", "/hello", "public"),
        ("POST", "/deleteItem", "authenticated"),
        ("EVENT", "event:onNew", "public"),
    }
    kinds = {e.route: e.kind for e in found}
    assert kinds["/deleteItem"] == "rpc" and kinds["event:onNew"] == "event"


def test_parse_cloud_code(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "cloud/main.js": (
                'Parse.Cloud.define("deleteAccount", async (request) => {\n'
                '  const q = new Parse.Query("Account");\n  return q.get(request.params.id, { useMasterKey: true });\n});\n'
                'Parse.Cloud.define("profile", async (request) => request.user, { requireUser: true });\n'
                'Parse.Cloud.define("adminOnly", async (request) => {\n'
                '  if (!request.user) { throw new Parse.Error(209, "no session"); }\n  return 1;\n});\n'
                'Parse.Cloud.beforeSave("Post", async (request) => {});\n'
            ),
        },
    )
    assert routes(found) == {
        ("POST", "/functions/deleteAccount", "public"),
        ("POST", "/functions/profile", "authenticated"),
        ("POST", "/functions/adminOnly", "authenticated"),
        ("EVENT", "trigger:beforeSave:Post", "public"),
    }


def test_lambda_serverless_and_sam(tmp_path: Path) -> None:
    serverless = inventory(
        tmp_path / "sls",
        {
            "serverless.yml": (
                "functions:\n  getUser:\n    handler: src/users.get\n    events:\n      - http:\n"
                "          path: users/{id}\n          method: get\n          authorizer: aws_iam\n"
                "  deleteUser:\n    handler: src/users.remove\n    events:\n      - httpApi: 'DELETE /users/{id}'\n"
            ),
            "src/users.js": "module.exports.get = async (event) => ({ statusCode: 200 });\nmodule.exports.remove = async (event) => ({ statusCode: 204 });\n",
        },
    )
    assert routes(serverless) == {("GET", "/users/{id}", "authenticated"), ("DELETE", "/users/{id}", "public")}
    sam = inventory(
        tmp_path / "sam",
        {
            "template.yaml": (
                "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
                "    Properties:\n      Auth:\n        DefaultAuthorizer: Cognito\n"
                "  ListFn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: app/\n      Handler: list.handler\n"
                "      Events:\n        List:\n          Type: Api\n          Properties:\n            Path: /notes\n"
                "            Method: get\n            RestApiId: !Ref Api\n"
            ),
            "app/list.js": "exports.handler = async (event) => ({ statusCode: 200 });\n",
        },
    )
    assert routes(sam) == {("GET", "/notes", "authenticated")}


def test_cloudflare_module_worker(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "wrangler.toml": 'name = "w"\nmain = "src/index.ts"\n',
            "src/index.ts": "export default {\n  async fetch(request, env) { return new Response('ok'); },\n};\n",
        },
    )
    assert routes(found) == {("ANY", "/*", "public")}


# -- Koa, Hono, Fastify ------------------------------------------------------------------------


def test_koa_router_prefixes_and_koa_jwt(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/app.js": "const Koa = require('koa');\nconst api = require('./routes');\nconst app = new Koa();\napp.use(api.routes());\n",
            "src/routes.js": (
                "const Router = require('@koa/router');\nconst jwt = require('koa-jwt');\nconst users = require('./users');\n"
                "const router = new Router({ prefix: '/api' });\nrouter.post('/login', (ctx) => {});\n"
                "router.use('/users', jwt({ secret: 's' }), users.routes());\nmodule.exports = router;\n"
            ),
            "src/users.js": (
                "const Router = require('koa-router');\nconst router = new Router();\n"
                "router.del('/:id', async (ctx) => {});\nrouter.get('user', '/:id', async (ctx) => {});\nmodule.exports = router;\n"
            ),
        },
    )
    assert routes(found) == {
        ("POST", "/api/login", "public"),
        ("DELETE", "/api/users/:id", "authenticated"),
        ("GET", "/api/users/:id", "authenticated"),
    }


def test_hono_base_path_chains_sub_apps_and_jwt(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/index.ts": (
                "import { Hono } from 'hono';\nimport { jwt } from 'hono/jwt';\nimport { books } from './books';\n"
                "const app = new Hono().basePath('/api');\n"
                "app.get('/health', (c) => c.text('ok')).post('/echo', (c) => c.json({}));\n"
                "app.use('/books/*', jwt({ secret: 's' }));\napp.route('/books', books);\nexport default app;\n"
            ),
            "src/books.ts": (
                "import { Hono } from 'hono';\nexport const books = new Hono();\n"
                "books.delete('/:id', (c) => c.json({}));\nbooks.on(['GET', 'POST'], '/', (c) => c.json([]));\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "/api/health", "public"),
        ("POST", "/api/echo", "public"),
        ("DELETE", "/api/books/:id", "authenticated"),
        ("GET", "/api/books", "authenticated"),
        ("POST", "/api/books", "authenticated"),
    }


def test_sveltekit_layout_load_guards_pages_that_await_parent(tmp_path: Path) -> None:
    """A +layout.server load that redirects anonymous callers runs before a page load only when
    that load awaits parent(); form actions never run it (SvelteKit docs, "Auth")."""
    found = inventory(
        tmp_path,
        {
            "package.json": '{"devDependencies": {"@sveltejs/kit": "^2.0.0"}}',
            "src/routes/(app)/+layout.server.ts": (
                "import { redirect } from '@sveltejs/kit';\n"
                "export const load = async ({ locals }) => {\n"
                "  if (!locals.user) throw redirect(302, '/');\n  return { user: locals.user };\n};\n"
            ),
            "src/routes/(app)/admin/+page.server.ts": (
                "export const load = async ({ parent }) => {\n  await parent();\n  return { rows: [] };\n};\n"
                "export const actions = { purge: async ({ request }) => ({ ok: true }) };\n"
            ),
            "src/routes/(app)/reports/+page.server.ts": (
                "export const load = async () => {\n  return { rows: [] };\n};\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "/", "authenticated"),  # the (app) layout's own load, which checks for itself
        ("GET", "/admin", "authenticated"),
        ("POST", "/admin?/purge", "public"),
        ("GET", "/reports", "public"),
    }


def test_hono_apps_written_as_one_chain(tmp_path: Path) -> None:
    """The fc-bun-api pattern: apps created, based, mounted and routed in one chain and exported
    by the variable they are assigned to; ``every(jwt(), ...)`` from hono/combine guards
    ``/admin/*``; ``Bun.password.verify`` at sign-in is not a caller check."""
    found = inventory(
        tmp_path,
        {
            "src/app.ts": (
                "import { Hono } from 'hono';\nimport { logger } from 'hono/logger';\n"
                "const app = new Hono().basePath('/api').use(logger());\nexport default app;\n"
            ),
            "src/admin.ts": (
                "import { Hono } from 'hono';\nimport stores from './stores';\n"
                "const app = new Hono().route('/stores', stores);\nexport default app;\n"
            ),
            "src/stores.ts": (
                "import { Hono } from 'hono';\n"
                "const app = new Hono()\n  .get('/', (c) => c.json([]))\n  .delete('/:id', (c) => c.json({}));\n"
                "export default app;\n"
            ),
            "src/auth.ts": (
                "import { Hono } from 'hono';\nimport { sign } from 'hono/jwt';\n"
                "const app = new Hono().post('/login', async (c) => {\n"
                "  const { password, hash } = await c.req.json();\n"
                "  const ok = await Bun.password.verify(password, hash);\n"
                "  if (!ok) return c.json({ error: 'no' }, 401);\n"
                "  return c.json({ token: await sign({ id: 1 }, 's') });\n});\nexport default app;\n"
            ),
            "src/index.ts": (
                "import { every } from 'hono/combine';\nimport { jwt } from 'hono/jwt';\nimport app from './app';\n"
                "import admin from './admin';\nimport auth from './auth';\n"
                "const refresh = async (c, next) => { await next(); };\n"
                "app.use('/admin/*', every(jwt({ secret: 's', alg: 'HS256' }), refresh));\n"
                "const router = app.route('/auth', auth).route('/admin', admin);\n"
                "export default { fetch: router.fetch };\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "/api/admin/stores", "authenticated"),
        ("DELETE", "/api/admin/stores/:id", "authenticated"),
        ("POST", "/api/auth/login", "public"),
    }


def test_fastify_plugins_hooks_and_decorators(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/server.js": (
                "const fastify = require('fastify')({ logger: true });\nconst fp = require('fastify-plugin');\n"
                "fastify.decorate('authenticate', async (request, reply) => {\n"
                "  try { await request.jwtVerify(); } catch (err) { reply.code(401).send(err); }\n});\n"
                "fastify.register(require('./routes/items'), { prefix: '/items' });\n"
                "fastify.register(require('./routes/admin'), { prefix: '/admin' });\nfastify.get('/', async () => 'hi');\n"
            ),
            "src/routes/items.js": (
                "module.exports = async function (fastify, opts) {\n  fastify.get('/', async () => []);\n"
                "  fastify.delete('/:id', { onRequest: [fastify.authenticate] }, async (request) => ({}));\n"
                "  fastify.route({ method: 'POST', url: '/', preHandler: fastify.authenticate, handler: async () => ({}) });\n};\n"
            ),
            "src/routes/admin.js": (
                "module.exports = async function (app) {\n  app.addHook('onRequest', app.authenticate);\n"
                "  app.delete('/users/:id', async () => ({}));\n};\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "/", "public"),
        ("GET", "/items", "public"),
        ("DELETE", "/items/:id", "authenticated"),
        ("POST", "/items", "authenticated"),
        ("DELETE", "/admin/users/:id", "authenticated"),
    }
    assert {e.framework for e in found} == {"fastify"}


def test_nestjs_guards_global_guard_public_opt_out_and_middleware(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/main.ts": (
                "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n"
                "async function bootstrap() { const app = await NestFactory.create(AppModule); app.setGlobalPrefix('api'); }\n"
            ),
            "src/app.module.ts": (
                "import { Module } from '@nestjs/common';\nimport { APP_GUARD } from '@nestjs/core';\n"
                "import { JwtAuthGuard } from './auth/jwt.guard';\n"
                "@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })\nexport class AppModule {}\n"
            ),
            "src/auth/jwt.guard.ts": (
                "import { Injectable } from '@nestjs/common';\nimport { AuthGuard } from '@nestjs/passport';\n"
                "@Injectable()\nexport class JwtAuthGuard extends AuthGuard('jwt') {}\n"
            ),
            "src/auth/public.decorator.ts": "import { SetMetadata } from '@nestjs/common';\nexport const Public = () => SetMetadata('isPublic', true);\n",
            "src/items/items.controller.ts": (
                "import { Controller, Get, Delete, Param } from '@nestjs/common';\nimport { Public } from '../auth/public.decorator';\n"
                "@Controller('items')\nexport class ItemsController {\n"
                "  @Public()\n  @Get()\n  findAll() { return []; }\n"
                "  @Delete(':id')\n  remove(@Param('id') id: string) { return id; }\n}\n"
            ),
        },
    )
    assert routes(found) == {("GET", "/api/items", "public"), ("DELETE", "/api/items/:id", "authenticated")}
    public = next(e for e in found if e.method == "GET")
    assert any("public" in hop.note.lower() for hop in public.auth_chain)


def test_nestjs_use_guards_and_consumer_middleware(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/users/users.controller.ts": (
                "import { Controller, Get, Put, Post, UseGuards } from '@nestjs/common';\nimport { AuthGuard } from '@nestjs/passport';\n"
                "@Controller('users')\nexport class UsersController {\n"
                "  @UseGuards(AuthGuard('jwt'))\n  @Get('me')\n  me() { return 1; }\n"
                "  @Put('me')\n  update() { return 1; }\n"
                "  @Post()\n  create() { return 1; }\n}\n"
            ),
            "src/users/users.module.ts": (
                "import { Module, MiddlewareConsumer, RequestMethod } from '@nestjs/common';\nimport { AuthMiddleware } from './auth.middleware';\n"
                "@Module({})\nexport class UsersModule {\n  configure(consumer: MiddlewareConsumer) {\n"
                "    consumer.apply(AuthMiddleware).forRoutes({ path: 'users/me', method: RequestMethod.PUT });\n  }\n}\n"
            ),
            "src/users/auth.middleware.ts": (
                "import { Injectable, NestMiddleware, HttpException, HttpStatus } from '@nestjs/common';\nimport * as jwt from 'jsonwebtoken';\n"
                "@Injectable()\nexport class AuthMiddleware implements NestMiddleware {\n"
                "  use(req, res, next) {\n    const token = req.headers.authorization;\n"
                "    if (!token) { throw new HttpException('no', HttpStatus.UNAUTHORIZED); }\n"
                "    req.user = jwt.verify(token, 's');\n    next();\n  }\n}\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "/users/me", "authenticated"),
        ("PUT", "/users/me", "authenticated"),
        ("POST", "/users", "public"),
    }


# -- more Python frameworks -----------------------------------------------------------------------


def test_django_ninja_api_routers_and_auth(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "proj/urls.py": "from django.urls import path\nfrom api.api import api\nurlpatterns = [path('api/', api.urls)]\n",
            "api/__init__.py": "",
            "api/api.py": (
                "from ninja import NinjaAPI\nfrom ninja.security import django_auth\nfrom .items import router as items\n"
                "api = NinjaAPI(auth=django_auth)\napi.add_router('/items', items)\n"
                "@api.get('/health', auth=None)\ndef health(request):\n    return {}\n"
            ),
            "api/items.py": (
                "from ninja import Router\nrouter = Router()\n"
                "@router.delete('/{item_id}')\ndef delete_item(request, item_id: int):\n    return {}\n"
            ),
        },
    )
    assert routes(found) == {("GET", "/api/health", "public"), ("DELETE", "/api/items/{item_id}", "authenticated")}


def test_litestar_guards_controllers_and_routers(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "app.py": (
                "from litestar import Litestar, Router, Controller, get, delete\n"
                "from litestar.exceptions import NotAuthorizedException\n"
                "def requires_user(connection, _):\n    if not connection.user:\n        raise NotAuthorizedException()\n"
                "@get('/health')\ndef health() -> str:\n    return 'ok'\n"
                "class Items(Controller):\n    path = '/items'\n    guards = [requires_user]\n"
                "    @delete('/{item_id:int}')\n    def remove(self, item_id: int) -> None:\n        return None\n"
                "api = Router(path='/api', route_handlers=[Items])\n"
                "app = Litestar(route_handlers=[health, api])\n"
            ),
        },
    )
    assert routes(found) == {("GET", "/health", "public"), ("DELETE", "/api/items/{item_id:int}", "authenticated")}


def test_starlette_sanic_tornado_aiohttp(tmp_path: Path) -> None:
    starlette = inventory(
        tmp_path / "s",
        {
            "app.py": (
                "from starlette.applications import Starlette\nfrom starlette.routing import Route, Mount\n"
                "from starlette.authentication import requires\n"
                "@requires('authenticated')\nasync def delete_user(request):\n    return None\n"
                "async def home(request):\n    return None\n"
                "app = Starlette(routes=[Route('/', home), Mount('/users', routes=[Route('/{id}', delete_user, methods=['DELETE'])])])\n"
            )
        },
    )
    assert routes(starlette) == {("GET", "/", "public"), ("DELETE", "/users/{id}", "authenticated")}
    sanic = inventory(
        tmp_path / "sa",
        {
            "app.py": (
                "from sanic import Sanic, Blueprint\napp = Sanic('a')\nbp = Blueprint('b', url_prefix='/api')\n"
                "@bp.post('/items')\nasync def create(request):\n    return None\n"
            )
        },
    )
    assert routes(sanic) == {("POST", "/api/items", "public")}
    tornado = inventory(
        tmp_path / "t",
        {
            "app.py": (
                "import tornado.web\nclass Items(tornado.web.RequestHandler):\n"
                "    @tornado.web.authenticated\n    def delete(self, item_id):\n        pass\n"
                "    def get(self, item_id):\n        pass\n"
                "app = tornado.web.Application([(r'/items/([0-9]+)', Items)])\n"
            )
        },
    )
    assert routes(tornado) == {("DELETE", "/items/([0-9]+)", "authenticated"), ("GET", "/items/([0-9]+)", "public")}
    aio = inventory(
        tmp_path / "a",
        {
            "app.py": (
                "from aiohttp import web\nroutes = web.RouteTableDef()\n"
                "@routes.get('/items')\nasync def items(request):\n    return web.json_response([])\n"
                "async def remove(request):\n    return web.json_response({})\n"
                "app = web.Application()\napp.router.add_delete('/items/{id}', remove)\napp.add_routes(routes)\n"
            )
        },
    )
    assert routes(aio) == {("GET", "/items", "public"), ("DELETE", "/items/{id}", "public")}


def test_connexion_openapi_security(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "app.py": "import connexion\napp = connexion.App(__name__, specification_dir='spec/')\napp.add_api('openapi.yaml')\n",
            "spec/openapi.yaml": (
                "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nservers:\n  - url: http://localhost/v1\n"
                "security:\n  - jwt: []\npaths:\n  /pets/{pet_id}:\n    get:\n      operationId: api.pets.get_pet\n"
                "      security: []\n    delete:\n      operationId: api.pets.delete_pet\n"
                "components:\n  securitySchemes:\n    jwt:\n      type: http\n      scheme: bearer\n      x-bearerInfoFunc: api.auth.decode\n"
            ),
            "api/__init__.py": "",
            "api/pets.py": "def get_pet(pet_id):\n    return {}\ndef delete_pet(pet_id):\n    return {}\n",
        },
    )
    assert routes(found) == {("GET", "/v1/pets/{pet_id}", "public"), ("DELETE", "/v1/pets/{pet_id}", "authenticated")}
    deleting = next(e for e in found if e.method == "DELETE")
    assert deleting.path == "spec/openapi.yaml" and deleting.handler_path == "api/pets.py"


def test_graphql_strawberry_and_graphene(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "schema.py": (
                "import strawberry\nfrom strawberry.permission import BasePermission\n"
                "class IsAuthenticated(BasePermission):\n    def has_permission(self, source, info, **kwargs):\n"
                "        return info.context.request.user.is_authenticated\n"
                "@strawberry.type\nclass Query:\n    @strawberry.field\n    def books(self) -> list[str]:\n        return []\n"
                "@strawberry.type\nclass Mutation:\n    @strawberry.mutation(permission_classes=[IsAuthenticated])\n"
                "    def delete_book(self, book_id: int) -> bool:\n        return True\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "graphql:Query.books", "public"),
        ("POST", "graphql:Mutation.delete_book", "authenticated"),
    }
    assert {e.kind for e in found} == {"rpc"}


def test_trpc_procedures_and_graphql_resolvers(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "src/server/trpc.ts": (
                "import { initTRPC, TRPCError } from '@trpc/server';\nconst t = initTRPC.context().create();\n"
                "export const router = t.router;\nexport const publicProcedure = t.procedure;\n"
                "const isAuthed = t.middleware(({ ctx, next }) => {\n"
                "  if (!ctx.session?.user) { throw new TRPCError({ code: 'UNAUTHORIZED' }); }\n  return next();\n});\n"
                "export const protectedProcedure = t.procedure.use(isAuthed);\n"
            ),
            "src/server/routers/post.ts": (
                "import { router, publicProcedure, protectedProcedure } from '../trpc';\n"
                "export const postRouter = router({\n  list: publicProcedure.query(() => []),\n"
                "  remove: protectedProcedure.input(z.string()).mutation(({ input }) => input),\n});\n"
            ),
            "src/server/routers/_app.ts": (
                "import { router } from '../trpc';\nimport { postRouter } from './post';\n"
                "export const appRouter = router({ post: postRouter });\n"
            ),
            "graphql/resolvers.js": (
                "const { GraphQLError } = require('graphql');\nmodule.exports = {\n  Query: { books: () => [] },\n"
                "  Mutation: {\n    deleteBook: (parent, { id }, context) => {\n"
                "      if (!context.user) { throw new GraphQLError('no', { extensions: { code: 'UNAUTHENTICATED' } }); }\n"
                "      return true;\n    },\n  },\n};\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "trpc:post.list", "public"),
        ("POST", "trpc:post.remove", "authenticated"),
        ("GET", "graphql:Query.books", "public"),
        ("POST", "graphql:Mutation.deleteBook", "authenticated"),
    }


# -- library views, sign-in steps and middleware that never refuses ----------------------------------


def test_django_library_views_api_root_and_admin(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "proj/__init__.py": "",
            "proj/settings.py": (
                "INSTALLED_APPS = ['rest_framework']\n"
                "REST_FRAMEWORK = {'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated']}\n"
            ),
            "proj/urls.py": (
                "from django.contrib import admin\nfrom django.urls import include, path\n"
                "from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView\n"
                "from somelib.views import MysteryView\nfrom core.urls import router\n"
                "urlpatterns = [\n"
                "    path('admin/', admin.site.urls),\n"
                "    path('api/', include(router.urls)),\n"
                "    path('api/token/', TokenObtainPairView.as_view()),\n"
                "    path('api/token/refresh/', TokenRefreshView.as_view()),\n"
                "    path('mystery/', MysteryView.as_view()),\n"
                "]\n"
            ),
            "core/__init__.py": "",
            "core/urls.py": (
                "from rest_framework.routers import DefaultRouter\nfrom .views import HeroViewSet\n"
                "router = DefaultRouter()\nrouter.register(r'hero', HeroViewSet)\n"
            ),
            "core/views.py": (
                "from rest_framework import viewsets\nfrom rest_framework.decorators import action\n"
                "from rest_framework.permissions import AllowAny\n"
                "class HeroViewSet(viewsets.ReadOnlyModelViewSet):\n"
                "    permission_classes = [AllowAny]\n"
                "    @action(detail=False, methods=['get'], url_path=r'by-tag/(?P<tag>[^/.]+)')\n"
                "    def by_tag(self, request, tag=None):\n        return None\n"
            ),
        },
    )
    assert routes(found) == {
        ("GET", "/api/", "authenticated"),  # the router's API root keeps the settings' default permission
        ("GET", "/api/hero/", "public"),
        ("GET", "/api/hero/<pk>/", "public"),
        ("GET", "/api/hero/by-tag/<tag>/", "public"),  # the action's regex url_path, cleaned
        ("ANY", "/admin/", "authenticated"),
        ("POST", "/api/token/", "public"),  # simplejwt: permission_classes = ()
        ("POST", "/api/token/refresh/", "public"),
        ("ANY", "/mystery/", "unknown"),  # a library view readycheck has not read: never a pass
    }
    by_route = {(e.method, e.route): e for e in found}
    assert by_route[("ANY", "/admin/")].admin_only
    assert by_route[("GET", "/api/")].library == "rest_framework.routers.APIRootView"
    assert by_route[("POST", "/api/token/")].library == "rest_framework_simplejwt.views.TokenObtainPairView"
    assert by_route[("GET", "/api/hero/")].library is None


def test_express_sign_in_and_sign_out_are_not_guards(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "app.js": (
                "const express = require('express');\nconst jwt = require('jsonwebtoken');\n"
                "const app = express();\n"
                # a sign-in reads the user it is about to log in, then hands out a token
                "app.post('/signin', async (req, res) => {\n"
                "  const user = await authenticateUser(req.body);\n"
                "  res.json({ token: jwt.sign({ id: user.id }, 'k') });\n});\n"
                # a session login writes who the caller is into the session
                "app.post('/login', (req, res) => {\n"
                "  const user = getUserByUserName(req.body.userName);\n"
                "  req.session.userId = user._id;\n  res.redirect('/dashboard');\n});\n"
                "app.get('/logout', (req, res) => { req.session.destroy(() => res.redirect('/')); });\n"
                # an optional read of the caller, for an audit line
                "app.post('/sign-out', (req, res) => { audit(req.user?.id); res.json({}); });\n"
                # a real check in the handler
                "app.get('/me', (req, res) => {\n  if (!req.session.userId) { return res.redirect('/login'); }\n"
                "  res.json({ id: req.session.userId });\n});\n"
                "app.listen(3000);\n"
            ),
        },
    )
    assert routes(found) == {
        ("POST", "/signin", "public"),
        ("POST", "/login", "public"),
        ("GET", "/logout", "public"),
        ("POST", "/sign-out", "public"),
        ("GET", "/me", "authenticated"),
    }


def test_middleware_must_refuse_to_be_a_guard(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "backend/auth.js": (
                "const jwt = require('jsonwebtoken');\n"
                # restores the user when it can, never refuses: not a guard
                "const restoreUser = (req, res, next) => {\n"
                "  return jwt.verify(req.cookies.token, 'k', null, (err, payload) => {\n"
                "    if (err) { return next(); }\n    req.user = payload;\n    return next();\n  });\n};\n"
                # the array's second step refuses: a guard
                "const requireAuth = [restoreUser, function (req, _res, next) {\n"
                "  if (req.user) return next();\n  const err = new Error('Unauthorized');\n"
                "  err.status = 401;\n  return next(err);\n}];\n"
                # answers with a message instead of next() when the token is not the admin's
                "async function adminOnly(req, res, next) {\n"
                "  try {\n    const decoded = await admin.auth().verifyIdToken(req.body.token);\n"
                "    if (decoded.uid === adminUid) { return next(); } else { return res.json({ message: 'no' }); }\n"
                "  } catch (err) { return res.json({ message: 'token not verified' }); }\n}\n"
                # jwt.verify without a callback throws on a bad token: the request ends
                "const verifyToken = (req, res, next) => {\n"
                "  req.user = jwt.verify(req.headers.authorization, 'k');\n  next();\n};\n"
                "module.exports = { restoreUser, requireAuth, adminOnly, verifyToken };\n"
            ),
            "backend/app.js": (
                "const express = require('express');\n"
                "const { restoreUser, requireAuth, adminOnly, verifyToken } = require('./auth');\n"
                "const app = express();\n"
                "app.get('/session', restoreUser, (req, res) => res.json(req.user || {}));\n"
                "app.post('/tasks', requireAuth, (req, res) => res.json({}));\n"
                "app.post('/settings', adminOnly, (req, res) => res.json({}));\n"
                "app.post('/notes', verifyToken, (req, res) => res.json({}));\n"
                "app.listen(3000);\n"
            ),
            "web/middleware.ts": (
                "import { NextResponse } from 'next/server'\n"
                "export async function middleware(req) {\n  const res = NextResponse.next()\n"
                "  const { data: { session } } = await supabase.auth.getSession()\n  return res\n}\n"
                "export const config = { matcher: ['/((?!_next/static).*)'] }\n"
            ),
            "web/app/api/lead/route.js": "export async function POST(req) {\n  return Response.json({})\n}\n",
            "web/package.json": '{"dependencies": {"next": "14.0.0"}}',
        },
    )
    assert routes(found) == {
        # restoreUser never refuses; the handler reads req.user, which something else might set
        ("GET", "/session", "unknown"),
        ("POST", "/tasks", "authenticated"),
        ("POST", "/settings", "authenticated"),
        ("POST", "/notes", "authenticated"),
        # the Next.js middleware reads the session and lets everyone through
        ("POST", "/api/lead", "public"),
    }
    settings = next(e for e in found if e.route == "/settings")
    assert settings.admin_only  # decoded.uid === adminUid


def test_file_routes_whose_handler_a_library_builds(tmp_path: Path) -> None:
    found = inventory(
        tmp_path,
        {
            "package.json": '{"dependencies": {"next": "14.0.0", "nuxt": "3.0.0"}}',
            "pages/api/auth/[...nextauth].ts": (
                "import NextAuth from 'next-auth'\nimport { authOptions } from '@/lib/auth'\n"
                "export default NextAuth(authOptions)\n"
            ),
            "server/api/auth/github.get.ts": (
                "export default oauth.githubEventHandler({\n  async onSuccess(event, { user }) {\n"
                "    await setUserSession(event, { user })\n    return sendRedirect(event, '/todos')\n  }\n})\n"
            ),
        },
    )
    assert routes(found) == {("ANY", "/api/auth/[...nextauth]", "public"), ("GET", "/api/auth/github", "public")}


def test_mealie_pattern_router_subclass_inherited_admin_and_scoped_repository() -> None:
    """The pattern of mealie's routes (issue 20): a router subclass whose ``__init__`` adds the
    authentication dependency, a project-local ``@controller`` class view that inherits
    ``user = Depends(get_admin_user)``, and a ``repos`` property that builds the repositories
    with the caller's group. The RC201 examples annotate the same tree line by line."""
    from tests.conftest import EXAMPLES

    found = {
        (e.method, e.route): e
        for e in ProgramModels(Repository.scan(EXAMPLES / "RC201", read_git=False)).inventory.endpoints
        if "recipes" in e.route
    }
    assert {k: (e.auth_status.value, e.admin_only) for k, e in found.items()} == {
        ("GET", "/api/recipes/{item_id}"): ("authenticated", False),
        ("DELETE", "/api/recipes/{item_id}"): ("authenticated", False),
        ("DELETE", "/api/recipes/{item_id}/anywhere"): ("authenticated", False),
        ("DELETE", "/api/admin/recipes/{item_id}"): ("authenticated", True),
    }
    admin = found[("DELETE", "/api/admin/recipes/{item_id}")]
    assert any(h.path == "recipes_app/routes/base.py" for h in admin.auth_chain)  # the inherited class attribute
    scoped = found[("DELETE", "/api/recipes/{item_id}")].lookups
    assert scoped and all(lk.owner_filter for lk in scoped)
    assert not any(lk.owner_filter for lk in found[("DELETE", "/api/recipes/{item_id}/anywhere")].lookups)


def test_a_frontend_only_framework_says_it_serves_no_routes(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "frontend/package.json": '{"dependencies": {"nuxt": "3.0.0"}}',
            "frontend/pages/index.vue": "<template><div /></template>\n",
            "web/package.json": '{"dependencies": {"next": "14.0.0"}}',
            "web/app/api/ping/route.ts": "export async function GET() {\n  return Response.json({})\n}\n",
        },
    )
    found = ProgramModels(Repository.scan(tmp_path, read_git=False)).inventory
    assert [e.route for e in found.endpoints] == ["/api/ping"]
    assert found.without_routes == (
        "Nuxt (frontend/package.json): no server routes (server/api/, server/routes/); a frontend only",
    )
