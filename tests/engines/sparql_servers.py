"""Start real SPARQL servers (Virtuoso, Oxigraph) on 127.0.0.1 with temporary databases, and stop them by PID.

Each server gets a fresh folder and free loopback
ports, runs in its own process group with PR_SET_PDEATHSIG (it dies with the test process even on
SIGKILL), is polled with ``ASK {}`` until ready (with a deadline), and is stopped with SIGTERM, then
SIGKILL. XSCO is loaded into the graph ``https://w3id.org/xsco/graph/asserted``; Virtuoso's default
graph is the union of all graphs, Oxigraph is started with ``--union-default-graph``.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ASSERTED = "https://w3id.org/xsco/graph/asserted"


class ServerUnavailable(RuntimeError):
    """The server binary is not installed."""


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    folder: Path
    log: Path
    extra: dict = field(default_factory=dict)

    def stop(self) -> None:
        """Stop the server by its PID: SIGTERM, wait, then SIGKILL."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _die_with_parent() -> None:  # runs in the child before exec
    os.setpgid(0, 0)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _tail(path: Path, n: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def wait_ready(url: str, process: subprocess.Popen, log: Path, deadline_s: float = 60.0) -> None:
    """Poll ``url?query=ASK{}`` until it answers 200; raise with the log's tail if the server dies or times out."""
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server at {url} not ready after {deadline_s} s:\n{_tail(log)}")


def _popen(args: list[str], log: Path, cwd: Path) -> subprocess.Popen:
    handle = open(log, "ab")  # noqa: SIM115 - owned by the child
    try:
        return subprocess.Popen(
            args,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            preexec_fn=_die_with_parent,
        )
    finally:
        handle.close()


# --- Oxigraph ------------------------------------------------------------------------------------


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise ServerUnavailable("the Oxigraph server (PyPI package 'oxigraph') is not installed")
    return found


def start_oxigraph(folder: Path, data: list[Path], graph: str = ASSERTED) -> Server:
    """Bulk-load ``data`` into ``graph`` of a fresh on-disk store, then serve it read-only (union default graph)."""
    binary = oxigraph_binary()
    db = folder / "db"
    log = folder / "oxigraph.log"
    for path in data:
        subprocess.run(
            [binary, "load", "--location", str(db), "--file", str(path), "--graph", graph],
            check=True,
            capture_output=True,
            timeout=120,
        )
    last: Exception | None = None
    for _ in range(3):
        (port,) = free_ports(1)
        process = _popen(
            [binary, "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            log,
            folder,
        )
        url = f"http://127.0.0.1:{port}/query"
        try:
            wait_ready(url, process, log, 30)
            return Server("oxigraph", url, process, folder, log)
        except RuntimeError as error:
            last = error
            Server("oxigraph", url, process, folder, log).stop()
    raise RuntimeError(f"could not start the Oxigraph server: {last}")


# --- Virtuoso ------------------------------------------------------------------------------------

_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
EnabledDavVSP = 0
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


def virtuoso_binaries() -> tuple[str, str]:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not server or not isql:
        raise ServerUnavailable("Virtuoso is not installed (Debian package virtuoso-opensource-7-bin)")
    return server, isql


def isql(server: Server, sql: str) -> str:
    """Run SQL through isql-vt; raise on '*** Error' (isql-vt exits 0 on SQL errors)."""
    _, binary = virtuoso_binaries()
    last = ""
    for _ in range(50):  # HTTP can answer a moment before the SQL port
        done = subprocess.run(
            [binary, f"127.0.0.1:{server.extra['sql_port']}", "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        last = done.stdout + done.stderr
        if done.returncode == 0 and "*** Error" not in last:
            return last
        if done.returncode == 0:
            raise RuntimeError(f"isql-vt failed: {last.strip()[-500:]}")
        time.sleep(0.1)
    raise RuntimeError(f"isql-vt could not connect: {last.strip()[-500:]}")


def start_virtuoso(folder: Path, data: list[Path], graph: str = ASSERTED) -> Server:
    """Start Virtuoso on a fresh database in ``folder`` and load ``data`` (Turtle) into ``graph``."""
    binary, _ = virtuoso_binaries()
    last: Exception | None = None
    for attempt in range(3):  # a busy port makes Virtuoso exit: retry with new ports in a new folder
        vdir = folder / f"run{attempt}"
        vdir.mkdir(parents=True, exist_ok=True)
        sql_port, http_port = free_ports(2)
        (vdir / "virtuoso.ini").write_text(_INI.format(dir=vdir, sql=sql_port, http=http_port))
        log = vdir / "stdout.log"
        process = _popen([binary, "+foreground", "+configfile", str(vdir / "virtuoso.ini")], log, vdir)
        url = f"http://127.0.0.1:{http_port}/sparql"
        server = Server("virtuoso", url, process, vdir, log, {"sql_port": sql_port})
        try:
            wait_ready(url, process, log, 60)
        except RuntimeError as error:
            last = error
            server.stop()
            continue
        try:
            for path in data:
                copy = vdir / path.name
                shutil.copyfile(path, copy)
                isql(server, f"DB.DBA.TTLP(file_to_string_output('{copy}'), '', '{graph}', 0); checkpoint;")
        except BaseException:
            server.stop()
            raise
        return server
    raise RuntimeError(f"could not start Virtuoso: {last}")
