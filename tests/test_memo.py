"""kgtools.memo.Memo: values built once per key, shared by threads, bounded, dropped by clear()."""

from __future__ import annotations

import threading
import time

from kgtools.memo import Memo


def test_bounded_and_builds_a_key_once_for_concurrent_callers() -> None:
    builds: list[str] = []

    def build(key: str) -> str:
        builds.append(key)
        time.sleep(0.02)  # callers arrive while it builds
        return key.upper()

    kept: Memo[str] = Memo(2)
    threads = [threading.Thread(target=kept.get, args=("a", lambda: build("a"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert builds == ["a"]
    assert [kept.get(k, lambda k=k: build(k)) for k in ("b", "c", "a")] == ["B", "C", "A"]
    assert len(kept) == 2 and builds == ["a", "b", "c", "a"]  # "a" had been dropped for "c"


def test_unbounded_by_default_and_cleared() -> None:
    kept: Memo[int] = Memo()
    for n in range(1000):
        kept.get(n, lambda n=n: n)
    assert len(kept) == 1000 and kept.get(5, lambda: -1) == 5
    kept.clear()
    assert len(kept) == 0 and kept.get(5, lambda: -1) == -1


def test_a_value_built_across_a_clear_is_returned_but_not_kept() -> None:
    kept: Memo[str] = Memo()

    def build() -> str:
        kept.clear()  # the graph changed while the view was being built
        return "stale"

    assert kept.get("view", build) == "stale"
    assert len(kept) == 0 and kept.get("view", lambda: "fresh") == "fresh"
