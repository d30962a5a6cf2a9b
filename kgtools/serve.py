"""``kgtools serve``: the read-only SPARQL 1.1 endpoint and the web pages, in one ASGI app (starlette).

``create_app(kg)`` builds the application; :func:`serve` runs it with uvicorn. Routes:

* ``GET|POST /sparql`` - the SPARQL 1.1 Protocol: ``query`` as a URL parameter (GET), as a form
  field (POST ``application/x-www-form-urlencoded``) or as the body (POST ``application/sparql-query``).
  Results by content negotiation (``Accept``) or ``format=``: SPARQL JSON (default), XML, CSV, TSV for
  SELECT and ASK; Turtle (default), N-Triples, RDF/XML, JSON-LD for CONSTRUCT and DESCRIBE, all written
  by the store's serialisers with the package prefixes (:mod:`kgtools.sparql_protocol`).
  ``default-graph-uri`` / ``named-graph-uri`` (repeatable) choose the dataset, by the published graph
  IRIs (or asserted/inferred/data/hpo). ``GET /sparql`` without a query and with an RDF ``Accept``
  (``text/turtle``, ``application/ld+json``, ``application/rdf+xml``) answers the SPARQL 1.1 Service
  Description (docs/endpoint.md).
* ``GET /queries`` - the named queries with their parameters and examples (JSON);
  ``GET /queries/{name}?param=value`` runs one with its parameters bound as RDF terms.
* ``GET /health`` - liveness and triple count.
* With ``pages=True`` (the default): the web pages of :func:`kgtools.web.web_routes` (``/`` browse,
  ``/search``, ``/api/search``, ``/term/...``, ``/differential``, ``/query`` whose SPARQL form posts
  to ``/sparql``); ``GET /sparql`` without a query redirects a browser to ``/query``. With ``pages=False``
  (endpoint only): a small HTML query form at ``/`` and at ``GET /sparql`` without a query.

Safety (limits and options in ``docs/serve.md``): the endpoint is read-only, decided from
rdflib's parse of the query (:func:`kgtools.sandbox.check_query`): SPARQL Update (``update=``,
``application/sparql-update`` or an update in ``query``) and ``SERVICE`` are refused with 403,
``FROM`` / ``FROM NAMED`` in the query text with 400 (name the dataset with the protocol's parameters).
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

from . import sparql_protocol as protocol
from .errors import EngineError, KgError, QueryError, UnknownQueryError, UnknownTermError
from .query import bind_parameters, examples, internal_query
from .query import run_query as query_store
from .sandbox import DatasetRefused, PoolBusy, PoolTimeout, ServiceRefused, UpdateRefused, WorkerDied, WorkerPool
from .sandbox import check_query as _check_query
from .store import GRAPHS, QueryTimeout, Solutions, query_bounded
from .web import error_page, warm, web_routes

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from .kg import KnowledgeGraph

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "ServeConfig", "background", "create_app", "serve"]

log = logging.getLogger("kgtools.serve")

# The media types the endpoint answers with (kgtools.sparql_protocol; kept here for callers of serve).
RESULT_TYPES = protocol.RESULT_TYPES
GRAPH_TYPES = protocol.GRAPH_TYPES
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


# --- content negotiation and serialisation: kgtools.sparql_protocol (pyoxigraph's serialisers) -----


def negotiate(accept: str | None, format: str | None, kind: str) -> str:
    """The media type to answer a result of ``kind`` with (:func:`kgtools.sparql_protocol.negotiate`).

    HttpError 406 if none fits."""
    try:
        return protocol.negotiate(accept, format, kind)
    except protocol.NotAcceptable as error:
        raise HttpError(406, str(error)) from None


def render(solutions: Solutions, media: str) -> bytes:
    """Serialise solutions as ``media`` (:func:`kgtools.sparql_protocol.render`, pyoxigraph's serialisers)."""
    return protocol.render(solutions, media)


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


def parse_pairs(raw: bytes) -> list[tuple[str, str]]:
    """The fields of a query string or an ``application/x-www-form-urlencoded`` body, in order and with
    repeats (``default-graph-uri`` may come several times); HttpError 400 for bad UTF-8.

    (``urllib.parse.parse_qsl`` and starlette replace invalid UTF-8 with U+FFFD silently.)
    """
    from urllib.parse import unquote_to_bytes

    pairs: list[tuple[str, str]] = []
    for part in raw.split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        name = _decode(unquote_to_bytes(key.replace(b"+", b" ")), "a parameter name")
        pairs.append((name, _decode(unquote_to_bytes(value.replace(b"+", b" ")), f"parameter {name!r}")))
    return pairs


def parse_form(raw: bytes) -> dict[str, str]:
    """The fields of a query string or a form body as a dict (the last of a repeated field wins)."""
    return dict(parse_pairs(raw))


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


# --- the work of a query worker -------------------------------------------------------------------


def _solve(kg: KnowledgeGraph, config: ServeConfig, job: tuple[Any, ...]) -> tuple[Solutions, bool, str, str]:
    """Check and run the query of ``job``; (solutions, truncated, media type, query form)."""
    kind, accept, fmt = job[0], job[-2], job[-1]
    if kind == "sparql":
        text, graphs = job[1], job[2]
        form = check_read_only(text)
        media = negotiate(accept, fmt, {"SELECT": "select", "ASK": "ask"}.get(form, "graph"))  # 406 before the work
        solutions, truncated = query_bounded(kg.store, text, config.max_results, time.monotonic() + config.timeout,
                                             dataset=graphs)
        return solutions, truncated, media, form
    named = kg.queries.get(job[1])
    bindings = bind_parameters(named, job[2], lambda text: kg.term(text).iri)
    solutions = query_store(kg.store, named, bindings)
    truncated = solutions.kind == "select" and len(solutions.rows) > config.max_results
    if truncated:
        solutions = Solutions("select", solutions.variables, solutions.rows[: config.max_results])
    return solutions, truncated, negotiate(accept, fmt, solutions.kind), "named"


def _work(kg: KnowledgeGraph, config: ServeConfig, job: tuple[Any, ...]) -> tuple[Any, ...]:
    """In a worker process: check and run one query, render it.

    ``job`` is ``("sparql", text, dataset, accept, format)`` (``dataset``: the default and named
    graph IRIs, or None for the union of all graphs) or ``("named", name, params, accept, format)``.
    Returns ``("answer", body, media, headers, rows, form)`` or ``("http", status, message, headers)``.
    """
    try:
        solutions, truncated, media, form = _solve(kg, config, job)
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


# --- route handlers (the app's state: kg, config, pool, pages, page_error) -------------------------


async def _dispatch(request: Request, job: tuple[Any, ...]) -> Response:
    """Run ``job`` in a worker of the app's pool and answer with its result (HttpError for its failures)."""
    from starlette.responses import Response

    state = request.app.state
    config: ServeConfig = state.config
    try:
        # the worker stops a streaming query itself at the deadline; the kill is for one still computing
        reply = await state.pool.run(job, config.timeout + 0.5, wait=config.timeout)
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


async def _sparql_request(request: Request, limit: int) -> tuple[str | None, list[tuple[str, str]]]:
    """The query text (None when there is no ``query`` parameter) and every protocol parameter of a request.

    Parameters come from the URL and, for a form POST, from the body; updates are refused with 403
    and other POST bodies with 415.
    """
    pairs = parse_pairs(request.scope.get("query_string", b""))
    text: str | None = None
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
        if ctype == "application/sparql-query":
            text = _decode(await read_body(request, limit), "the query")
        elif ctype == "application/x-www-form-urlencoded":
            pairs += parse_pairs(await read_body(request, limit))
        else:
            raise HttpError(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query")
    names = {key for key, _ in pairs}
    if "update" in names:
        raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
    if text is None and "query" in names:
        text = dict(pairs)["query"]
    return text, pairs


def _service_description(request: Request, media: str) -> Response:
    """The SPARQL 1.1 Service Description (graph sizes counted once: the served graph does not change)."""
    from starlette.responses import Response

    state = request.app.state
    if state.graph_sizes is None:
        state.graph_sizes = {iri: state.kg.store.count(iri) for iri in GRAPHS.values()}
    body = protocol.service_description(str(request.url.replace(query="")), state.graph_sizes, media)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


async def _sparql(request: Request) -> Response:
    """``GET|POST /sparql``: the SPARQL 1.1 Protocol (module docstring)."""
    from starlette.responses import RedirectResponse

    state = request.app.state
    text, pairs = await _sparql_request(request, state.config.max_body)
    if text is None and request.method == "GET":
        described = protocol.wants_description(request.headers.get("accept"))
        if described:
            return _service_description(request, described)
        return RedirectResponse(request.url_for("queries").path, 303) if state.pages else await _home(request)
    if not (text or "").strip():
        raise HttpError(400, "missing query: give the SPARQL text in the 'query' parameter")
    assert text is not None
    if len(text) > MAX_QUERY_LENGTH:
        raise HttpError(413, f"query longer than {MAX_QUERY_LENGTH} characters")
    try:
        chosen = protocol.dataset(pairs)  # default-graph-uri / named-graph-uri (SPARQL 1.1 Protocol 2.1.4)
    except KgError as error:
        raise HttpError(400, str(error)) from None
    graphs = (chosen.default, chosen.named) if chosen else None
    fmt = dict(pairs).get("format")
    return await _dispatch(request, ("sparql", text, graphs, request.headers.get("accept"), fmt))


async def _named_list(request: Request) -> Response:
    """``GET /queries``: the named queries with their parameters and examples."""
    from starlette.responses import JSONResponse

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
            for q in request.app.state.kg.queries
        ]
    )


