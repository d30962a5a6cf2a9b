"""Writing files safely: everything kgtools writes goes through :func:`write_atomic`."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from .errors import OutputError, OutputFolderNotFoundError

__all__ = ["check_writable", "remove_leftovers", "write_atomic"]


def _target(path: str | os.PathLike[str]) -> Path:
    """Where a write to ``path`` lands: a symlink is followed to its target (which it keeps pointing at)."""
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    return target


def check_writable(path: str | os.PathLike[str]) -> os.stat_result | None:
    """Refuse, before any work is done, a ``path`` that :func:`write_atomic` could not write.

    Raises :class:`~kgtools.errors.OutputError` (one line naming the file) for a folder, a read-only
    file or an unreadable path, and :class:`~kgtools.errors.OutputFolderNotFoundError` when the folder
    does not exist. Returns the path's ``stat`` (``None`` for a new file). A command that renders a
    large text calls it first, so a wrong ``--output`` fails at once, not after the rendering.
    """
    try:
        st = os.stat(path)  # follows symlinks, /dev/stdout and /proc/self/fd/N included
    except FileNotFoundError:
        st = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    if _is_special(path, st):
        return st
    target = _target(path)
    if st is not None and (not st.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise OutputError(f"cannot write {path}: the file is read-only")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputFolderNotFoundError(f"cannot write {path}: folder does not exist: {folder}")
    return st


def _is_special(path: str | os.PathLike[str], st: os.stat_result | None) -> bool:
    """A device, FIFO, socket or /dev/stdout: written into directly, as a shell redirection would."""
    return st is not None and (os.path.abspath(path).startswith(("/dev/", "/proc/")) or not stat.S_ISREG(st.st_mode))


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Readers see either the old file or the complete new one; on any error the old file is left
    as it was and the temporary file is removed. A symlink is written through (its
    target is replaced, the link stays); a device, FIFO or other special file (``/dev/stdout``,
    ``/dev/full``) is written directly, never replaced by a regular file; a read-only file
    (no write bit, even for root) is refused. Errors are :class:`~kgtools.errors.OutputError`
    with one line naming the file.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    st = check_writable(path)
    if _is_special(path, st):
        try:
            with open(path, "wb") as handle:
                handle.write(raw)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
        return Path(path)
    target = _target(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        remove_leftovers(folder, target.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, st.st_mode & 0o777 if st is not None else 0o644)
        os.replace(tmp, target)
    except OSError as error:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def remove_leftovers(folder: str | os.PathLike[str], name: str) -> list[Path]:
    """Remove ``.NAME.PID-*.tmp`` files that a killed :func:`write_atomic` left in ``folder``; return them.

    A file whose writer (PID) still runs is kept; one without a PID in its name predates it.
    """
    removed = []
    for leftover in Path(folder).glob(f".{name}.*.tmp"):
        pid = leftover.name[len(name) + 2 :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid)):
            continue
        if pid.isdigit() and int(pid) == os.getpid():
            continue  # our own write in another thread
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` exists (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


