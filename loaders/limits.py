"""Size caps on inputs, kept in a module that imports nothing.

The command line declares its options from these defaults; reading them must not load
the parsers (``loaders.documents`` imports trafilatura and lxml).
"""

from __future__ import annotations

__all__ = ["MAX_BYTES"]

#: Largest document read, in bytes, after any decompression.
MAX_BYTES = 20 * 1024 * 1024
