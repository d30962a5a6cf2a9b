"""``kgtools serve``: the read-only SPARQL 1.1 endpoint and the web pages, in one ASGI app (starlette).

``create_app(kg)`` builds the application; :func:`serve` runs it with uvicorn. Routes:

* ``GET|POST /sparql`` - the SPARQL 1.1 Protocol: ``query`` as a URL parameter (GET), as a form
  field (POST ``application/x-www-form-urlencoded``) or as the body (POST ``application/sparql-query``).
  Results by content negotiation (``Accept``) or ``format=``: SPARQL JSON (default), XML, CSV, TSV for
  SELECT and ASK; Turtle (default), N-Triples, RDF/XML for CONSTRUCT and DESCRIBE.
* ``GET /queries`` - the named queries with their parameters and examples (JSON);
  ``GET /queries/{name}?param=value`` runs one with its parameters bound as RDF terms.
* ``GET /health`` - liveness and triple count.
* With ``pages=True`` (the default): the web pages of :func:`kgtools.web.web_routes` (``/`` browse,
  ``/search``, ``/api/search``, ``/term/...``, ``/differential``, ``/query`` whose SPARQL form posts
  to ``/sparql``); ``GET /sparql`` without a query redirects to ``/query``. With ``pages=False``
  (endpoint only): a small HTML query form at ``/`` and at ``GET /sparql`` without a query.

Safety (issue 15; limits and options in ``docs/serve.md``): the endpoint is read-only, decided from
rdflib's parse of the query (:func:`kgtools.sandbox.check_query`): SPARQL Update (``update=``,
``application/sparql-update`` or an update in ``query``) and ``SERVICE`` are refused with 403,
``FROM`` / ``default-graph-uri`` with 400 (queries always run over the union of the loaded graphs).
Queries run in worker processes (:class:`kgtools.sandbox.WorkerPool`) that cannot open an Internet
socket and have a memory cap; a query past its time limit gets 503 and its worker is killed and
replaced, so its CPU and memory come back at once. When every worker stays busy for the time limit,
further queries get 503 "busy" with ``Retry-After``. Bodies larger than ``max_body`` are refused
(413) from their Content-Length or while they stream; invalid UTF-8 is 400. Any origin may GET and
POST (CORS, preflight answered). Results are capped at ``max_results`` rows (or triples): a longer
answer is cut and flagged with the headers ``X-Result-Truncated: true`` and ``X-Max-Results``.
Errors under ``/sparql``, ``/queries``, ``/health`` and ``/api`` (and everywhere in an endpoint-only
app) are JSON ``{"error": ..., "status": ...}``; elsewhere they are the web pages' HTML error page
(a 404 offers the search box). Every request is logged on the ``kgtools.serve`` logger (method,
path, status, query form, rows, milliseconds).

To add more routes, pass ``routes=[starlette.routing.Route(...)]`` to :func:`create_app`; they are
mounted before the others and can reach the graph as ``request.app.state.kg``.
"""

from __future__ import annotations

import contextlib
import html
import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import EngineError, KgError, QueryError, UnknownQueryError, UnknownTermError
from .sandbox import DatasetRefused, PoolBusy, PoolTimeout, ServiceRefused, UpdateRefused, WorkerDied, WorkerPool
from .sandbox import check_query as _check_query
from .sparql import term_to_sparql
from .vocab import XSCO
from .store import QueryTimeout, Solutions, query_bounded
from .query import bind_parameters, examples
from .query import run_query as query_store
from .web import error_page, web_routes

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from .kg import KnowledgeGraph

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "ServeConfig", "background", "create_app", "serve"]

log = logging.getLogger("kgtools.serve")

# media type -> short name; the first entry of each table is the default.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
}
_SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
MAX_QUERY_LENGTH = 100_000
MAX_BODY = 1_000_000  # bytes of a POST body (a form-encoded query of MAX_QUERY_LENGTH characters fits)
SHUTDOWN_GRACE = 2  # seconds uvicorn waits for running requests on SIGTERM
WORKER_MEMORY_MB = 1024  # megabytes a query worker may add to the graph it shares with the server
# where errors are JSON even when the web pages are served (a path or a path below it)
JSON_PATHS = ("/sparql", "/queries", "/health", "/api")


