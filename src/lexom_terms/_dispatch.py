"""A table of functions by type, looked up along the type's MRO: how the explanations
(:mod:`lexom_terms.explain`) and the notebook display (:mod:`lexom_terms.display`) find the
writer of an object — by its type, never by its class name.

A module may not import the types it writes at import time (``results`` imports ``explain``,
and the display must not import the tools above it): the table then takes a ``load`` function,
called once before the first lookup, that imports the types beside it and names their writers;
a type defined above (a tool's report) registers its own writer when its module is imported, so
an object's writer is known whenever the object can exist."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class ByType(Generic[T]):
    """Values (writers) by type; ``find`` walks the MRO, so a subclass takes its base's writer
    unless it registers its own."""

    def __init__(self, load: Callable[[], Mapping[type, T]] | None = None) -> None:
        self._table: dict[type, T] = {}
        self._load = load

    def register(self, cls: type, value: T) -> None:
        """``value`` is the writer of ``cls`` (and of its subclasses without their own)."""
        self._table[cls] = value

    def find(self, cls: type) -> T | None:
        """The writer of ``cls`` or of its nearest base, or None."""
        if self._load is not None:
            load, self._load = self._load, None
            for declared, value in load().items():
                self._table.setdefault(declared, value)  # a registration made earlier wins
        for base in cls.__mro__:
            found = self._table.get(base)
            if found is not None:
                return found
        return None
