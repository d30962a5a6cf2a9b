"""Load test of ``kgtools serve``: N concurrent clients running the named queries, on 127.0.0.1 only.

It starts ``kgtools serve`` on a free loopback port (or uses ``--url`` on 127.0.0.1), then N client
threads, each with its own keep-alive HTTP connection, send the named queries of the library with
their example parameters (``GET /queries/{name}``) and the same queries as SPARQL text
(``POST /sparql``) in turn, until ``--requests`` requests are done or ``--duration`` seconds passed.
Each answer must be 200 with as many rows as the same query gives locally; anything else counts as a
failure. Prints requests/s, p50/p90/p99 latency and failures (exit 1 when there are any).

With ``--hostile N`` (issue 15), N more clients attack the server while the normal ones run: slow
cartesian COUNTs and ORDER BYs (stopped at the server's time limit or memory cap), 500 MB bodies
announced by Content-Length, 20 MB bodies streamed without one, and SERVICE queries aimed at a
canary port on 127.0.0.1. Their answers must be 503, 413 or 403 (and the canary must see no
connection); the report gives the normal requests' p99 while the attack runs, which must stay under 1 s.

    python benchmarks/load_test.py                    # 8 clients, 2000 requests, at most 60 s
    python benchmarks/load_test.py --clients 32 --requests 5000 --engine rdflib
    python benchmarks/load_test.py --hostile 2 --timeout 3   # normal traffic under attack
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
    parser.add_argument("--hostile", type=int, default=0, help="Attacking clients mixed into the traffic (issue 15).")
    parser.add_argument("--timeout", type=float, default=None, help="The server's --timeout (seconds per query).")
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
            extra = ["--timeout", str(args.timeout)] if args.timeout else []
            url = stack.enter_context(background(["--engine", args.engine, "--workers", str(args.workers), *extra]))
        if not args.hostile:
            return run_clients(args, requests, url)
        hostile = Hostile(url, args.hostile)
        hostile.start()
        try:
            status = run_clients(args, requests, url)
        finally:
            hostile.stop()
        return max(status, hostile.report())


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
                problem = (
                    None
                    if response.status == 200 and rows == expected
                    else f"{response.status} {path[:60]} rows={rows}/{expected}"
                )
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
    if args.hostile:
        print(f"normal p99 under attack: {q[98]:.1f} ms ({'under' if q[98] < 1000 else 'NOT under'} 1 s)")
    print(f"failures  {len(failures)}")
    for problem in failures[:10]:
        print(f"  {problem}")
    return 1 if failures else 0


# --- hostile clients (issue 15) --------------------------------------------------------------------

CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CARTESIAN_ORDER = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f ?a ?d"


class Hostile:
    """Attacking clients: slow queries, huge bodies and SERVICE requests, until stopped."""

    def __init__(self, url: str, clients: int) -> None:
        import socket

        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.clients = clients
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.answers: dict[str, dict[int, int]] = {}
        self.unexpected: list[str] = []
        self.canary = socket.socket()
        self.canary.bind(("127.0.0.1", 0))
        self.canary.listen(8)
        self.canary.settimeout(0.2)
        self.canary_hits = 0
        self.threads: list[threading.Thread] = []

    def _record(self, kind: str, status: int, expected: tuple[int, ...]) -> None:
        with self.lock:
            self.answers.setdefault(kind, {})
            self.answers[kind][status] = self.answers[kind].get(status, 0) + 1
            if status not in expected:
                self.unexpected.append(f"{kind}: {status}")

    def _send(self, kind: str, path: str, body: object = None, headers: dict[str, str] | None = None,
              expected: tuple[int, ...] = (503,)) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            conn.request("POST" if body is not None else "GET", path, body=body, headers=headers or {},
                         encode_chunked=headers is not None and "Content-Length" not in headers and body is not None
                         and not isinstance(body, bytes))
            status = conn.getresponse().status
        except (BrokenPipeError, ConnectionResetError):
            status = 413 if kind.startswith("body") else 0  # the server answered and closed mid-upload
        except (OSError, http.client.HTTPException):
            status = 0
        finally:
            conn.close()
        self._record(kind, status, expected)

    def _announced_body(self) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.putrequest("POST", "/sparql")
            conn.putheader("Content-Type", "application/sparql-query")
            conn.putheader("Content-Length", str(500_000_000))
            conn.endheaders()
            conn.send(b"ASK {}" + b" " * 65536)
            status = conn.getresponse().status
        except (OSError, http.client.HTTPException):
            status = 0
        finally:
            conn.close()
        self._record("body 500 MB (Content-Length)", status, (413,))

    def _attacker(self, k: int) -> None:
        service = (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{self.canary.getsockname()[1]}/sparql> {{ ?s ?p ?o }} }}"
        )
        i = k
        while not self.done.is_set():
            step = i % 5
            i += 1
            if step == 0:
                self._send("slow COUNT", "/sparql?" + urllib.parse.urlencode({"query": CARTESIAN_COUNT}))
            elif step == 1:
                self._send("slow ORDER BY", "/sparql?" + urllib.parse.urlencode({"query": CARTESIAN_ORDER}))
            elif step == 2:
                self._announced_body()
            elif step == 3:
                chunks = (b"#" * 1_000_000 for _ in range(20))
                self._send("body 20 MB (streamed)", "/sparql", chunks,
                           {"Content-Type": "application/sparql-query"}, (413,))
            else:
                self._send("SERVICE", "/sparql?" + urllib.parse.urlencode({"query": service}), expected=(403,))

    def _listen(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.canary.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.close()
            self.canary_hits += 1

    def start(self) -> None:
        self.threads = [threading.Thread(target=self._listen)]
        self.threads += [threading.Thread(target=self._attacker, args=(k,)) for k in range(self.clients)]
        for t in self.threads:
            t.start()
        time.sleep(1)  # the attack is under way before the normal clients start

    def stop(self) -> None:
        self.done.set()
        for t in self.threads:
            t.join()
        self.canary.close()

    def report(self) -> int:
        """Print what the attackers got; 1 when any answer was not the expected refusal."""
        print(f"hostile   {self.clients} clients mixed in: " + "; ".join(
            f"{kind} " + ", ".join(f"{n}x{status}" for status, n in sorted(by.items()))
            for kind, by in sorted(self.answers.items())))
        print(f"canary    {self.canary_hits} outbound connections (must be 0)")
        for problem in self.unexpected[:10]:
            print(f"  unexpected {problem}")
        return 1 if self.unexpected or self.canary_hits else 0


if __name__ == "__main__":
    sys.exit(main())