@dataclass(frozen=True)
class ServeConfig:
    """Limits of the endpoint."""

    timeout: float = 10.0  # seconds per query
    max_results: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE)
    workers: int = 4  # queries running at once (worker processes)
    memory_mb: int = WORKER_MEMORY_MB  # memory cap per worker process, beyond the shared graph
    max_body: int = MAX_BODY  # bytes per request body


class HttpError(Exception):
    """An error answered as JSON with an HTTP status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --- content negotiation -------------------------------------------------------------------------


def _accepted(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, -i))
    ranges.sort(key=lambda r: (r[1], r[2]), reverse=True)
    return [(m, q) for m, q, _ in ranges if q > 0]


def negotiate(accept: str | None, format: str | None, kind: str) -> str:
    """The media type to answer a result of ``kind`` ("select", "ask", "graph") with; HttpError 406 if none fits."""
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    if format:
        media = _SHORT.get(format.lower(), format.lower())
        if media not in table or (kind == "ask" and table[media] in ("csv", "tsv")):
            raise HttpError(406, f"format {format!r} is not available for a {kind} result")
        return media
    for media, _ in _accepted(accept or "*/*"):
        if media in table and not (kind == "ask" and table[media] in ("csv", "tsv")):
            return media
        if media in ("*/*", "application/*", "text/*") or (kind != "graph" and media == "text/html"):
            return next(iter(table))
    offered = ", ".join(t for t in table if not (kind == "ask" and table[t] in ("csv", "tsv")))
    raise HttpError(406, f"cannot answer a {kind} result as {accept!r}; available: {offered}")


def _tsv_term(term: Any) -> str:
    from rdflib.term import BNode

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return term_to_sparql(term)


def render(solutions: Solutions, media: str) -> bytes:
    """Serialise solutions as ``media`` (one of RESULT_TYPES or GRAPH_TYPES)."""
    if solutions.kind == "graph":
        assert solutions.graph is not None
        return solutions.graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
    short = RESULT_TYPES[media]
    if short == "tsv":
        lines = ["\t".join("?" + v for v in solutions.variables)]
        lines += ["\t".join(_tsv_term(row.get(v)) for v in solutions.variables) for row in solutions.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    from rdflib import Variable
    from rdflib.query import Result

    if solutions.kind == "ask":
        result = Result("ASK")
        result.askAnswer = bool(solutions.boolean)
    else:
        result = Result("SELECT")
        result.vars = [Variable(v) for v in solutions.variables]
        result.bindings = [{Variable(k): v for k, v in row.items()} for row in solutions.rows]
    out = result.serialize(format=short, encoding="utf-8")
    return out if isinstance(out, bytes) else str(out).encode("utf-8")


# --- checks -------------------------------------------------------------------------------------


def check_read_only(text: str) -> str:
    """The query form of ``text``; HttpError 403 for an update or SERVICE, 400 for FROM or bad SPARQL.

    The decision comes from rdflib's SPARQL parser and algebra (:func:`kgtools.sandbox.check_query`),
    never from tokens, so no escape, comment or string can hide a SERVICE or an update.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise HttpError(413, f"query longer than {MAX_QUERY_LENGTH} characters")
    try:
        return _check_query(text)
    except (UpdateRefused, ServiceRefused) as error:
        raise HttpError(403, str(error)) from None
    except (DatasetRefused, QueryError) as error:
        raise HttpError(400, str(error)) from None


