"""The observability model (request logging, monitoring) and the app-level logging rules on
small example trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from readycheck.analysis import ProgramModels
from readycheck.analysis.observability import is_log_call
from readycheck.checks.logs.sensitive_data_in_log import sensitive_name
from readycheck.repository import Repository
from tests.conftest import write_tree
from tests.test_delivery import findings

FASTAPI = 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/a")\ndef a():\n    return 1\n'


@pytest.mark.parametrize(
    ("callee", "logs"),
    [
        ("logger.info", True),
        ("logging.error", True),
        ("console.log", True),
        ("self.logger.warning", True),
        ("req.log.info", True),
        ("audit_log.info", True),
        ("Math.log", False),
        ("self.log", False),
        ("print", False),
    ],
)
def test_log_calls(callee: str, logs: bool) -> None:
    assert is_log_call(callee) is logs


@pytest.mark.parametrize(
    ("name", "sensitive"),
    [
        ("password", True),
        ("new_password", True),
        ("apiKey", True),
        ("access_token", True),
        ("client_secret", True),
        ("password_hash", False),
        ("token_type", False),
        ("has_password", False),
        ("email", False),
    ],
)
def test_sensitive_names(name: str, sensitive: bool) -> None:
    assert sensitive_name(name) is sensitive


def inventory_logging(root: Path) -> dict[str, str | None]:
    inventory = ProgramModels(Repository.scan(root, read_git=False)).inventory
    return {f"{e.method} {e.route}": e.logging for e in inventory.endpoints}


def test_no_request_logging_is_one_finding(tmp_path: Path) -> None:
    app = FASTAPI + '\n\n@app.get("/b")\ndef b():\n    return 2\n'
    root = write_tree(tmp_path, {"main.py": app})
    (finding,) = findings(root, "RC601")
    assert finding.severity.value == "medium" and "none of its 2 endpoints" in finding.message


@pytest.mark.parametrize(
    "files",
    [
        {
            "main.py": FASTAPI + '\n\n@app.middleware("http")\nasync def log(request, call_next):\n'
            '    import logging\n    logging.getLogger("r").info(request.url.path)\n    return await call_next(request)\n'
        },
        {
            "main.py": FASTAPI
            + "\nfrom asgi_logger import AccessLoggerMiddleware\napp.add_middleware(AccessLoggerMiddleware)\n"
        },
        {
            "main.py": FASTAPI + "\nfrom opentelemetry.instrumentation.fastapi import FastAPIInstrumentor\n"
            "FastAPIInstrumentor.instrument_app(app)\n"
        },
        {
            "main.py": FASTAPI,
            "settings.py": "LOGGING = {'version': 1, 'loggers': {'django.request': {'level': 'INFO'}}}\n",
        },
    ],
)
def test_python_request_logging_is_recognised(tmp_path: Path, files: dict[str, str]) -> None:
    assert inventory_logging(write_tree(tmp_path, files))["GET /a"]
    assert findings(tmp_path, "RC601") == []


def test_express_and_next_request_logging(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "server.js": 'const express = require("express");\nconst logger = require("pino-http");\n'
            "const app = express();\napp.use(logger());\napp.get('/x', (req, res) => res.end());\n",
            "app/api/y/route.ts": "export async function GET() { return Response.json({}); }\n",
            "middleware.ts": "export function middleware(req) { console.log(req.method, req.url); }\n",
        },
    )
    logging = inventory_logging(root)
    assert logging["GET /x"] == "pino-http"
    assert logging["GET /api/y"] == "middleware.ts"


def test_error_monitoring_present_passes(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.py": FASTAPI})
    assert len(findings(root, "RC607")) == 1
    write_tree(tmp_path, {"instrument.py": "import sentry_sdk\nsentry_sdk.init(dsn=None)\n"})
    assert findings(root, "RC607") == []


def test_js_error_monitoring(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "app/api/y/route.ts": "export async function GET() { return Response.json({}); }\n",
            "sentry.server.config.ts": 'import * as Sentry from "@sentry/nextjs";\nSentry.init({ dsn: "x" });\n',
        },
    )
    assert findings(root, "RC607") == []


def test_coverage_totals_in_the_json_report(tmp_path: Path) -> None:
    from readycheck.engine import ScanOptions, scan
    from readycheck.reporters.json_report import coverage_dict

    app = FASTAPI + '\n\n@app.get("/b")\ndef b():\n    import logging\n    logging.info("b")\n    return 2\n'
    result = scan(write_tree(tmp_path, {"main.py": app}), ScanOptions(select=["RC601"]))
    assert coverage_dict(result.endpoints) == {"endpoints": 2, "rate_limited": 0, "logged": 1}
