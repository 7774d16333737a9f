"""Columnar storage for large and machine-coded datasets: Parquet files, queried in-process
by DuckDB.

:func:`write_parquet` writes a dataset as seven tables partitioned by year (also
``dprkgraph export --format parquet DIR``, and ``dprkgraph import-gdelt --format parquet``
straight from GDELT files); :func:`read_parquet` reads them back, equal to the dataset
written (checked set-wise, problems located by file and row), and :func:`dprkgraph.load`
calls it for a folder holding an export's manifest. :class:`ColumnarStore` answers the
questions of :mod:`dprkgraph.query` from the files in place: every query function takes a
store where it takes a graph, and gives the same answer.
"""

from __future__ import annotations

from dprkgraph.columnar.corroborate import corroborate
from dprkgraph.columnar.read import read_parquet
from dprkgraph.columnar.schema import SCHEMAS, TABLES
from dprkgraph.columnar.store import ColumnarStore
from dprkgraph.columnar.write import write_parquet

__all__ = ["SCHEMAS", "TABLES", "ColumnarStore", "corroborate", "read_parquet", "write_parquet"]
