"""Function-level authorization (OWASP API5:2023): the role each endpoint's guards require
(``Endpoint.role_check``), what makes a handler an administrator's function, and roles read
from the request (readycheck/analysis/privilege.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from readycheck.analysis import ProgramModels
from readycheck.analysis.privilege import is_role_field, python_request_roles, python_wholesale, wholesale_sql
from readycheck.repository import Repository
from tests.conftest import EXAMPLES, write_tree


def _roles(root: Path) -> dict[tuple[str, str], tuple[bool, str | None]]:
    inventory = ProgramModels(Repository.scan(root, read_git=False)).inventory
    return {(e.method, e.route): (e.admin_only, e.role_check) for e in inventory.endpoints}


def test_role_checks_of_the_examples() -> None:
    roles = _roles(EXAMPLES / "RC210")
    # FastAPI: an admin dependency, and a role factory on the router
    assert roles[("GET", "/admin/users")] == (True, "Depends(get_admin_user): get_admin_user() checks a role")
    assert roles[("GET", "/admin/reports/daily")][1] == "Depends(require_role): checker() checks a role"
    # signed in only
    assert roles[("DELETE", "/admin/users/{user_id}")] == (False, None)
    # Express: a middleware array whose second step requires admin; a guard factory given a right
    assert roles[("DELETE", "/api/admin/users/:id")][0] is True
    assert roles[("PATCH", "/api/admin/users/:id")] == (False, 'auth: "manageUsers"')
    assert roles[("GET", "/api/admin/users")] == (False, None)


def test_role_steps_and_sign_up_validators(tmp_path: Path) -> None:
    """``[verifyToken, isModerator]``: the second step tests the caller's role and refuses, so
    the route requires that role; ``checkRolesExisted`` validates the roles a new user asks for
    (and answers 400) and is neither a guard nor a role check."""
    write_tree(
        tmp_path,
        {
            "package.json": '{"dependencies": {"express": "^4.19.2", "jsonwebtoken": "^9.0.2"}}',
            "middleware.js": (
                'const jwt = require("jsonwebtoken");\n'
                "const verifyToken = (req, res, next) => {\n"
                '  const token = req.headers["x-access-token"];\n'
                '  if (!token) return res.status(403).send({ message: "No token" });\n'
                "  jwt.verify(token, process.env.SECRET, (err, decoded) => {\n"
                '    if (err) return res.status(401).send({ message: "Unauthorized" });\n'
                "    req.userId = decoded.id;\n"
                "    next();\n"
                "  });\n"
                "};\n"
                "const isModerator = (req, res, next) => {\n"
                "  loadRoles(req.userId).then((roles) => {\n"
                '    if (roles.includes("moderator")) return next();\n'
                '    res.status(403).send({ message: "Require Moderator Role!" });\n'
                "  });\n"
                "};\n"
                "const checkRolesExisted = (req, res, next) => {\n"
                '  if (req.body.roles && !["user", "admin"].includes(req.body.roles[0])) {\n'
                '    return res.status(400).send({ message: "Role does not exist" });\n'
                "  }\n"
                "  next();\n"
                "};\n"
                "module.exports = { verifyToken, isModerator, checkRolesExisted };\n"
            ),
            "app.js": (
                'const express = require("express");\n'
                'const { verifyToken, isModerator, checkRolesExisted } = require("./middleware");\n'
                "const app = express();\n"
                'app.get("/api/test/mod", [verifyToken, isModerator], (req, res) => res.send("mod"));\n'
                'app.get("/api/test/mod2", verifyToken, isModerator, (req, res) => res.send("mod"));\n'
                'app.post("/api/auth/signup", [checkRolesExisted], (req, res) => res.send("ok"));\n'
            ),
        },
    )
    inventory = ProgramModels(Repository.scan(tmp_path, read_git=False)).inventory
    by_route = {e.route: e for e in inventory.endpoints}
    assert by_route["/api/test/mod"].role_check == "verifyToken: isModerator"
    assert by_route["/api/test/mod2"].role_check == "isModerator: isModerator checks a role"
    signup = by_route["/api/auth/signup"]
    assert signup.auth_status.value == "public" and signup.role_check is None


def test_shared_admin_key_is_a_role_not_an_admin_account() -> None:
    roles = _roles(Path(__file__).parent.parent / "sample_repos" / "vibe-fastapi")
    assert roles[("POST", "/api/billing/admin/refund/{charge_id}")] == (
        False,
        "refund() checks ADMIN_API_KEY: holders of ADMIN_API_KEY",
    )


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        ("DROP TABLE users", "DROP"),
        ("TRUNCATE orders, payments", "TRUNCATE"),
        ("delete from sessions", "DELETE without WHERE"),
        ("UPDATE users SET plan = 'free'", "UPDATE without WHERE"),
        ("DELETE FROM sessions WHERE user_id = $1", None),
        ("SELECT * FROM users", None),
        ("DROP TABLE {table}", None),  # a template, not SQL
    ],
)
def test_wholesale_sql(sql: str, what: str | None) -> None:
    assert wholesale_sql(sql) == what


def test_python_wholesale_operations() -> None:
    code = (
        "def handler(db, instance):\n"
        "    db.query(User).delete()\n"  # 2: every row
        "    db.query(User).filter(User.id == 1).delete()\n"  # 3: filtered
        "    User.objects.all().delete()\n"  # 4: every row
        "    instance.tags.all().delete()\n"  # 5: one object's related rows
        "    conn.run_sync(Base.metadata.drop_all)\n"  # 6: drop_all passed as a callback
        "    db.execute('TRUNCATE audit_log')\n"  # 7
        "    mongo.orders.delete_many({})\n"  # 8
        "    mongo.orders.delete_many({'user': 1})\n"  # 9
    )
    lines = [fact.line for fact in python_wholesale(ast.parse(code))]
    assert sorted(lines) == [2, 4, 6, 7, 8]


def test_python_roles_read_from_the_request() -> None:
    code = (
        "def handler(body, request, user):\n"
        "    if body.role == 'admin':\n"  # 2: the caller says so
        "        pass\n"
        "    if request.headers.get('X-User-Role') == 'admin':\n"  # 4
        "        pass\n"
        "    if body.role == 'admin' and not user.is_superuser:\n"  # 6: the caller's own role is checked
        "        pass\n"
        "    if body.name == 'admin':\n"  # 8: not a role field
        "        pass\n"
    )
    lines = [fact.line for fact in python_request_roles(ast.parse(code), frozenset({"body"}))]
    assert lines == [2, 4]


def test_role_fields() -> None:
    assert all(is_role_field(name) for name in ["role", "isAdmin", "is_superuser", "X-User-Role", "x-admin"])
    assert not any(is_role_field(name) for name in ["name", "email", "roleDescription", "x-request-id"])


def test_copying_a_role_is_not_checking_it(tmp_path: Path) -> None:
    """``req.role = decoded.role`` in the token check stores the role; ``isAdmin`` that tests it
    and refuses with http-errors' ``next(createError(403))`` is the role check."""
    write_tree(
        tmp_path,
        {
            "package.json": '{"dependencies": {"express": "^4.19.2", "jsonwebtoken": "^9.0.2", "http-errors": "^2"}}',
            "auth.js": (
                'const jwt = require("jsonwebtoken");\n'
                'const createError = require("http-errors");\n'
                "const verifToken = (req, res, next) => {\n"
                "  const header = req.headers.authorization;\n"
                '  if (!header) return next(createError(403, "Need Token"));\n'
                "  try {\n"
                '    const decoded = jwt.verify(header.split(" ")[1], process.env.SECRET);\n'
                "    req.role = decoded.role;\n"
                "  } catch (err) {\n"
                '    return next(createError(403, "Invalid Token"));\n'
                "  }\n"
                "  next();\n"
                "};\n"
                "const isAdmin = (req, res, next) => {\n"
                "  const role = req.role;\n"
                '  if (role === "admin") {\n'
                "    next();\n"
                "  } else {\n"
                '    return next(createError(403, "Access Denied!"));\n'
                "  }\n"
                "};\n"
                "module.exports = { verifToken, isAdmin };\n"
            ),
            "app.js": (
                'const express = require("express");\n'
                'const { verifToken, isAdmin } = require("./auth");\n'
                "const app = express();\n"
                'app.get("/users/profile", verifToken, (req, res) => res.send("me"));\n'
                'app.delete("/admin/users/:id", verifToken, isAdmin, (req, res) => res.sendStatus(204));\n'
            ),
        },
    )
    inventory = ProgramModels(Repository.scan(tmp_path, read_git=False)).inventory
    by_route = {e.route: e for e in inventory.endpoints}
    profile = by_route["/users/profile"]
    assert profile.auth_status.value == "authenticated" and not profile.admin_only and profile.role_check is None
    admin = by_route["/admin/users/:id"]
    assert admin.admin_only and admin.role_check is not None


