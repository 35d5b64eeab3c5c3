"""Exact table readers: every decimal cell becomes the binary64 that Python's ``float()`` gives.

``float()`` is correctly rounded (CPython's ``dtoa.c``, round half to even), so the value read
never depends on a parser's version. See ``refimpl.readers.csv_exact`` and ``refimpl.readers.arff``.
"""

from refimpl.readers.arff import read_arff, write_arff
from refimpl.readers.csv_exact import parse_float_cell, read_csv_exact

__all__ = ["parse_float_cell", "read_arff", "read_csv_exact", "write_arff"]