async def _named_run(request: Request) -> Response:
    """``GET /queries/{name}?param=value``: run one named query."""
    name = request.path_params["name"]
    query = parse_form(request.scope.get("query_string", b""))
    params = {k: v for k, v in query.items() if k != "format"}
    request.state.form = "named"
    return await _dispatch(request, ("named", name, params, request.headers.get("accept"), query.get("format")))


async def _health(request: Request) -> Response:
    """``GET /health``: liveness, engine and triple count."""
    from starlette.responses import JSONResponse

    kg = request.app.state.kg
    return JSONResponse({"status": "ok", "engine": kg.engine, "triples": kg.store.count()})


async def _home(request: Request) -> Response:
    """The endpoint-only app's query form (``/`` and ``GET /sparql`` without a query)."""
    from starlette.responses import HTMLResponse

    state = request.app.state
    options = "".join(
        f'<li><a href="queries/{html.escape(q.name)}">{html.escape(q.name)}</a> {html.escape(q.title)}</li>'
        for q in state.kg.queries
    )
    config: ServeConfig = state.config
    example = html.escape(internal_query("endpoint-example"))
    page = _HOME.format(queries=options, limit=config.max_results, timeout=config.timeout, example=example)
    return HTMLResponse(page)


def _error(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """JSON under JSON_PATHS (everywhere without pages); the pages' HTML error page elsewhere."""
    from starlette.responses import JSONResponse

    path = request.url.path
    page_error = request.app.state.page_error
    if page_error is not None and not any(path == p or path.startswith(p + "/") for p in JSON_PATHS):
        return page_error(request, status, message)
    return JSONResponse({"error": " ".join(message.split()), "status": status}, status_code=status, headers=headers)


async def _handle_http(request: Request, exc: Exception) -> Response:
    from starlette.exceptions import HTTPException

    if isinstance(exc, HTTPException):  # starlette's own: no route (404), wrong method (405)
        return _error(request, exc.status_code, exc.detail, exc.headers)
    assert isinstance(exc, HttpError)
    return _error(request, exc.status, exc.message, exc.headers)


async def _handle_kg(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, (UnknownQueryError, UnknownTermError)) else 400
    return _error(request, status, str(exc) or type(exc).__name__)


async def _handle_internal(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path)
    return _error(request, 500, f"internal error: {type(exc).__name__}")


@contextlib.asynccontextmanager
async def _lifespan(app: Any) -> Any:
    yield
    app.state.pool.close()  # running queries end at once: their workers are killed


class LogRequests:
    """ASGI middleware: one log line per request (method, path, status, query form, rows, milliseconds)."""

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


# --- the application ------------------------------------------------------------------------------


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
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    config = ServeConfig(timeout=timeout, max_results=max_results, workers=workers, memory_mb=memory_mb,
                         max_body=max_body)
    kg.index  # noqa: B018 - build the term index before the first request (and before the fork)
    kg.queries  # noqa: B018
    check_read_only("ASK {}")  # rdflib's SPARQL grammar is built once here, not in every fresh worker
    pool = WorkerPool(lambda job: _work(kg, config, job), size=workers, memory=memory_mb * 1024 * 1024)
    app = Starlette(
        routes=[
            *routes,
            *(web_routes(kg, "/sparql") if pages else [Route("/", _home, methods=["GET"])]),
            Route("/sparql", _sparql, methods=["GET", "POST"]),
            Route("/queries", _named_list, methods=["GET"]),
            Route("/queries/{name}", _named_run, methods=["GET"]),
            Route("/health", _health, methods=["GET"]),
        ],
        middleware=[
            Middleware(LogRequests),
            # A public read-only endpoint: any origin may GET or POST (no cookies, no credentials), as
            # Fuseki, Virtuoso and QLever allow; preflight OPTIONS requests are answered here.
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type"], max_age=86400),
        ],
        lifespan=_lifespan,
        exception_handlers={
            HttpError: _handle_http, HTTPException: _handle_http, KgError: _handle_kg, Exception: _handle_internal,
        },
    )
    app.state.kg = kg
    app.state.config = config
    app.state.pool = pool
    app.state.pages = pages
    app.state.page_error = error_page(kg, "/sparql") if pages else None
    app.state.graph_sizes = None
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
    if pages:
        warm(kg)  # before the query workers fork: they share it, and the first page is not slow
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
<textarea name="query" rows="12">{example}</textarea>
<p><label>Format <select name="format"><option value="">(by Accept)</option><option>json</option><option>xml</option>
<option>csv</option><option>tsv</option><option>turtle</option><option>ntriples</option><option>rdfxml</option>
<option>jsonld</option></select></label>
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