def test_role_checks_in_chained_middleware_and_services(tmp_path: Path) -> None:
    """fc-bun-api: a sub-app's ``.use(async (c, next) => { assertIsAdmin(...) })`` guards the
    routes chained after it; a handler whose service calls ``assertIsAdmin`` is role checked
    (RC210 follows the calls); a handler with neither is not."""
    from readycheck.engine import ScanOptions, scan

    write_tree(
        tmp_path,
        {
            "package.json": '{"dependencies": {"hono": "^4.6.0"}}',
            "src/permissions.ts": (
                "export class ForbiddenException extends Error {}\n"
                "export function assertIsAdmin(user) {\n"
                "  if (user.role !== 'admin') {\n    throw new ForbiddenException('Only admin');\n  }\n}\n"
            ),
            "src/service.ts": (
                "import { assertIsAdmin } from './permissions';\n"
                "export async function deleteStore(user, id) {\n  assertIsAdmin(user);\n  return id;\n}\n"
            ),
            "src/reports.ts": (
                "import { Hono } from 'hono';\nimport { assertIsAdmin } from './permissions';\n"
                "const app = new Hono()\n"
                "  .use(async (c, next) => {\n    assertIsAdmin(c.get('jwtPayload'));\n    await next();\n  })\n"
                "  .get('/daily', (c) => c.json([]));\nexport default app;\n"
            ),
            "src/stores.ts": (
                "import { Hono } from 'hono';\nimport { deleteStore } from './service';\n"
                "const app = new Hono()\n"
                "  .delete('/:id', async (c) => c.json(await deleteStore(c.get('jwtPayload'), c.req.param('id'))))\n"
                "  .post('/', async (c) => c.json({ created: true }));\nexport default app;\n"
            ),
            "src/index.ts": (
                "import { Hono } from 'hono';\nimport { jwt } from 'hono/jwt';\nimport reports from './reports';\n"
                "import stores from './stores';\nconst app = new Hono();\n"
                "app.use('/admin/*', jwt({ secret: 's', alg: 'HS256' }));\n"
                "app.route('/admin/reports', reports);\napp.route('/admin/stores', stores);\nexport default app;\n"
            ),
        },
    )
    roles = _roles(tmp_path)
    assert roles[("GET", "/admin/reports/daily")][0] is True  # the chained use() refuses non-admins
    result = scan(tmp_path, ScanOptions(select=["RC210"]))
    flagged = {f.endpoint.route for f in result.findings if f.endpoint is not None}
    # the service's assertIsAdmin covers DELETE; POST checks no role (other /admin routes do: low)
    assert flagged == {"/admin/stores"}
    (finding,) = result.findings
    assert finding.severity.value == "medium" and finding.confidence.value == "low"


@pytest.mark.parametrize(
    ("route", "sign_in"),
    [
        ("/reset_db", False),
        ("/api/admin/reset-demo", False),
        ("/reset", True),
        ("/auth/reset", True),
        ("/password/reset", True),
        ("/api/reset-password", True),
        ("/users/reset/{token}", True),
    ],
)
def test_a_data_reset_is_not_a_sign_in_flow(route: str, sign_in: bool) -> None:
    from readycheck.checks.ownership._common import is_auth_flow
    from readycheck.model import Endpoint

    endpoint = Endpoint(method="POST", route=route, path="app.py", line=1, framework="fastapi")
    assert is_auth_flow(endpoint) is sign_in
