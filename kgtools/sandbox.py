"""Running untrusted SPARQL safely: a read-only check from a real parse, and worker processes that can be killed.

Two layers keep ``kgtools serve`` (and ``kgtools query``) from being turned against the network:

* :func:`check_query` decides what a query does from rdflib's SPARQL parser and algebra (not from
  tokens): updates, ``SERVICE`` anywhere (sub-selects, ``EXISTS``, ``OPTIONAL``, ``MINUS``) and
  ``FROM`` / ``FROM NAMED`` are found in the parsed query whatever comments, escapes or strings
  surround them. Text that rdflib cannot parse is refused (fail closed).
* :class:`WorkerPool` runs queries in forked worker processes that cannot open an Internet socket at
  all (:func:`forbid_network`, a seccomp filter: ``socket(AF_INET/AF_INET6/...)`` fails with
  EACCES, only AF_UNIX is allowed), with an address-space cap (``RLIMIT_AS``). A query past its
  time limit is stopped by killing its worker (its memory goes back to the system at once) and the
  pool forks a fresh one; the web pages, which run in the server process, never wait for a query.
  A query still running after :data:`DEMOTE_AFTER` seconds drops to nice 19, so that short
  queries keep the CPU while it runs.

Workers are forked from a *zygote*: a process forked once, right after the graph was loaded and
before the server starts any thread, that forks workers on request and hands their socket to the
server (``SCM_RIGHTS``). Forking the workers from the threaded server itself could copy a lock
held by another thread into the child. The zygote and the workers die with the server
(``PR_SET_PDEATHSIG``) even when it is killed with SIGKILL.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import signal
import socket
import stat
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .errors import QueryError
from .fileio import pid_alive
from .memo import Memo

__all__ = [
    "DatasetRefused",
    "PoolBusy",
    "PoolTimeout",
    "ServiceRefused",
    "UpdateRefused",
    "WorkerDied",
    "WorkerPool",
    "check_offline",
    "check_query",
    "die_with_parent",
    "forbid_network",
    "java_wrapper",
    "limit_memory",
    "private_tempdir",
]


# --- the read-only check ---------------------------------------------------------------------------


class UpdateRefused(QueryError):
    """The text is a SPARQL Update."""


class ServiceRefused(QueryError):
    """The query contains SERVICE (a federated query: an outbound request)."""


class DatasetRefused(QueryError):
    """The query names its dataset with FROM or FROM NAMED."""


_PARSE_LOCK = threading.Lock()  # rdflib's parser (pyparsing) is not thread-safe
#: Query texts whose check is remembered (by SHA-256): rdflib's parse takes ~56 ms a query and runs one
#: at a time, which capped the endpoint at ~50 requests/s with 8 clients sending the same queries.
CHECKED_QUERIES = 4096
_CHECKED: Memo[tuple[str, type[QueryError] | None, str]] = Memo(CHECKED_QUERIES)


def _names(node: Any) -> set[str]:
    """The names of every CompValue (parse tree or algebra node) reachable from ``node``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            names.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))
    return names


def check_query(text: str, *, allow_service: bool = False, allow_dataset: bool = False) -> str:
    """The form of SPARQL ``text`` (SELECT, ASK, CONSTRUCT, DESCRIBE) from a real parse.

    Raises :class:`UpdateRefused` for an update, :class:`ServiceRefused` for SERVICE (unless
    ``allow_service``), :class:`DatasetRefused` for FROM / FROM NAMED (unless ``allow_dataset``)
    and :class:`~kgtools.errors.QueryError` for text that does not parse. The answer for a text is
    remembered (:data:`CHECKED_QUERIES` texts, least recently used dropped), refusals included.
    """
    key = (hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest(), allow_service, allow_dataset)
    form, refused, message = _CHECKED.get(key, lambda: _checked(text, allow_service, allow_dataset))
    if refused is not None:
        raise refused(message)  # a new exception each time (raising a kept one would grow its traceback)
    return form


def _checked(text: str, allow_service: bool, allow_dataset: bool) -> tuple[str, type[QueryError] | None, str]:
    try:
        return _parse_and_check(text, allow_service, allow_dataset), None, ""
    except QueryError as error:
        return "", type(error), str(error)


