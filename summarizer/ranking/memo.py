"""A dict that computes a missing value once: words and tokens recur, so a per-token test is paid once per kind.

Looking a value up is a subscript in C (``memo[word]``); only a key never seen calls the
function, from ``__missing__``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V]):
    """``fn(key)`` for each key, computed on its first lookup and kept.

    >>> lengths = Memo(len)
    >>> lengths["党员"], dict(lengths)
    (2, {'党员': 2})
    """

    def __init__(self, fn: Callable[[K], V]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: K) -> V:
        value = self[key] = self.fn(key)
        return value
