"""RC304 unbounded-request-body: request bodies and uploads with no size limit."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import js_calls
from readycheck.analysis.js import string_value
from readycheck.analysis.python import dotted, upload_parameters
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.unbounded._common import endpoint_finding, server_modules
from readycheck.model import Category, Confidence, Finding, Severity

# Body parsers whose limit above this many bytes counts as no limit (Express's default is 100 kB).
MAX_BODY_BYTES = 10 * 1024 * 1024
_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?\s*$", re.IGNORECASE)
_BODY_PARSERS = frozenset({"json", "urlencoded", "raw", "text"})
_DJANGO_LIMITS = ("DATA_UPLOAD_MAX_MEMORY_SIZE", "FILE_UPLOAD_MAX_MEMORY_SIZE", "DATA_UPLOAD_MAX_NUMBER_FIELDS")


def parse_size(text: str) -> int | None:
    """Bytes of a size string in the ``bytes`` package format Express uses (``"50mb"``,
    ``"1gb"``, ``"512kb"``), or None when it is not one."""
    match = _SIZE.match(text)
    if not match:
        return None
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "b").lower()])


class UnboundedRequestBody(Check):
    """
    ## What it does

    Finds request bodies and uploads without a size limit:

    - FastAPI/Starlette `UploadFile` read whole (`await file.read()` with no size), since
      Starlette sets no body limit;
    - Flask apps reading `request.files` while no `MAX_CONTENT_LENGTH` is configured;
    - Django settings that switch a limit off (`DATA_UPLOAD_MAX_MEMORY_SIZE = None`, and the
      same for `FILE_UPLOAD_MAX_MEMORY_SIZE` and `DATA_UPLOAD_MAX_NUMBER_FIELDS`) or raise it
      above 10 MB;
    - multer and busboy without `limits` (`fileSize`), and `express.json()`/
      `bodyParser.*()` limits raised above 10 MB.

    ## Why is this bad?

    An upload of a few gigabytes fills the server's memory or disk and takes the app down for
    everyone; a loop of large JSON bodies does the same more slowly. OWASP API4:2023 lists the
    maximum upload file size as a limit every API needs.

    ## Example

    ```javascript
    const upload = multer({ dest: "uploads/" });
    ```

    ## Use instead

    ```javascript
    const upload = multer({ dest: "uploads/", limits: { fileSize: 5 * 1024 * 1024, files: 1 } });
    ```

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
    - [CWE-770: Allocation of Resources Without Limits or Throttling](https://cwe.mitre.org/data/definitions/770.html)
    """

    id = "RC304"
    name = "unbounded-request-body"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "A request body or file upload is accepted with no size limit."
    owasp = ("API4:2023",)
    cwe = ("CWE-400", "CWE-770")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per unlimited upload read, parser or switched-off setting."""
        modules = list(server_modules(ctx))
        texts = {m.path: source.text for m in modules if (source := ctx.repo.get(m.path)) is not None}
        flask_limit = any("MAX_CONTENT_LENGTH" in text for text in texts.values())
        applicable = False
        for module in modules:
            text = texts.get(module.path, "")
            if module.python is not None:
                if not any(marker in text for marker in ("UploadFile", "request.files", *_DJANGO_LIMITS)):
                    continue
                applicable = True
                problems = list(_python_problems(module.python, flask_limit=flask_limit))
            else:
                assert module.js is not None
                if not any(
                    marker in text
                    for marker in ("multer", "busboy", "Busboy", "bodyParser", "express.json", "express.urlencoded")
                ):
                    continue
                applicable = True
                problems = list(_js_problems(module.js))
            for line, message in problems:
                yield endpoint_finding(ctx, path=module.path, line=line, message=message)
        if not applicable:
            raise NotApplicable("no uploads, body parsers or Django upload settings found")


def _python_problems(tree: ast.Module, *, flask_limit: bool) -> Iterable[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            uploads = upload_parameters(node)
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr == "read"
                    and not inner.args
                    and (dotted(inner.func.value) or "").split(".")[0] in uploads
                ):
                    yield inner.lineno, f"{dotted(inner.func)}() reads the whole upload into memory with no size limit"
        elif isinstance(node, ast.Attribute) and dotted(node) == "request.files" and not flask_limit:
            yield (
                node.lineno,
                "request.files is read and MAX_CONTENT_LENGTH is not set: uploads of any size are accepted",
            )
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in _DJANGO_LIMITS for t in node.targets
        ):
            name = next(t.id for t in node.targets if isinstance(t, ast.Name))
            value = node.value
            if isinstance(value, ast.Constant) and value.value is None:
                yield node.lineno, f"{name} = None switches Django's request size limit off"
            elif name != "DATA_UPLOAD_MAX_NUMBER_FIELDS" and _constant_int(value) > MAX_BODY_BYTES:
                yield node.lineno, f"{name} is above 10 MB"


def _constant_int(value: ast.expr) -> int:
    """The value of an integer constant or a product/sum of them (``500 * 1024 * 1024``), else 0."""
    if isinstance(value, ast.Constant) and isinstance(value.value, int):
        return value.value
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult | ast.Add):
        left, right = _constant_int(value.left), _constant_int(value.right)
        return left * right if isinstance(value.op, ast.Mult) else left + right
    return 0


def _js_problems(root: SgNode) -> Iterable[tuple[int, str]]:
    for call in js_calls(root):
        if call.callee in {"multer", "busboy", "Busboy"}:
            if call.open_options or call.opaque_arg(0):
                continue
            limits = call.options.get("limits")
            if limits is None or (isinstance(limits, SgNode) and "fileSize" not in limits.text()):
                yield call.line, f"{call.callee}() has no limits.fileSize: uploads of any size are accepted"
        elif call.name in _BODY_PARSERS and call.callee.split(".")[0] in {"express", "bodyParser"}:
            limit = call.options.get("limit")
            if isinstance(limit, SgNode):
                size = parse_size(string_value(limit) or limit.text())
                if size is not None and size > MAX_BODY_BYTES:
                    yield call.line, f"{call.callee}() accepts bodies up to {string_value(limit) or limit.text()}"