def _parse_and_check(text: str, allow_service: bool, allow_dataset: bool) -> str:
    import logging

    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    term_log = logging.getLogger("rdflib.term")  # "... does not look like a valid URI" for odd IRIs
    level = term_log.level
    with _PARSE_LOCK:
        term_log.setLevel(logging.ERROR)
        try:
            try:
                parsed = parseQuery(text)
                algebra = translateQuery(parsed).algebra
            except Exception as error:
                try:
                    parseUpdate(text)
                except Exception:
                    message = " ".join(str(error).split())[:300] or type(error).__name__
                    raise QueryError(f"malformed SPARQL: {message}") from None
                raise UpdateRefused(
                    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR ...) is refused"
                ) from None
        finally:
            term_log.setLevel(level)
    names = _names(parsed) | _names(algebra)
    if not allow_service and "ServiceGraphPattern" in names:
        raise ServiceRefused("SERVICE (federated query) is not allowed: no outbound requests")
    if not allow_dataset and "DatasetClause" in names:
        raise DatasetRefused("FROM and FROM NAMED are not supported: queries run over the union of all loaded graphs")
    form = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
    return form[parsed[1].name]


def check_offline(text: str, allow_network: bool = False) -> None:
    """Refuse a query with SERVICE unless ``allow_network`` (``kgtools query``, ``KnowledgeGraph.query``).

    Only text that could hold the keyword (``service`` in any case, or a ``\\u`` escape) is parsed, so
    ordinary queries pay nothing; such text that does not parse is refused too.
    """
    if allow_network:
        return
    lowered = text.lower()
    if "service" not in lowered and "\\u" not in lowered:
        return
    try:
        check_query(text, allow_dataset=True)
    except ServiceRefused:
        raise ServiceRefused(
            "SERVICE makes requests to other servers: give --allow-network (allow_network=True)"
        ) from None
    except UpdateRefused:
        raise  # the store refuses updates in query() anyway
    except QueryError:
        raise QueryError("malformed SPARQL: the query mentions SERVICE but does not parse") from None


# --- process confinement ----------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
# audit architecture -> number of socket(2), io_uring_setup(2)
_ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Linux: this process receives ``sig`` when the thread that forked it ends (PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        _libc().prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def forbid_network() -> bool:
    """Install a seccomp filter: from now on this process can create only AF_UNIX sockets.

    ``socket()`` of any other family (IPv4, IPv6, netlink, packet ...) and ``io_uring_setup()``
    fail with EACCES; 32-bit and x32 system calls are refused too. Returns False where seccomp
    filters are unavailable (not Linux x86-64 or aarch64); the caller decides whether that is fatal.
    """
    arch = os.uname().machine
    if not sys.platform.startswith("linux") or arch not in _ARCHES:
        return False
    audit, sys_socket, sys_uring = _ARCHES[arch]
    ld_w_abs, jeq_k, jge_k, ret_k = 0x20, 0x15, 0x35, 0x06
    deny, allow = 0x00050000 | 13, 0x7FFF0000  # SECCOMP_RET_ERRNO | EACCES, SECCOMP_RET_ALLOW
    program = [
        (ld_w_abs, 0, 0, 4),  # 0: A = seccomp_data.arch
        (jeq_k, 1, 0, audit),  # 1: native arch -> 3
        (ret_k, 0, 0, deny),  # 2: any other ABI: refused
        (ld_w_abs, 0, 0, 0),  # 3: A = seccomp_data.nr
        (jge_k, 5, 0, 0x40000000),  # 4: x32 system calls -> deny (10)
        (jeq_k, 4, 0, sys_uring),  # 5: io_uring can open sockets itself -> deny (10)
        (jeq_k, 1, 0, sys_socket),  # 6: socket() -> 8
        (ret_k, 0, 0, allow),  # 7: everything else
        (ld_w_abs, 0, 0, 16),  # 8: A = args[0] (low 32 bits): the address family
        (jeq_k, 1, 0, socket.AF_UNIX),  # 9: AF_UNIX -> 11
        (ret_k, 0, 0, deny),  # 10
        (ret_k, 0, 0, allow),  # 11
    ]
    # jump offsets count from the next instruction
    filters = b"".join(struct.pack("HBBI", *ins) for ins in program)
    buffer = ctypes.create_string_buffer(filters, len(filters))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(len(program), ctypes.addressof(buffer))
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0


def private_tempdir(prefix: str) -> Any:
    """A ``tempfile.TemporaryDirectory(prefix=prefix)`` that records its owner's PID.

    Folders of the same prefix whose owner is gone (a run killed with SIGKILL, which no ``finally``
    survives) are removed first.
    """
    import shutil
    import tempfile

    for old in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        try:
            owner = int((old / ".owner").read_text())
        except (OSError, ValueError):
            continue  # not one of ours, or still being set up
        if owner != os.getpid() and not pid_alive(owner):
            shutil.rmtree(old, ignore_errors=True)
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    (Path(folder.name) / ".owner").write_text(str(os.getpid()))
    return folder



def java_wrapper(folder: str | os.PathLike[str], java: str, options: Sequence[str] = ()) -> str:
    """An executable in ``folder`` that runs ``java`` so that it dies with the process that started it.

    For libraries that start Java themselves (owlready2 takes only the path of the java command):
    the wrapper sets PR_SET_PDEATHSIG (SIGKILL) and then replaces itself with java, which keeps the
    setting, so the JVM is killed when kgtools ends in any way, SIGKILL included. ``options`` (JVM
    options) go before the arguments the library passes.
    """
    path = Path(folder) / "java"
    path.write_text(
        f"#!{sys.executable}\n"
        "import ctypes, os, signal, sys\n"
        "if sys.platform.startswith('linux'):\n"
        "    ctypes.CDLL(None).prctl(1, signal.SIGKILL)\n"
        "    if os.getppid() == 1:\n"
        "        sys.exit(137)  # the parent is already gone\n"
        f"os.execv({java!r}, [{java!r}, *{list(options)!r}, *sys.argv[1:]])\n"
    )
    path.chmod(0o700)
    return str(path)


def _address_space() -> int:
    """This process's current virtual memory size in bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at its current size plus ``extra_bytes`` (RLIMIT_AS)."""
    import resource

    try:
        cap = _address_space() + extra_bytes
    except OSError:
        cap = extra_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _close_inherited_sockets(keep: set[int]) -> None:
    """Close every socket this process inherited (e.g. the server's listening socket) except ``keep``."""
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            if fd in keep:
                continue
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)


