"""Columnar storage for large and machine-coded datasets: Parquet files, queried in-process
by DuckDB.

:func:`write_parquet` writes a dataset as seven tables partitioned by year,
:func:`read_parquet` reads them back (checked set-wise, problems located by file and row).
"""

from __future__ import annotations

from dprkgraph.columnar.corroborate import corroborate
from dprkgraph.columnar.read import read_parquet
from dprkgraph.columnar.schema import SCHEMAS, TABLES
from dprkgraph.columnar.store import ColumnarStore
from dprkgraph.columnar.write import write_parquet

__all__ = ["SCHEMAS", "TABLES", "ColumnarStore", "corroborate", "read_parquet", "write_parquet"]
