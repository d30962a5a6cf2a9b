"""Load test of ``kgtools serve``: N concurrent clients running the named queries, on 127.0.0.1 only.

It starts ``kgtools serve`` on a free loopback port (or uses ``--url`` on 127.0.0.1), then N client
threads, each with its own keep-alive HTTP connection, send the named queries of the library with
their example parameters (``GET /queries/{name}``) and the same queries as SPARQL text
(``POST /sparql``) in turn, until ``--requests`` requests are done or ``--duration`` seconds passed.
Each answer must be 200 with as many rows as the same query gives locally; anything else counts as a
failure. Prints requests/s, p50/p90/p95/p99 latency, the load average and failures (exit 1 when
there are any).

With ``--differential N`` (issue 19) the clients ask the ranked ``/differential`` web page instead:
N different findings (each a site of the form, with an elevated calcium-phosphate status and a
disorder; the first is the web benchmark's finding), in turn. The server ranks and renders each
finding once and keeps the page, so the first N requests are cold and the rest are answered from
memory; each answer must be 200 with ranked candidates. The goal is p99 < 1 s with 32 clients.

With ``--hostile N`` (issue 15), N more clients attack the server while the normal ones run: slow
cartesian COUNTs and ORDER BYs (stopped at the server's time limit or memory cap), 500 MB bodies
announced by Content-Length, 20 MB bodies streamed without one, and SERVICE queries aimed at a
canary port on 127.0.0.1. Their answers must be 503, 413 or 403 (and the canary must see no
connection); the report gives the normal requests' p99 while the attack runs, which must stay under 1 s.

    python benchmarks/load_test.py                    # 8 clients, 2000 requests, at most 60 s
    python benchmarks/load_test.py --clients 32 --requests 5000 --engine rdflib
    python benchmarks/load_test.py --hostile 2 --timeout 3   # normal traffic under attack
    python benchmarks/load_test.py --differential 20 --clients 32 --requests 3000   # the ranked web page
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
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


DIFFERENTIAL_FINDING = "/differential?site=UBERON:0002097&status=XSCO:0000013&disorder=XSCO:0000051"


def differential_requests(count: int) -> list[tuple[str, str, bytes | None, int]]:
    """GET /differential for ``count`` different findings (the web benchmark's first); rows -1: an HTML page."""
    import kgtools
    from kgtools.prefixes import compress
    from kgtools.web import form_choices

    sites = [compress(t.iri) for t in form_choices(kgtools.load())["site"] if compress(t.iri) != "UBERON:0002097"]
    step = max(1, len(sites) // max(1, count - 1))
    paths = [DIFFERENTIAL_FINDING] + [
        f"/differential?site={curie}&status=XSCO:0000013&disorder=XSCO:0000051" for curie in sites[::step]
    ]
    return [("GET", path, None, -1) for path in paths[:count]]


def _check(status: int, path: str, data: bytes, expected: int) -> str | None:
    """None when the answer is right: an HTML page with ranked candidates, or the expected rows."""
    if expected < 0:
        return None if status == 200 and b'class="candidate' in data else f"{status} {path[:60]} (no candidates)"
    rows = len(json.loads(data)["results"]["bindings"]) if status == 200 else -1
    return None if status == 200 and rows == expected else f"{status} {path[:60]} rows={rows}/{expected}"


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
    parser.add_argument("--differential", type=int, default=0, metavar="N",
                        help="Ask the ranked /differential page for N different findings instead of queries.")
    args = parser.parse_args()
    if args.clients < 1 or args.clients > 256 or args.requests < 1 or args.requests > 100_000:
        parser.error("keep it bounded: 1-256 clients, 1-100000 requests")

    requests = differential_requests(args.differential) if args.differential else build_requests(args.engine)
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
    timeline: list[tuple[float, float, str]] = []  # (start, end, path) of each request
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
                problem = _check(response.status, path, data, expected)
            except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
                elapsed = time.perf_counter() - start
                problem = f"{type(error).__name__}: {error}"
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            with lock:
                latencies.append(elapsed)
                timeline.append((start, start + elapsed, path))
                if problem:
                    failures.append(problem)
        conn.close()

    threads = [threading.Thread(target=client, args=(k * 3,)) for k in range(args.clients)]
    load_before = os.getloadavg()
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began

    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100) if len(ms) >= 2 else ms * 99
    what = f"/differential, {len(requests)} findings" if args.differential else "named queries and SPARQL"
    print(f"kgtools serve load test: {what}; engine={args.engine} clients={args.clients} "
          f"server workers={args.workers} on {os.cpu_count()} cores")
    print(f"requests  {len(ms)} in {wall:.2f} s = {len(ms) / wall:.1f} requests/s")
    print(f"latency   p50 {q[49]:.1f} ms   p90 {q[89]:.1f} ms   p95 {q[94]:.1f} ms   p99 {q[98]:.1f} ms"
          f"   max {ms[-1]:.1f} ms")
    after = os.getloadavg()
    print(f"load average before {' '.join(f'{x:.2f}' for x in load_before)}, "
          f"after {' '.join(f'{x:.2f}' for x in after)}")
    if args.differential:
        print(f"differential p99 {q[98]:.1f} ms ({'under' if q[98] < 1000 else 'NOT under'} 1 s)")
        _cold_and_kept(timeline)
    if args.hostile:
        print(f"normal p99 under attack: {q[98]:.1f} ms ({'under' if q[98] < 1000 else 'NOT under'} 1 s)")
    print(f"failures  {len(failures)}")
    for problem in failures[:10]:
        print(f"  {problem}")
    return 1 if failures else 0


def _cold_and_kept(timeline: list[tuple[float, float, str]]) -> None:
    """Latency split: requests started before every finding had its first answer (ranked and
    rendered under load) and those after it (answered from the server's kept pages)."""
    first: dict[str, float] = {}
    for _, end, path in timeline:
        first[path] = min(end, first.get(path, end))
    warm_at = max(first.values())
    start = min(t[0] for t in timeline)
    cold = sorted((end - s) * 1000 for s, end, _ in timeline if s < warm_at)
    kept = sorted((end - s) * 1000 for s, end, _ in timeline if s >= warm_at)
    print(f"cold      {len(cold)} requests in the first {warm_at - start:.2f} s (until every finding was "
          f"answered once): median {statistics.median(cold):.1f} ms, max {cold[-1]:.1f} ms")
    if len(kept) >= 2:
        k = statistics.quantiles(kept, n=100)
        print(f"kept      {len(kept)} requests after that: p50 {k[49]:.1f} ms   p99 {k[98]:.1f} ms   "
              f"max {kept[-1]:.1f} ms")


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