# --- the worker pool ----------------------------------------------------------------------------------


DEMOTE_AFTER = 0.5  # seconds a query runs at normal CPU priority; after that at the lowest (nice 19)


class PoolBusy(Exception):
    """Every worker stayed busy for the whole waiting time."""


class PoolTimeout(Exception):
    """The job ran past its time limit; its worker was killed."""


class WorkerDied(Exception):
    """The worker ended while running the job (its memory cap, or killed from outside)."""


class _Worker:
    def __init__(self, pid: int, conn: Connection) -> None:
        self.pid = pid
        self.conn = conn

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.conn.close()


def _worker_main(conn: Connection, handler: Callable[[Any], Any], memory: int | None) -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    if memory:
        limit_memory(memory)
    forbid_network()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: Any = ("ok", handler(job))
        except MemoryError:
            result = ("memory", None)
        except BaseException as error:
            result = ("error", f"{type(error).__name__}: {error}")
        try:
            conn.send(result)
        except (OSError, ValueError):
            return
        except MemoryError:
            conn.send(("memory", None))


def _zygote_main(control: socket.socket, handler: Callable[[Any], Any], memory: int | None) -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    _close_inherited_sockets({control.fileno()})
    while True:
        try:
            request = control.recv(1)
        except OSError:
            return
        if not request:
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            try:
                control.close()
                ours.close()
                _worker_main(Connection(theirs.detach()), handler, memory)
            finally:
                os._exit(0)
        theirs.close()
        try:
            socket.send_fds(control, [struct.pack("i", pid)], [ours.fileno()])
        except OSError:
            return
        finally:
            ours.close()