def _decode(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HttpError(400, f"{what} is not valid UTF-8 (byte {error.start})") from None


def parse_form(raw: bytes) -> dict[str, str]:
    """Fields of a query string or an ``application/x-www-form-urlencoded`` body; HttpError 400 for bad UTF-8.

    (``urllib.parse.parse_qsl`` and starlette replace invalid UTF-8 with U+FFFD silently.)
    """
    from urllib.parse import unquote_to_bytes

    fields: dict[str, str] = {}
    for part in raw.split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        name = _decode(unquote_to_bytes(key.replace(b"+", b" ")), "a parameter name")
        fields[name] = _decode(unquote_to_bytes(value.replace(b"+", b" ")), f"parameter {name!r}")
    return fields


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 by its Content-Length or as soon as more than ``limit`` bytes arrive."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise HttpError(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise HttpError(413, f"request body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpError(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# --- the application ------------------------------------------------------------------------------


def _work(kg: KnowledgeGraph, config: ServeConfig, job: tuple[Any, ...]) -> tuple[Any, ...]:
    """In a worker process: check and run one query, render it.

    Returns ``("answer", body, media, headers, rows, form)`` or ``("http", status, message, headers)``.
    """

    kind, accept, fmt = job[0], job[-2], job[-1]
    deadline = time.monotonic() + config.timeout
    form = "named"
    try:
        if kind == "sparql":
            text = job[1]
            form = check_read_only(text)
            media_kind = {"SELECT": "select", "ASK": "ask"}.get(form, "graph")
            media = negotiate(accept, fmt, media_kind)  # 406 before the work, not after
            solutions, truncated = query_bounded(kg.store, text, config.max_results, deadline)
        else:
            named = kg.queries.get(job[1])
            bindings = bind_parameters(named, job[2], lambda text: kg.term(text).iri)
            solutions = query_store(kg.store, named, bindings)
            truncated = solutions.kind == "select" and len(solutions.rows) > config.max_results
            if truncated:
                solutions = Solutions("select", solutions.variables, solutions.rows[: config.max_results])
            media = negotiate(accept, fmt, solutions.kind)
    except HttpError as error:
        return ("http", error.status, error.message, error.headers)
    except QueryTimeout:
        return ("http", 503, f"the query ran past the time limit of {config.timeout:g} s", {})
    except (UnknownQueryError, UnknownTermError) as error:
        return ("http", 404, str(error) or type(error).__name__, {})
    except KgError as error:
        return ("http", 400, str(error) or type(error).__name__, {})
    headers = {"Vary": "Accept"}
    if truncated:
        headers.update({"X-Result-Truncated": "true", "X-Max-Results": str(config.max_results)})
    rows = None
    if solutions.kind != "ask":
        rows = len(solutions.rows) if solutions.kind == "select" else len(solutions.graph or ())
    return ("answer", render(solutions, media), media, headers, rows, form)


def create_app(
    kg: KnowledgeGraph,
    *,
    timeout: float = 10.0,
    max_results: int = 10_000,
    workers: int = 4,
    memory_mb: int = WORKER_MEMORY_MB,
    max_body: int = MAX_BODY,
    routes: Sequence[Any] = (),
    pages: bool = True,
) -> Starlette:
    """The ASGI app serving ``kg`` read-only: the endpoint and, with ``pages``, the web pages (module docstring).

    Queries run in ``workers`` worker processes (:class:`kgtools.sandbox.WorkerPool`) forked here,
    each with no network and at most ``memory_mb`` MB of its own; ``app.state.pool`` is the pool.
    """
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    config = ServeConfig(timeout=timeout, max_results=max_results, workers=workers, memory_mb=memory_mb,
                         max_body=max_body)
    kg.index  # noqa: B018 - build the term index before the first request (and before the fork)
    kg.queries  # noqa: B018
    check_read_only("ASK {}")  # rdflib's SPARQL grammar is built once here, not in every fresh worker
    pool = WorkerPool(lambda job: _work(kg, config, job), size=workers, memory=memory_mb * 1024 * 1024)

    async def dispatch(request: Request, job: tuple[Any, ...]) -> Response:
        try:
            # the worker stops a streaming query itself at the deadline; the kill is for one still computing
            reply = await pool.run(job, config.timeout + 0.5, wait=config.timeout)
        except PoolBusy as error:
            raise HttpError(503, str(error), {"Retry-After": "5"}) from None
        except PoolTimeout:
            raise HttpError(503, f"the query ran past the time limit of {config.timeout:g} s") from None
        except WorkerDied:
            raise HttpError(503, f"the query needed more than the memory limit of {config.memory_mb} MB") from None
        status, value = reply
        if status == "memory":
            raise HttpError(503, f"the query needed more than the memory limit of {config.memory_mb} MB")
        if status == "error":
            log.error("query worker failed on %s: %s", request.url.path, value)
            raise HttpError(500, f"internal error: {value.split(':')[0]}")
        if value[0] == "http":
            raise HttpError(value[1], value[2], value[3])
        _, body, media, headers, rows, form = value
        request.state.form = form
        if rows is not None:
            request.state.rows = rows
        return Response(body, media_type=media, headers=headers)

    page_routes: list[Any] = []
    page_error = None
    if pages:
        page_routes, page_error = web_routes(kg, "/sparql"), error_page(kg, "/sparql")

    def error(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
        """JSON under JSON_PATHS (everywhere without pages); the pages' HTML error page elsewhere."""
        path = request.url.path
        if page_error is not None and not any(path == p or path.startswith(p + "/") for p in JSON_PATHS):
            return page_error(request, status, message)
        return JSONResponse({"error": " ".join(message.split()), "status": status}, status_code=status, headers=headers)

    async def sparql(request: Request) -> Response:
        params: dict[str, str]
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
            if ctype == "application/sparql-query":
                text = _decode(await read_body(request, config.max_body), "the query")
                params = parse_form(request.scope.get("query_string", b""))
            elif ctype == "application/x-www-form-urlencoded":
                params = parse_form(await read_body(request, config.max_body))
                if "update" in params:
                    raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
                text = params.get("query") or ""
            else:
                raise HttpError(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query")
        else:
            params = parse_form(request.scope.get("query_string", b""))
            if "update" in params:
                raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
            text = params.get("query") or ""
        if not text.strip():
            if request.method == "GET" and "query" not in params:
                return RedirectResponse(request.url_for("queries").path, 303) if pages else await home(request)
            raise HttpError(400, "missing query: give the SPARQL text in the 'query' parameter")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HttpError(400, "default-graph-uri and named-graph-uri are not supported: queries run over all graphs")
        if len(text) > MAX_QUERY_LENGTH:
            raise HttpError(413, f"query longer than {MAX_QUERY_LENGTH} characters")
        return await dispatch(request, ("sparql", text, request.headers.get("accept"), params.get("format")))

    async def named_list(request: Request) -> Response:
        return JSONResponse(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "parameters": [
                        {"name": p.name, "type": p.type, "optional": p.optional, "description": p.description}
                        for p in q.parameters
                    ],
                    "examples": examples(q),
                }
                for q in kg.queries
            ]
        )

    async def named_run(request: Request) -> Response:
        name = request.path_params["name"]
        query = parse_form(request.scope.get("query_string", b""))
        params = {k: v for k, v in query.items() if k != "format"}
        request.state.form = "named"
        return await dispatch(request, ("named", name, params, request.headers.get("accept"), query.get("format")))

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "engine": kg.engine, "triples": kg.store.count()})

    async def home(request: Request) -> Response:
        options = "".join(
            f'<li><a href="queries/{html.escape(q.name)}">{html.escape(q.name)}</a> {html.escape(q.title)}</li>'
            for q in kg.queries
        )
        return HTMLResponse(_HOME.format(queries=options, limit=config.max_results, timeout=config.timeout, xsco=XSCO))

    async def handle_http(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException):  # starlette's own: no route (404), wrong method (405)
            return error(request, exc.status_code, exc.detail, exc.headers)
        assert isinstance(exc, HttpError)
        return error(request, exc.status, exc.message, exc.headers)

    async def handle_kg(request: Request, exc: Exception) -> Response:
        status = 404 if isinstance(exc, UnknownQueryError) else 400
        if isinstance(exc, UnknownTermError):
            status = 404
        return error(request, status, str(exc) or type(exc).__name__)

    async def handle_internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error(request, 500, f"internal error: {type(exc).__name__}")

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        yield
        pool.close()  # running queries end at once: their workers are killed

    class LogRequests:
        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            start = time.perf_counter()
            status = [500]

            async def send_status(message: Any) -> None:
                if message["type"] == "http.response.start":
                    status[0] = message["status"]
                await send(message)

            try:
                await self.app(scope, receive, send_status)
            finally:
                state = scope.get("state", {})
                client = scope.get("client") or ("-", 0)
                log.info(
                    "%s %s %s %s form=%s rows=%s %.1fms",
                    client[0], scope["method"], scope["path"], status[0], state.get("form", "-"),
                    state.get("rows", "-"), (time.perf_counter() - start) * 1000,
                )

    app = Starlette(
        routes=[
            *routes,
            *(page_routes if pages else [Route("/", home, methods=["GET"])]),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", named_list, methods=["GET"]),
            Route("/queries/{name}", named_run, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
        middleware=[
            Middleware(LogRequests),
            # A public read-only endpoint: any origin may GET or POST (no cookies, no credentials), as
            # Fuseki, Virtuoso and QLever allow; preflight OPTIONS requests are answered here.
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type"], max_age=86400),
        ],
        lifespan=lifespan,
        exception_handlers={
            HttpError: handle_http, HTTPException: handle_http, KgError: handle_kg, Exception: handle_internal,
        },
    )
    app.state.kg = kg
    app.state.config = config
    app.state.pool = pool
    return app


def listening_socket(host: str, port: int) -> Any:
    """A TCP socket bound to ``host:port`` for uvicorn; OSError "cannot listen on HOST:PORT: ..." if taken.

    Connections accepted on a socket we bind ourselves keep Nagle's algorithm on (uvicorn turns it
    off only on sockets it creates); with keep-alive that adds a 40 ms delayed-ACK stall to every
    request after the first. Accepted sockets inherit TCP_NODELAY from the listener, so it is set here.
    """
    import socket

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def serve(
    kg: KnowledgeGraph,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 10.0,
    max_results: int = 10_000,
    workers: int = 4,
    memory_mb: int = WORKER_MEMORY_MB,
    max_body: int = MAX_BODY,
    pages: bool = True,
) -> None:
    """Serve :func:`create_app` with uvicorn until interrupted (port 0: any free one).

    The socket is bound first, so a port that cannot be had is one OSError ("cannot listen on
    HOST:PORT: Address already in use"), not a traceback from inside uvicorn. SIGTERM or Ctrl-C
    stop the server within about :data:`SHUTDOWN_GRACE` seconds: requests still waiting for a query
    are cut and the query workers killed.
    """
    import uvicorn

    sock = listening_socket(host, port)
    app = create_app(kg, timeout=timeout, max_results=max_results, workers=workers, memory_mb=memory_mb,
                     max_body=max_body, pages=pages)
    base = f"http://{f'[{host}]' if ':' in host else host}:{sock.getsockname()[1]}"
    log.info(
        "serving %d triples (%s): SPARQL at %s/sparql%s (Ctrl-C to stop)",
        kg.store.count(), kg.engine, base, f", web pages at {base}/" if pages else "",
    )
    config = uvicorn.Config(app, log_level="info", access_log=False, timeout_graceful_shutdown=SHUTDOWN_GRACE)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        app.state.pool.close()


_HOME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>XSCO SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}textarea{{width:100%;font-family:monospace}}</style>
</head><body>
<h1>XSCO SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code> (at most {limit} results, {timeout:g} s per query).</p>
<form action="sparql" method="get">
<textarea name="query" rows="12">PREFIX rdfs: &lt;http://www.w3.org/2000/01/rdf-schema#&gt;
PREFIX XSCO: &lt;{xsco}&gt;
SELECT ?type ?label WHERE {{
  ?type rdfs:subClassOf+ XSCO:0000001 ; rdfs:label ?label .
}} ORDER BY ?label</textarea>
<p><label>Format <select name="format"><option value="">(by Accept)</option><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option><option>turtle</option><option>ntriples</option></select></label>
<button type="submit">Run</button></p>
</form>
<h2>Named queries</h2><ul>{queries}</ul>
</body></html>
"""


# --- a server in a child process (tests, benchmarks, screenshot scripts) ---------------------------


def _die_with_parent() -> None:
    """In the child: a process group of its own, and (Linux) death with the parent, even on SIGKILL."""
    import ctypes
    import os
    import signal
    import sys

    os.setpgid(0, 0)
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def background(args: Sequence[str] = (), *, timeout: float = 60.0, log: str | None = None) -> Iterator[str]:
    """Run ``kgtools serve ARGS`` in a child process on a free 127.0.0.1 port; yield its base URL.

    Waits until ``/health`` answers (at most ``timeout`` seconds; :class:`~kgtools.EngineError`
    with the tail of the server's log otherwise) and stops the server by its PID on exit. The log
    (every request) goes to ``log`` or to a temporary file, never to a pipe that could fill up.
    """
    import socket
    import subprocess
    import sys
    import tempfile
    import time
    import urllib.request


    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "kgtools.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    sink = open(log, "wb") if log else tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    process = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                sink.flush()
                sink.seek(0)
                tail = " ".join(sink.read().decode(errors="replace").split()[-60:])
                raise EngineError(f"kgtools serve did not start on {url}: {tail}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        sink.close()
