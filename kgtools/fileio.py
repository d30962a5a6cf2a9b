"""Writing files safely: everything kgtools writes goes through :func:`write_atomic`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError

__all__ = ["rewrite_section", "write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Readers see either the old file or the complete new one; on any error the old file is left
    as it was and the temporary file is removed.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"folder does not exist: {folder}")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def rewrite_section(
    path: str | os.PathLike[str], title: str, section: str, until: str | None = None, check: bool = False
) -> bool:
    """Replace the generated section of a text file whose banner holds ``title`` with ``section``.

    The section runs from the banner line above ``title`` to the banner line above ``until`` (or to
    the end of the file when ``until`` is None); everything else is kept byte for byte. A missing
    section is inserted there (after a blank line at the end of the file). Returns True when the
    section was out of date; with ``check=True`` nothing is written. ``until`` must be in the file.
    """
    target = Path(path)
    text = target.read_text(encoding="utf-8")

    def banner_above(i: int) -> int:  # the start of the line before the one at ``i``
        return text.rfind("\n", 0, text.rfind("\n", 0, i)) + 1

    if until is None:
        end, tail = len(text), ""
    else:
        found = text.find(until)
        if found < 0:
            raise InputError(f"{target}: no '{until}' banner to put the section '{title}' before")
        end = banner_above(found)
        tail = text[end:]
    found = text.find(title)
    if found >= 0:
        head = text[: banner_above(found)]
    elif until is None:
        head = (text if text.endswith("\n") else text + "\n") + "\n"
    else:
        head = text[:end]
    new = head + section + tail
    if new == text:
        return False
    if not check:
        write_atomic(target, new)
    return True
