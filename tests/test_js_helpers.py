"""JS data access followed out of the handler: thin route callbacks that hand the request to a
service, generic data helpers, request fields a guard fills with the caller, and ids first
compared with the caller (readycheck/analysis/endpoints/js_handlers.py, express.py)."""

from __future__ import annotations

from pathlib import Path

from readycheck.analysis import ProgramModels
from readycheck.model import Operation
from readycheck.repository import Repository
from tests.conftest import EXAMPLES, write_tree


def _endpoints(root: Path) -> dict[str, object]:
    inventory = ProgramModels(Repository.scan(root, read_git=False)).inventory
    return {e.route: e for e in inventory.endpoints}


def test_delegating_callbacks_and_generic_helpers_are_followed() -> None:
    by_route = _endpoints(EXAMPLES / "RC202")
    create = by_route["/CreateCategory"]
    assert create.handler_path == "catalog/service/category.js"  # type: ignore[attr-defined]
    assert [(w.model, w.operation) for w in create.body_writes] == [("Category", Operation.CREATE)]  # type: ignore[attr-defined]
    remove = by_route["/DeleteCategory"]
    (lookup,) = remove.lookups  # type: ignore[attr-defined]
    assert (lookup.model, lookup.operation, lookup.inputs) == ("Category", Operation.DELETE, ("req.body.DocId",))
    # the hop into the helper, with its file and line
    assert lookup.chain[0].path == "catalog/data.js" and lookup.chain[0].line == 15


def test_guard_filled_fields_are_the_caller_and_prior_comparisons_tie_ids(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "package.json": '{"dependencies": {"express": "^4.19.2", "firebase-admin": "^12"}}',
            "auth.js": (
                'const admin = require("firebase-admin");\n'
                "async function decodeIDToken(req, res, next) {\n"
                '  const encoded = req.get("Authorization");\n'
                '  if (!encoded) return res.status(401).json({ message: "token not verified" });\n'
                "  try {\n"
                '    const decodedToken = await admin.auth().verifyIdToken(encoded.replace("Bearer ", ""));\n'
                "    req.body.UserId = decodedToken.uid;\n"
                "    return next();\n"
                "  } catch (err) {\n"
                '    return res.status(401).json({ message: "token not verified" });\n'
                "  }\n"
                "}\n"
                "module.exports = { decodeIDToken };\n"
            ),
            "app.js": (
                'const express = require("express");\n'
                'const admin = require("firebase-admin");\n'
                'const { decodeIDToken } = require("./auth");\n'
                "const db = admin.firestore();\n"
                "const app = express();\n"
                "app.use(decodeIDToken);\n"
                'app.post("/profile", async (req, res) => {\n'
                '  await db.collection("Users").doc(req.body.UserId).update({ name: req.body.name });\n'
                "  res.json(true);\n"
                "});\n"
                'app.post("/profiles/:id", async (req, res) => {\n'
                '  if (req.user.id !== req.params.id) return res.status(403).json("not yours");\n'
                '  await db.collection("Users").doc(req.params.id).update({ name: req.body.name });\n'
                "  res.json(true);\n"
                "});\n"
                'app.post("/any/:id", async (req, res) => {\n'
                '  await db.collection("Users").doc(req.params.id).update({ name: req.body.name });\n'
                "  res.json(true);\n"
                "});\n"
            ),
        },
    )
    by_route = _endpoints(tmp_path)
    # the guard overwrote req.body.UserId with the verified uid: the document is the caller's
    (own,) = by_route["/profile"].lookups  # type: ignore[attr-defined]
    assert own.owner_filter == "filtered by req.body.UserId"
    (compared,) = by_route["/profiles/:id"].lookups  # type: ignore[attr-defined]
    assert compared.owner_filter == "comparison with req.user.id"
    (open_one,) = by_route["/any/:id"].lookups  # type: ignore[attr-defined]
    assert open_one.owner_filter is None and open_one.inputs == ("req.params.id",)
