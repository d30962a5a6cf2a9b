"""Load test of ``kgtools serve``: N concurrent clients running the named queries, on 127.0.0.1 only.

It starts ``kgtools serve`` on a free loopback port (or uses ``--url`` on 127.0.0.1), then N client
threads, each with its own keep-alive HTTP connection, send the named queries of the library with
their example parameters (``GET /queries/{name}``) and the same queries as SPARQL text
(``POST /sparql``) in turn, until ``--requests`` requests are done or ``--duration`` seconds passed.
Each answer must be 200 with as many rows as the same query gives locally; anything else counts as a
failure. Prints requests/s, p50/p90/p99 latency and failures (exit 1 when there are any).

    python benchmarks/load_test.py                    # 8 clients, 2000 requests, at most 60 s
    python benchmarks/load_test.py --clients 32 --requests 5000 --engine rdflib
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request

from kgtools.serve import background


def build_requests(engine: str) -> list[tuple[str, str, bytes | None, int]]:
    """(method, path, body, expected rows) for every named query and example, as GET /queries and POST /sparql."""
    import kgtools
    from kgtools.query import QueryLibrary, bind_parameters, examples
    from kgtools.sparql import bind_values

    kg = kgtools.load(engine=engine)
    out = []
    for named in QueryLibrary():
        for params in examples(named):
            expected = len(kg.query(named.name, **params).terms)
            out.append(("GET", f"/queries/{named.name}?{urllib.parse.urlencode(params)}", None, expected))
            bindings = bind_parameters(named, params, lambda text: kg.term(text).iri)
            text = bind_values(named.text, bindings) if bindings else named.text
            out.append(("POST", "/sparql", urllib.parse.urlencode({"query": text}).encode(), expected))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients (threads).")
    parser.add_argument("--requests", type=int, default=2000, help="Total requests (upper bound).")
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds (upper bound).")
    parser.add_argument("--engine", default="oxigraph", choices=["oxigraph", "rdflib"], help="Engine of the server.")
    parser.add_argument("--workers", type=int, default=4, help="Query workers of the server.")
    parser.add_argument("--url", default=None, help="Use a running server on 127.0.0.1 instead of starting one.")
    args = parser.parse_args()
    if args.clients < 1 or args.clients > 256 or args.requests < 1 or args.requests > 100_000:
        parser.error("keep it bounded: 1-256 clients, 1-100000 requests")

    requests = build_requests(args.engine)
    with contextlib.ExitStack() as stack:
        if args.url:
            parsed = urllib.parse.urlparse(args.url)
            if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
                parser.error("the load test only targets a server on 127.0.0.1")
            url = args.url.rstrip("/")
        else:
            url = stack.enter_context(background(["--engine", args.engine, "--workers", str(args.workers)]))
        return run_clients(args, requests, url)


def run_clients(args: argparse.Namespace, requests: list[tuple[str, str, bytes | None, int]], url: str) -> int:
    """Send the requests from ``args.clients`` threads; print throughput, latency and failures."""
    host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(args.requests))
    stop_at = time.monotonic() + args.duration

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        i = offset
        while time.monotonic() < stop_at:
            with lock:
                if next(counter, None) is None:
                    break
            method, path, body, expected = requests[i % len(requests)]
            i += 1
            headers = {"Accept": "application/sparql-results+json"}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - start
                rows = len(json.loads(data)["results"]["bindings"]) if response.status == 200 else -1
                problem = None if response.status == 200 and rows == expected else f"{response.status} {path[:60]} rows={rows}/{expected}"
            except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
                elapsed = time.perf_counter() - start
                problem = f"{type(error).__name__}: {error}"
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            with lock:
                latencies.append(elapsed)
                if problem:
                    failures.append(problem)
        conn.close()

    threads = [threading.Thread(target=client, args=(k * 3,)) for k in range(args.clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began

    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100) if len(ms) >= 2 else ms * 99
    print(f"kgtools serve load test: engine={args.engine} clients={args.clients} server workers={args.workers}")
    print(f"requests  {len(ms)} in {wall:.2f} s = {len(ms) / wall:.1f} requests/s")
    print(f"latency   p50 {q[49]:.1f} ms   p90 {q[89]:.1f} ms   p99 {q[98]:.1f} ms   max {ms[-1]:.1f} ms")
    print(f"failures  {len(failures)}")
    for problem in failures[:10]:
        print(f"  {problem}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
