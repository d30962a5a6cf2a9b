"""Helpers for the security suite (issue 15): real ``kgtools serve`` processes on 127.0.0.1, a canary listener.

Every server runs in a child process of its own, on a free loopback port, and is stopped by its PID.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def tree(self) -> list[int]:
        """The server's PID and those of its descendants (the zygote and the query workers)."""
        return [self.process.pid, *descendants(self.process.pid)]


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def pss_kb(pids: list[int]) -> int:
    """Proportional set size of the processes (shared pages counted once in total), kB."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
    return total


@contextlib.contextmanager
def serve(*args: str, timeout: float = 120.0) -> Iterator[Server]:
    """``kgtools serve ARGS`` on a free loopback port until /health answers; killed (group) on exit."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="kgtools-security-", suffix=".log")[1])
    cmd = [sys.executable, "-m", "kgtools.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with open(log, "wb") as sink:
        process = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError), urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"kgtools serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield Server(url, process, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.unlink(missing_ok=True)


@dataclass
class Canary:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    port: int
    hits: list[bytes] = field(default_factory=list)


@pytest.fixture()
def canary() -> Iterator[Canary]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    found = Canary(listener.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    found.hits.append(conn.recv(4096))
                except OSError:
                    found.hits.append(b"")
                # answer like a SPARQL endpoint, so that a leak would also show rows
                with contextlib.suppress(OSError):
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: 64\r\n\r\n"
                                 b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"LEAK"}}]}}'[:64])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    listener.close()
    thread.join(timeout=5)
