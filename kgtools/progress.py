"""Progress bars on stderr for the operations that can run longer than about two seconds (tqdm).

A bar appears only when the operation is still running after :data:`DELAY` seconds, only when
stderr is a terminal, and never inside :func:`quiet` (``kgtools --quiet``). So pipes, logs, tests
and quick calls never see one. Libraries mark their stages with :func:`steps`; nothing here
prints to stdout.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar

__all__ = ["DELAY", "enabled", "quiet", "steps"]

DELAY = 2.0  # seconds an operation runs before its bar appears
_QUIET: ContextVar[bool] = ContextVar("kgtools_progress_quiet", default=False)


def enabled() -> bool:
    """Whether a bar would be drawn now: stderr is a terminal and no :func:`quiet` is in force."""
    return not _QUIET.get() and _stderr_is_terminal()


def _stderr_is_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


@contextlib.contextmanager
def quiet(flag: bool = True) -> Iterator[None]:
    """Within the block no bar is drawn (``flag=False``: bars as usual)."""
    token = _QUIET.set(flag)
    try:
        yield
    finally:
        _QUIET.reset(token)


@contextlib.contextmanager
def steps(description: str, names: Sequence[str]) -> Iterator[Callable[[str], None]]:
    """A bar over the named stages of one operation; call the yielded ``advance(name)`` as each
    stage starts (the bar shows its name and the time so far). It closes when the block ends.

    One stage can be one long call (a reasoner, a parser), so a thread redraws the bar twice a
    second once :data:`DELAY` has passed: the elapsed time keeps moving while a stage runs.
    """
    if not enabled():
        yield lambda name: None
        return
    import threading

    from tqdm import tqdm

    bar = tqdm(total=len(names), desc=description, unit="step", file=sys.stderr, delay=DELAY, leave=False,
               bar_format="{desc}: {n_fmt}/{total_fmt}{postfix} [{elapsed}]")
    started = [0]
    done = threading.Event()
    begun = time.monotonic()

    def advance(name: str) -> None:
        if started[0]:
            bar.update(1)
        started[0] += 1
        bar.set_postfix_str(name, refresh=time.monotonic() - begun >= DELAY)  # nothing drawn before DELAY

    def redraw() -> None:
        if done.wait(DELAY):
            return
        while not done.wait(0.5):
            bar.refresh()

    ticker = threading.Thread(target=redraw, name="kgtools-progress", daemon=True)
    ticker.start()
    try:
        yield advance
    finally:
        done.set()
        ticker.join()
        bar.close()
