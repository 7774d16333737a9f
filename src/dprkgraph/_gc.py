"""Pausing the garbage collector around bulk work, and keeping it off what the work built.

Building a million records allocates tens of millions of objects; CPython then runs full
collections again and again, each walking every live object, although records hold no
reference cycles. Pausing the collector for the bulk step cut a million-event load by
about half.

Pausing alone only postpones the walk: every object made in the block is still in the
youngest generation when the collector is switched back on, so the first allocations
after it (the first query) pay for a collection over all of them, then for another as
they are promoted, and later for a full one: about 12 s after a million-event load.
So a block that ends normally moves everything tracked into the permanent generation
(:func:`gc.freeze`), which the collector never walks. Frozen objects are still freed by
reference counting when they are dropped, which is all records need. A block that raises
freezes nothing: an exception's traceback holds its frames in a cycle, and only the
collector frees those.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch automatic garbage collection off for the block (restoring it after); if the
    block ends normally, move every tracked object to the permanent generation.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     rows = [[i] for i in range(1000)]
    ...     gc.isenabled()
    False
    >>> gc.get_count()[0] < 1000  # the rows were frozen, not left for the next collection
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
