"""Untrusted content that reaches the prompt of an agent: web pages the server fetched, e-mails,
uploaded files (indirect prompt injection), and the request itself (direct), followed inside the
function that runs the agent (OWASP LLM01:2025 Prompt Injection).

Sources, Python: ``requests``/``httpx``/``urllib``/``aiohttp`` responses, LangChain web loaders
(``WebBaseLoader``, ``AsyncHtmlLoader``, ``RecursiveUrlLoader``, ``FireCrawlLoader``),
``BeautifulSoup``, ``trafilatura``, search tools (Tavily, SerpAPI, DuckDuckGo), ``imaplib`` /
``email.message_from_*`` / ``get_payload``, uploaded files (``UploadFile.read``,
``request.files``), PDF and document readers (``PdfReader``, ``pypdf``, ``PyPDFLoader``,
``Docx2txtLoader``, ``UnstructuredFileLoader``). JS/TS: ``fetch``/``axios``/``got`` responses,
``cheerio``, ``formData`` files, ``pdf-parse``. Direct: the endpoint's parameters and body
reads (:func:`readycheck.analysis.calls.python_caller_values`, ``js_caller_values``).
"""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass

from ast_grep_py import SgNode

from readycheck.analysis.calls import js_caller_values, python_caller_values
from readycheck.analysis.js import bound_names, identifiers, line_of
from readycheck.analysis.python import dotted, names_in, upload_parameters
from readycheck.model import Hop


class Origin(enum.StrEnum):
    """Where untrusted text comes from; the value is the phrase used in messages."""

    WEB = "a web page the server fetched"
    EMAIL = "an e-mail"
    FILE = "an uploaded file or document"
    REQUEST = "the request"

    @property
    def indirect(self) -> bool:
        """Text written by a third party, not by the user talking to the agent."""
        return self is not Origin.REQUEST


@dataclass(frozen=True)
class Untrusted:
    """An untrusted value: its origin and where it was read (``path:line``)."""

    origin: Origin
    hop: Hop


_PY_WEB = (
    "requests.",
    "httpx.",
    "urllib.request.urlopen",
    "urlopen",
    "aiohttp.",
    "WebBaseLoader",
    "AsyncHtmlLoader",
    "RecursiveUrlLoader",
    "FireCrawlLoader",
    "SitemapLoader",
    "BeautifulSoup",
    "trafilatura.",
    "TavilySearchResults",
    "TavilyClient",
    "DuckDuckGoSearchRun",
    "SerpAPIWrapper",
    "newspaper.",
)
_PY_EMAIL = ("imaplib.", "email.message_from_", "message_from_bytes", "message_from_string", "get_payload", "poplib.")
_PY_FILE = (
    "PdfReader",
    "pypdf.",
    "PyPDFLoader",
    "Docx2txtLoader",
    "UnstructuredFileLoader",
    "docx.Document",
    "fitz.open",
)


def _py_origin(value: ast.expr, upload_params: set[str]) -> Origin | None:
    for node in ast.walk(value):
        if isinstance(node, ast.Call):
            callee = dotted(node.func) or ""
            last = callee.rsplit(".", 1)[-1]
            if callee.startswith(_PY_WEB) or last in {"WebBaseLoader", "BeautifulSoup", "AsyncHtmlLoader"}:
                return Origin.WEB
            if callee.startswith(_PY_EMAIL) or last in {"get_payload", "message_from_bytes", "message_from_string"}:
                return Origin.EMAIL
            if callee.startswith(_PY_FILE) or last in {"PdfReader", "PyPDFLoader", "extract_text"}:
                return Origin.FILE
            base = callee.split(".", 1)[0]
            if last == "read" and (base in upload_params or callee.startswith("request.files")):
                return Origin.FILE
    return None


def python_untrusted(fn: ast.FunctionDef | ast.AsyncFunctionDef, path: str, inputs: set[str]) -> dict[str, Untrusted]:
    """Names of ``fn`` that hold untrusted text, followed through plain assignments in source
    order. ``inputs`` are the endpoint's caller-controlled parameters (empty outside a handler)."""
    uploads = upload_parameters(fn)
    held: dict[str, Untrusted] = {}
    for name in python_caller_values(fn, inputs) if inputs else set():
        held[name] = Untrusted(Origin.REQUEST, Hop(path=path, line=fn.lineno, note=f"{name} comes from the request"))
    for node in sorted(
        (n for n in ast.walk(fn) if isinstance(n, ast.Assign | ast.AnnAssign | ast.For)), key=lambda n: n.lineno
    ):
        value = node.iter if isinstance(node, ast.For) else node.value
        if value is None:
            continue
        origin = _py_origin(value, uploads)
        source: Untrusted | None = None
        if origin is not None:
            source = Untrusted(origin, Hop(path=path, line=node.lineno, note=f"reads {origin.value}"))
        else:
            known = sorted(names_in(value) & held.keys())
            source = held[known[0]] if known else None
        if source is None:
            continue
        targets = [node.target] if isinstance(node, ast.For | ast.AnnAssign) else node.targets
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    held[sub.id] = source
    return held


_JS_WEB_CALLS = frozenset({"fetch", "axios", "got", "ky", "$fetch", "ofetch"})
_JS_WEB_ROOTS = frozenset({"axios", "got", "ky", "cheerio", "page", "browser", "puppeteer", "playwright"})
_JS_FILE_CALLS = frozenset({"formData", "pdfParse", "pdf", "extractRawText", "arrayBuffer"})


def _js_origin(value: SgNode) -> Origin | None:
    """The origin of the calls inside ``value``: a fetch or scrape, a form-data file or document
    parser, else None."""
    calls = [value] if value.kind() == "call_expression" else []
    for call in [*calls, *value.find_all(kind="call_expression")]:
        function = call.field("function")
        if function is None:
            continue
        callee = function.text().replace("?.", ".")
        last, root = callee.rsplit(".", 1)[-1], callee.split(".", 1)[0]
        if last in _JS_FILE_CALLS:
            return Origin.FILE
        if callee in _JS_WEB_CALLS or (root in _JS_WEB_ROOTS and "." in callee):
            return Origin.WEB
    return None


def js_untrusted(fn: SgNode, path: str, in_handler: bool) -> dict[str, Untrusted]:
    """Names of a JS/TS function that hold untrusted text (a fetched response and what is read
    from it, a form-data file), plus the request's values when it is a handler."""
    held: dict[str, Untrusted] = {}
    if in_handler:
        for name in js_caller_values(fn):
            held[name] = Untrusted(
                Origin.REQUEST, Hop(path=path, line=line_of(fn), note=f"{name} comes from the request")
            )
    for declarator in sorted(fn.find_all(kind="variable_declarator"), key=lambda n: n.range().start.index):
        pattern, value = declarator.field("name"), declarator.field("value")
        if pattern is None or value is None:
            continue
        origin = _js_origin(value)
        source: Untrusted | None = None
        if origin is not None:
            source = Untrusted(origin, Hop(path=path, line=line_of(declarator), note=f"reads {origin.value}"))
        else:
            known = sorted(identifiers(value) & held.keys())
            source = held[known[0]] if known else None
        if source is not None:
            for name in bound_names(pattern):
                held[name] = source
    return held
