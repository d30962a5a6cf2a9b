"""Values built once per key and shared by threads (the graph's derived views, the web pages' caches)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Memo"]

V = TypeVar("V")


class Memo(Generic[V]):
    """``get(key, build)`` returns the value kept for ``key`` or builds it once: threads asking for the
    same key meanwhile wait for that one build (32 clients of a fresh server build a view once, not
    32 times). With ``size``, the least recently used values beyond it are dropped. :meth:`clear`
    drops every value; a value whose build overlapped a ``clear()`` is returned but not kept."""

    def __init__(self, size: int | None = None) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self._cleared = 0  # how many times clear() ran

    def _kept(self, key: Hashable) -> tuple[bool, V | None]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
        return False, None

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        found, value = self._kept(key)
        if found:
            return value  # type: ignore[return-value]
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        try:
            with building:
                found, value = self._kept(key)
                if found:
                    return value  # type: ignore[return-value]
                cleared = self._cleared
                made = build()
                with self._lock:
                    if cleared == self._cleared:
                        self._items[key] = made
                        while self.size is not None and len(self._items) > self.size:
                            self._items.popitem(last=False)
                return made
        finally:
            with self._lock:
                self._building.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._cleared += 1

    def __len__(self) -> int:
        return len(self._items)
