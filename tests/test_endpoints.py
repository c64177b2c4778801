"""The endpoint inventory: expected routes of each sample repo, framework details, bad input,
and the ``readycheck endpoints`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readycheck.analysis import ProgramModels
from readycheck.analysis.endpoints.fastapi import join_route
from readycheck.analysis.endpoints.javascript import _next_route, edge_function_name
from readycheck.analysis.names import is_admin_name, is_auth_name, is_authz_name, words
from readycheck.analysis.sql import build_database, split_statements
from readycheck.engine import ScanOptions, scan
from readycheck.repository import Repository
from tests.conftest import EXAMPLES, SAMPLES, run_cli, write_tree

# (method, route, path, line, authenticated) of every endpoint, written by hand from the code.
EXPECTED = {
    "vibe-fastapi": {
        ("POST", "/auth/login", "app/auth.py", 39, False),
        ("GET", "/", "app/main.py", 20, False),
        ("DELETE", "/api/admin/demo-data", "app/main.py", 27, True),
        ("POST", "/api/ai/draft-email", "app/routers/ai.py", 20, True),
        ("POST", "/api/billing/webhook", "app/routers/billing.py", 22, False),
        # the handler compares the X-Admin-Key header with ADMIN_API_KEY and answers 403: an API-key check
        ("POST", "/api/billing/admin/refund/{charge_id}", "app/routers/billing.py", 32, True),
        ("GET", "/api/invoices/", "app/routers/invoices.py", 26, True),
        ("GET", "/api/invoices/{invoice_id}", "app/routers/invoices.py", 33, True),
        ("POST", "/api/invoices/", "app/routers/invoices.py", 43, True),
        ("GET", "/api/invoices/search/", "app/routers/invoices.py", 53, True),
        ("POST", "/api/invoices/{invoice_id}/attachment", "app/routers/invoices.py", 61, True),
        ("DELETE", "/api/invoices/{invoice_id}", "app/routers/invoices.py", 75, True),
    },
    "clean-fastapi": {
        ("POST", "/auth/token", "app/routers/auth.py", None, False),
        ("GET", "/healthz", "app/main.py", None, False),
        ("GET", "/notes", "app/routers/notes.py", None, True),
        ("GET", "/notes/{note_id}", "app/routers/notes.py", None, True),
        ("POST", "/notes", "app/routers/notes.py", None, True),
        ("DELETE", "/notes/{note_id}", "app/routers/notes.py", None, True),
        ("POST", "/notes/{note_id}/preview-link", "app/routers/notes.py", None, True),
        ("PATCH", "/admin/users/{user_id}/role", "app/routers/admin.py", None, True),
    },
    "vibe-django-drf": {
        ("DELETE", "/api/workspaces/<pk>/", "tasks/urls.py", 8, True),
        ("GET", "/api/workspaces/", "tasks/urls.py", 8, True),
        ("GET", "/api/workspaces/<pk>/", "tasks/urls.py", 8, True),
        ("PATCH", "/api/workspaces/<pk>/", "tasks/urls.py", 8, True),
        ("POST", "/api/workspaces/", "tasks/urls.py", 8, True),
        ("PUT", "/api/workspaces/<pk>/", "tasks/urls.py", 8, True),
        ("DELETE", "/api/tasks/<pk>/", "tasks/urls.py", 9, True),
        ("GET", "/api/tasks/", "tasks/urls.py", 9, True),
        ("GET", "/api/tasks/<pk>/", "tasks/urls.py", 9, True),
        ("PATCH", "/api/tasks/<pk>/", "tasks/urls.py", 9, True),
        ("POST", "/api/tasks/", "tasks/urls.py", 9, True),
        ("POST", "/api/tasks/<pk>/summarize/", "tasks/urls.py", 9, True),
        ("PUT", "/api/tasks/<pk>/", "tasks/urls.py", 9, True),
        ("DELETE", "/api/comments/<int:pk>/", "tasks/urls.py", 13, True),
        ("GET", "/api/comments/<int:pk>/", "tasks/urls.py", 13, True),
        ("POST", "/api/workspaces/<int:pk>/invite/", "tasks/urls.py", 14, True),
        ("ANY", "/api/workspaces/<int:workspace_id>/purge/", "tasks/urls.py", 16, False),
        ("ANY", "/api/billing/webhook/", "tasks/urls.py", 18, False),
        ("ANY", "/api/export/", "tasks/urls.py", 19, False),
        ("POST", "/api/admin/users/<int:pk>/ban/", "tasks/urls.py", 21, True),
        ("ANY", "/auth/login/", "teamboard/urls.py", 9, False),
        # DefaultRouter's API root (settings' default permissions) and the Django admin site
        ("GET", "/api/", "tasks/urls.py", 6, True),
        ("ANY", "/admin/", "teamboard/urls.py", 7, True),
    },
    "vibe-nextjs-supabase": {
        ("POST", "/api/auth/login", "app/api/auth/login/route.ts", 5, False),
        ("POST", "/api/chat", "app/api/chat/route.ts", 9, False),
        ("GET", "/api/projects/[id]", "app/api/projects/[id]/route.ts", 5, False),
        ("DELETE", "/api/projects/[id]", "app/api/projects/[id]/route.ts", 13, False),
        ("GET", "/api/projects", "app/api/projects/route.ts", 5, False),
        ("POST", "/api/projects", "app/api/projects/route.ts", 15, False),
        ("POST", "/api/webhooks/stripe", "app/api/webhooks/stripe/route.ts", 5, False),
        ("ANY", "/functions/v1/send-welcome-email", "supabase/functions/send-welcome-email/index.ts", 7, False),
        # the handler trusts an x-user-role header: no authentication (RC210 reports the header)
        ("DELETE", "/api/admin/users", "app/api/admin/users/route.ts", 7, False),
        # the cron route vercel.json calls; it never checks CRON_SECRET (RC211)
        ("GET", "/api/cron/cleanup", "app/api/cron/cleanup/route.ts", 6, False),
    },
}


def _inventory(root: Path):  # type: ignore[no-untyped-def]
    return ProgramModels(Repository.scan(root, read_git=False)).inventory


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample_repo_inventory(sample: str) -> None:
    inventory = _inventory(SAMPLES / sample)
    found = {(e.method, e.route, e.path, e.line, e.auth is not None) for e in inventory.endpoints}
    want = EXPECTED[sample]
    if any(line is None for _, _, _, line, _ in want):
        found = {(m, r, p, None, a) for m, r, p, _, a in found}
    assert found == want
    # the one planted broken manifest (RC711) is the only thing the inventory could not read
    planted = {"vibe-nextjs-supabase": {"supabase/functions/send-digest/package.json"}}.get(sample, set())
    assert {n.path for n in inventory.not_checked} == planted


def test_example_inventory_resolves_mounts_and_prefixes() -> None:
    inventory = _inventory(EXAMPLES / "RC201")
    routes = {(e.framework, e.method, e.route) for e in inventory.endpoints}
    # FastAPI: APIRouter prefix + include_router prefix
    assert ("fastapi", "GET", "/api/todos/{todo_id}") in routes
    # Flask: register_blueprint url_prefix overrides the blueprint's own
    assert ("flask", "GET", "/api/v2/<int:todo_id>") in routes
    # Express: app.use("/api/todos", requireAuth, require("./routes/todos"))
    assert ("express", "DELETE", "/api/todos/:id") in routes
    express = [e for e in inventory.endpoints if e.framework == "express"]
    assert all(e.auth == "requireAuth" for e in express)
    assert ("nextjs", "GET", "/api/notes/[id]") in routes
    assert ("supabase-edge", "ANY", "/functions/v1/delete-note") in routes
    admin = [e for e in inventory.endpoints if e.route.endswith("/admin")]
    assert admin and admin[0].admin_only


def test_fastapi_annotated_alias_and_constant_prefix(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "config.py").write_text(
        'class Settings:\n    API_V1_STR: str = "/api/v1"\n\nsettings = Settings()\n'
    )
    (tmp_path / "app" / "deps.py").write_text(
        "from typing import Annotated\nfrom fastapi import Depends\nfrom fastapi.security import OAuth2PasswordBearer\n"
        "scheme = OAuth2PasswordBearer(tokenUrl='t')\n"
        "def load_principal(token: str = Depends(scheme)):\n    return token\n"
        "Principal = Annotated[dict, Depends(load_principal)]\n"
    )
    (tmp_path / "app" / "main.py").write_text(
        "from fastapi import APIRouter, FastAPI\nfrom app.config import settings\nfrom app.deps import Principal\n"
        "router = APIRouter()\n"
        "@router.get('/things/{thing_id}')\ndef read(thing_id: int, who: Principal):\n    return thing_id\n"
        "app = FastAPI()\napp.include_router(router, prefix=settings.API_V1_STR)\n"
    )
    (endpoint,) = _inventory(tmp_path).endpoints
    assert endpoint.route == "/api/v1/things/{thing_id}"
    # load_principal is not auth by name, but it depends on an OAuth2 scheme
    assert endpoint.auth == "Depends(load_principal)"
    assert [(p.name, p.source) for p in endpoint.parameters] == [("thing_id", "path")]


def test_bad_input_is_recorded_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("from fastapi import FastAPI\napp = FastAPI(\n")
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"@hapi/hapi": "^21"}}))
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\napp = FastAPI()\n@app.post('/x')\ndef x():\n    pass\n"
    )
    (tmp_path / "supabase" / "migrations").mkdir(parents=True)
    (tmp_path / "supabase" / "migrations" / "1_init.sql").write_text(
        "create table public.a (id int, user_id uuid references auth.users);\nthis is not sql;\n"
        "create table public.b (id int);\nalter table public.b enable row level security;\n"
    )
    result = scan(tmp_path, ScanOptions(select=["RC2"]))
    assert [(e.method, e.route) for e in result.endpoints] == [("POST", "/x")]
    runs = {r.id: r for r in result.runs}
    notes = {(n.path, n.reason) for n in runs["RC201"].not_checked}
    assert ("broken.py", "Python syntax error at line 2; not analysed") in notes
    assert any(p == "package.json" and "hapi" in r for p, r in notes)
    # an unmodelled framework's endpoints were not checked: the run must not read as a pass
    assert runs["RC201"].status.value == "errored" and "hapi" in (runs["RC201"].reason or "")
    assert result.score.provisional
    sql_notes = {(n.path, n.reason) for n in runs["RC204"].not_checked}
    assert ("supabase/migrations/1_init.sql", "line 2: SQL statement could not be parsed") in sql_notes
    # the statements around the bad one were still read
    assert [f.location.line for f in result.findings if f.rule_id == "RC204"] == [1]


def test_split_statements_respects_quotes_and_dollar_bodies() -> None:
    text = "select ';';\ncreate function f() returns int as $$ select 1; $$ language sql;\n-- c;\nselect 2"
    spans = [text[a:b] for a, b in split_statements(text)]
    assert spans == ["select ';'", "create function f() returns int as $$ select 1; $$ language sql", "select 2"]


def test_database_model_reads_rls_policies_and_buckets(tmp_path: Path) -> None:
    sql = tmp_path / "schema.sql"
    sql.write_text(
        "create table todos (id int, owner_id uuid);\nalter table todos enable row level security;\n"
        "create policy p on todos for delete to authenticated using (auth.uid() = owner_id);\n"
        "insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);\n"
    )
    repo = Repository.scan(tmp_path, read_git=False)
    db = build_database(list(repo.code_files("sql")))
    table = db.table("todos")
    assert table is not None and table.rls and table.columns == ("id", "owner_id")
    (policy,) = table.policies
    assert (policy.command, policy.roles, policy.using) == ("delete", ("authenticated",), "auth.uid() = owner_id")
    assert db.buckets["avatars"].public


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("app/api/todos/[id]/route.ts", ("app", "/api/todos/[id]")),
        ("src/app/(dashboard)/api/x/route.js", ("app", "/api/x")),
        ("pages/api/users/index.ts", ("pages", "/api/users")),
        ("pages/api/users/[id].ts", ("pages", "/api/users/[id]")),
        ("app/dashboard/page.tsx", None),
    ],
)
def test_next_routes_from_paths(path: str, expected: tuple[str, str] | None) -> None:
    assert _next_route(path) == expected


def test_edge_function_names() -> None:
    assert edge_function_name("supabase/functions/send-email/index.ts") == "send-email"
    assert edge_function_name("supabase/functions/_shared/cors.ts") is None
    assert edge_function_name("supabase/functions/_shared/index.ts") is None


def test_join_route() -> None:
    assert join_route("/api", "/invoices", "/{id}") == "/api/invoices/{id}"
    assert join_route("", "") == "/"
    assert join_route("/api/", "/") == "/api/"


def test_name_vocabulary() -> None:
    assert words("requireAuthUser") == {"require", "auth", "user"}
    assert is_auth_name("get_current_user") and is_auth_name("requireAuth") and is_auth_name("login_required")
    assert not is_auth_name("get_db") and not is_auth_name("rate_limit_user")
    assert is_admin_name("get_current_active_superuser") and not is_admin_name("get_current_user")
    assert is_authz_name("check_owner") and is_authz_name("has_object_permission") and not is_authz_name("check_input")


def test_endpoints_command_table_and_json() -> None:
    table = run_cli("endpoints", str(SAMPLES / "vibe-fastapi"))
    assert table.returncode == 0, table.stderr
    assert "/api/invoices/{invoice_id}" in table.stdout and "12 endpoints" in table.stdout
    as_json = run_cli("endpoints", str(SAMPLES / "vibe-nextjs-supabase"), "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["frameworks"] == ["nextjs", "supabase-edge"]
    delete = next(e for e in data["endpoints"] if e["method"] == "DELETE" and e["route"] == "/api/projects/[id]")
    assert delete["lookups"][0]["bypasses_rls"] is True and delete["lookups"][0]["owner_filter"] is None
    bad = run_cli("endpoints", str(SAMPLES / "nope"))
    assert bad.returncode == 2 and "error: not a folder" in bad.stderr


def test_models_shared_between_threads_do_not_deadlock() -> None:
    import threading

    models = ProgramModels(Repository.scan(SAMPLES / "vibe-nextjs-supabase", read_git=False))
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(models.inventory)),
        threading.Thread(target=lambda: results.append(models.database)),
        threading.Thread(target=lambda: results.append(models.js_context)),
        threading.Thread(target=lambda: results.append(models.python)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "program models deadlocked"
    assert len(results) == 4
    assert models.inventory is models.inventory


def test_database_model_follows_migrations_in_order(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "1.sql").write_text(
        "create table t (id int, user_id uuid);\nalter table t enable row level security;\n"
        'create policy "open" on t for select using (true);\n'
    )
    (tmp_path / "m" / "2.sql").write_text(
        'create table if not exists t (id int);\ndrop policy if exists "open" on public.t;\n'
    )
    db = build_database(list(Repository.scan(tmp_path, read_git=False).code_files("sql")))
    table = db.table("t")
    assert table is not None and table.rls and table.columns == ("id", "user_id") and table.policies == []


def test_django_translated_routes_and_i18n_patterns(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/settings.py": 'ROOT_URLCONF = "shop.urls"\n',
            "shop/urls.py": (
                "from django.conf.urls.i18n import i18n_patterns\n"
                "from django.urls import include, path\n"
                "from django.utils.translation import gettext_lazy as _\n"
                "from shop import views\n"
                "urlpatterns = i18n_patterns(\n"
                '    path(_("cart/"), views.cart),\n'
                '    path("orders/", include([path(_("mine/"), views.mine)])),\n'
                ")\n"
                'urlpatterns += [path(_("payment/webhook/"), views.hook)]\n'
            ),
            "shop/views.py": "def cart(request):\n    pass\ndef mine(request):\n    pass\ndef hook(request):\n    pass\n",
        },
    )
    assert sorted(e.route for e in _inventory(tmp_path).endpoints) == ["/cart/", "/orders/mine/", "/payment/webhook/"]


def test_django_urlconf_routers_and_protections(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "site/settings.py": (
                'ROOT_URLCONF = "site.urls"\nMIDDLEWARE = ["django.contrib.auth.middleware.LoginRequiredMiddleware"]\n'
            ),
            "site/urls.py": (
                "from django.urls import include, path, re_path\n"
                "from rest_framework.urlpatterns import format_suffix_patterns\n"
                "from shop import views\n"
                "urlpatterns = [\n"
                '    path("shop/", include(("shop.urls", "shop"), namespace="shop")),\n'
                '    re_path(r"^legacy/(?P<slug>[-\\w]+)/?$", views.legacy),\n'
                '    path("inline/", include([path("ping/", views.ping)])),\n'
                "]\n"
                'urlpatterns += [path("open/", views.open_page)]\n'
                "urlpatterns = format_suffix_patterns(urlpatterns)\n"
            ),
            "shop/urls.py": (
                "from django.urls import path\n"
                "from rest_framework.routers import SimpleRouter\n"
                "from . import views\n"
                "router = SimpleRouter(trailing_slash=False)\n"
                'router.register(r"items", views.ItemViewSet)\n'
                'urlpatterns = [path("admin-report/", views.Report.as_view()), *router.urls]\n'
            ),
            "shop/views.py": (
                "from django.contrib.auth.decorators import login_not_required, login_required\n"
                "from django.utils.decorators import method_decorator\n"
                "from django.views import View\n"
                "from django.views.decorators.http import require_http_methods\n"
                "from rest_framework import permissions, viewsets\n"
                "from .models import Item\n"
                "class ItemViewSet(viewsets.ModelViewSet):\n"
                "    permission_classes = [permissions.IsAuthenticatedOrReadOnly]\n"
                '    http_method_names = ["get", "post", "delete"]\n'
                "    queryset = Item.objects.all()\n"
                '@method_decorator(login_required, name="dispatch")\n'
                "class Report(View):\n"
                "    def get(self, request):\n"
                "        return None\n"
                '@require_http_methods(["GET", "POST"])\n'
                "def legacy(request, slug):\n"
                "    return None\n"
                "def ping(request):\n"
                "    return None\n"
                "@login_not_required\n"
                "def open_page(request):\n"
                "    return None\n"
            ),
            "shop/models.py": (
                "from django.db import models\nclass Item(models.Model):\n    name = models.CharField(max_length=9)\n"
            ),
            "shop/broken.py": "from django.urls import path\nurlpatterns = [\n",
        },
    )
    inventory = _inventory(tmp_path)
    found = {(e.method, e.route): e for e in inventory.endpoints}
    assert set(found) == {
        ("GET", "/shop/admin-report/"),
        ("GET", "/shop/items"),
        ("POST", "/shop/items"),
        ("GET", "/shop/items/<pk>"),
        ("DELETE", "/shop/items/<pk>"),
        ("GET", "/legacy/<slug>/"),
        ("POST", "/legacy/<slug>/"),
        ("ANY", "/inline/ping/"),
        ("ANY", "/open/"),
    }
    # IsAuthenticatedOrReadOnly: writes need a login, reads do not (the middleware still applies)
    assert "permission_classes IsAuthenticatedOrReadOnly" in (found[("DELETE", "/shop/items/<pk>")].auth or "")
    assert "IsAuthenticatedOrReadOnly" not in (found[("GET", "/shop/items/<pk>")].auth or "")
    assert "@login_required" in (found[("GET", "/shop/admin-report/")].auth or "")
    assert found[("ANY", "/inline/ping/")].auth == "LoginRequiredMiddleware"
    assert found[("ANY", "/open/")].auth is None  # @login_not_required
    assert [p.name for p in found[("GET", "/legacy/<slug>/")].parameters] == ["slug"]
    assert found[("DELETE", "/shop/items/<pk>")].lookups[0].model == "Item"
    assert ("shop/broken.py", "Python syntax error at line 2; not analysed") in {
        (n.path, n.reason) for n in inventory.not_checked
    }
    assert not inventory.unmodelled


def test_rate_limit_text_never_shows_limiter_options(tmp_path: Path) -> None:
    """A limiter's options can hold a store URL with a password: the inventory names the
    limiter, never its arguments."""
    (tmp_path / "server.js").write_text(
        'const express = require("express");\n'
        'const rateLimit = require("express-rate-limit");\n'
        "const app = express();\n"
        'app.post("/login", rateLimit({ store: "redis://:hunter2pw@cache" }), (req, res) => res.json({}));\n'
    )
    (tmp_path / "main.py").write_text(
        "from fastapi import Depends, FastAPI\n"
        "from fastapi_limiter.depends import RateLimiter\n"
        "app = FastAPI()\n"
        '@app.post("/token", dependencies=[Depends(RateLimiter(times=5, seconds=60, key="hunter2pw"))])\n'
        "def token():\n"
        "    return {}\n"
    )
    inventory = ProgramModels(Repository.scan(tmp_path)).inventory
    limits = {e.route: e.rate_limit for e in inventory.endpoints}
    assert limits == {"/login": "rateLimit(...)", "/token": "Depends(RateLimiter(...))"}


def test_endpoint_rules_are_incomplete_with_an_unmodelled_framework(tmp_path: Path) -> None:
    """hapi routes are not in the inventory: the unbounded and rate-limit rules over endpoints
    must not read as passed."""
    (tmp_path / "package.json").write_text('{"dependencies": {"@hapi/hapi": "21.3.0", "express": "4.19.0"}}')
    (tmp_path / "server.js").write_text(
        'const express = require("express");\nconst app = express();\n'
        'app.get("/items", async (req, res) => res.json(await prisma.item.findMany({ take: 10 })));\n'
    )
    result = scan(tmp_path, ScanOptions(select=["RC301", "RC302", "RC401", "RC402", "RC403"]))
    statuses = {r.id: r.status.value for r in result.runs}
    assert statuses == dict.fromkeys(["RC301", "RC302", "RC401", "RC402", "RC403"], "errored")
    assert result.score.provisional


def test_operations_on_the_loaded_instance_upgrade_the_lookup(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app.js": (
                "const express = require('express');\nconst { Task } = require('./models');\n"
                "const app = express();\n"
                "app.get('/tasks/:id', async (req, res) => res.json(await Task.findByPk(req.params.id)));\n"
                "app.put('/tasks/:id', async (req, res) => {\n  const task = await Task.findByPk(req.params.id);\n"
                "  task.title = req.body.title;\n  await task.save();\n  res.json(task);\n});\n"
                "app.delete('/tasks/:id', async (req, res) => {\n  const task = await Task.findByPk(req.params.id);\n"
                "  await task.destroy();\n  res.end();\n});\napp.listen(3000);\n"
            ),
        },
    )
    operations = {e.method: [lk.operation.value for lk in e.lookups] for e in _inventory(tmp_path).endpoints}
    assert operations == {"GET": ["read"], "PUT": ["write"], "DELETE": ["delete"]}


def test_drf_update_override_that_deletes_related_rows_is_a_write(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "proj/__init__.py": "",
            "proj/urls.py": (
                "from django.urls import include, path\nfrom rest_framework.routers import SimpleRouter\n"
                "from core.views import HeroViewSet\nrouter = SimpleRouter()\nrouter.register('hero', HeroViewSet)\n"
                "urlpatterns = [path('api/', include(router.urls))]\n"
            ),
            "core/__init__.py": "",
            "core/views.py": (
                "from rest_framework import viewsets\nfrom .models import Hero\n"
                "class HeroViewSet(viewsets.ModelViewSet):\n    queryset = Hero.objects.all()\n"
                "    def update(self, request, *args, **kwargs):\n        instance = self.get_object()\n"
                "        instance.title = request.data.get('title')\n        instance.save()\n"
                "        instance.tags.all().delete()\n        return None\n"
            ),
        },
    )
    found = {(e.method, e.route): e for e in _inventory(tmp_path).endpoints}
    put = found[("PUT", "/api/hero/<pk>/")]
    assert [lk.operation.value for lk in put.lookups] == ["write"]  # the tags go, the hero stays
    assert [lk.operation.value for lk in found[("DELETE", "/api/hero/<pk>/")].lookups] == ["delete"]


def test_supabase_edge_function_auth_has_evidence(tmp_path: Path) -> None:
    """An edge function that calls ``supabase.auth.getUser()`` and answers 401 is authenticated,
    with the hop that shows it; one that never does is public, with the place read."""
    write_tree(
        tmp_path,
        {
            "supabase/functions/delete-account/index.ts": (
                'import { createClient } from "https://esm.sh/@supabase/supabase-js@2";\n'
                "Deno.serve(async (req) => {\n"
                '  const supabase = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_ANON_KEY")!, {\n'
                '    global: { headers: { Authorization: req.headers.get("Authorization")! } },\n'
                "  });\n"
                "  const { data: { user } } = await supabase.auth.getUser();\n"
                '  if (!user) return new Response("Unauthorized", { status: 401 });\n'
                '  await supabase.from("profiles").delete().eq("id", user.id);\n'
                '  return new Response("ok");\n'
                "});\n"
            ),
            "supabase/functions/ping/index.ts": 'Deno.serve(async (req) => new Response("pong"));\n',
        },
    )
    by_route = {e.route: e for e in _inventory(tmp_path).endpoints}
    guarded = by_route["/functions/v1/delete-account"]
    assert guarded.auth_status.value == "authenticated"
    assert guarded.auth_chain and guarded.auth_chain[0].path == "supabase/functions/delete-account/index.ts"
    open_one = by_route["/functions/v1/ping"]
    assert open_one.auth_status.value == "public"
    assert [h.note for h in open_one.auth_chain] == ["Supabase edge function ping"]