class WorkerPool:
    """At most ``size`` worker processes running ``handler(job)``; each job has a time limit.

    ``handler`` and everything it refers to (the loaded graph) reach the workers by fork, so it need
    not be picklable; jobs and results must be. :meth:`run` raises :class:`PoolBusy`,
    :class:`PoolTimeout` or :class:`WorkerDied`; a handler exception comes back as
    ``("error", "Type: message")``, a MemoryError as ``("memory", None)``, success as ``("ok", result)``.
    ``memory``: bytes each worker may add to what it shares with the server (None: no cap).
    """

    def __init__(self, handler: Callable[[Any], Any], *, size: int = 4, memory: int | None = None) -> None:
        import gc

        self.size = size
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._slots = threading.Semaphore(size)
        self._lock = threading.Lock()
        self._closed = False
        ours, theirs = socket.socketpair()
        gc.collect()
        gc.freeze()  # fewer copy-on-write pages in the forks
        pid = os.fork()
        if pid == 0:
            try:
                ours.close()
                _zygote_main(theirs, handler, memory)
            finally:
                os._exit(0)
        gc.unfreeze()
        theirs.close()
        self._zygote_pid = pid
        self._control = ours
        import weakref

        self._finalizer = weakref.finalize(self, _shutdown, pid, ours, self._all)

    # -- workers --

    def _spawn(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise PoolBusy("the server is shutting down")
            try:
                self._control.sendall(b"F")
                data, fds, _, _ = socket.recv_fds(self._control, 16, 1)
            except OSError as error:
                raise WorkerDied(f"cannot start a query worker: {error}") from None
            if not fds:
                raise WorkerDied("cannot start a query worker: the zygote has ended")
            worker = _Worker(struct.unpack("i", data[:4])[0], Connection(fds[0]))
            self._all.add(worker)
            return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _acquire(self, wait: float) -> bool:
        deadline = time.monotonic() + wait
        while not self._closed:
            if self._slots.acquire(timeout=min(0.1, max(0.0, deadline - time.monotonic()))):
                return True
            if time.monotonic() >= deadline:
                return False
        return False

    def call(self, job: Any, timeout: float, wait: float | None = None) -> Any:
        """Run ``job`` in a worker (blocking): the worker's reply, within ``timeout`` seconds of starting.

        Waits at most ``wait`` seconds (default ``timeout``) for a free worker, else PoolBusy.
        """
        if not self._acquire(timeout if wait is None else wait):
            raise PoolBusy("the server is busy with other queries; try again later")
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None:
                worker = self._spawn()
            demoted = False
            try:
                worker.conn.send(job)
                ready = worker.conn.poll(min(timeout, DEMOTE_AFTER))
                if not ready and timeout > DEMOTE_AFTER:
                    # a long query yields the CPU to the short ones that arrive meanwhile
                    with contextlib.suppress(OSError):
                        os.setpriority(os.PRIO_PROCESS, worker.pid, 19)
                        demoted = True
                    ready = worker.conn.poll(timeout - DEMOTE_AFTER)
                reply = worker.conn.recv() if ready else None
            except (EOFError, OSError):
                self._discard(worker)
                if self._closed:
                    raise PoolBusy("the server is shutting down") from None
                raise WorkerDied("the query worker ended (memory limit reached?)") from None
            if not ready:
                self._discard(worker)  # the only way to stop a query that is still computing
                raise PoolTimeout(f"the query ran past the time limit of {timeout:g} s")
            if demoted:  # its priority cannot be raised again without privileges: a fresh fork instead
                self._discard(worker)
                return reply
            with self._lock:
                if self._closed:
                    worker.kill()
                else:
                    self._idle.append(worker)
            return reply
        finally:
            self._slots.release()

    async def run(self, job: Any, timeout: float, wait: float | None = None) -> Any:
        """:meth:`call` from a coroutine (the waiting happens in a thread, the event loop stays free)."""
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self.call, job, timeout, wait)

    def pids(self) -> list[int]:
        """The process ids of the zygote and the live workers (for tests and monitoring)."""
        with self._lock:
            return [self._zygote_pid, *(w.pid for w in self._all)]

    def close(self) -> None:
        """Kill every worker and the zygote; running calls end with PoolBusy."""
        self._closed = True
        self._finalizer()


def _shutdown(zygote: int, control: socket.socket, workers: set[_Worker]) -> None:
    for worker in list(workers):
        worker.kill()
    workers.clear()
    with contextlib.suppress(OSError):
        control.close()
    with contextlib.suppress(OSError):
        os.kill(zygote, signal.SIGKILL)
    with contextlib.suppress(OSError, ChildProcessError):
        os.waitpid(zygote, 0)
