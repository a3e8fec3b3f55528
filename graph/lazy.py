"""Packages whose exported names load on first use (PEP 562 module ``__getattr__``).

Importing any module of a package runs the package's ``__init__`` first. Where that
``__init__`` re-exported everything eagerly, a command that needed one light module paid
for the whole package (the queries import networkx; the input readers, trafilatura):
most of ``citegraph path``'s start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` for ``package`` that imports each name in ``homes``
    from the submodule named there, the first time it is asked for."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home}"), name)

    return __getattr__
