"""The Parquet export read by Spark (PySpark, local mode) gives dprkgraph's answers.

The query is the Spark SQL of docs/columnar.md, run as written there on an export of a
synthetic dataset; Spark's ids must equal those of ``dprkgraph.query.events`` on the in-memory
graph and of :class:`~dprkgraph.columnar.ColumnarStore` on the same files.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dprkgraph import query
from dprkgraph.columnar import ColumnarStore, write_parquet
from dprkgraph.graph import build_graph
from dprkgraph.synthetic import generate

DOC = Path(__file__).parent.parent / "docs" / "columnar.md"


def _documented_query() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### Spark SQL", 1)[1]
    return section.split("```sql\n", 1)[1].split("```", 1)[0]


def test_the_documented_spark_query_is_the_events_question() -> None:
    sql = _documented_query()
    assert "p.actor = 'prk'" in sql and "DATE '2010-03-01'" in sql and "DATE '2010-05-29'" in sql
    assert "ORDER BY e.earliest, e.latest, e.id" in sql


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: PySpark needs Java 17")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip("pyspark is not installed (pip install 'dprkgraph[test]')")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("dprkgraph-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def _spark_ids(spark: Any, export: Path, actor: str, start: date, end: date) -> list[str]:
    sql = _documented_query()
    statements = [s.strip() for s in sql.split(";") if s.strip()]
    for s in statements[:-1]:
        spark.sql(s.replace("'export/", f"'{export}/"))
    last = statements[-1]
    last = last.replace("'prk'", f"'{actor}'")
    last = last.replace("DATE '2010-03-01'", f"DATE '{start.isoformat()}'")
    last = last.replace("DATE '2010-05-29'", f"DATE '{end.isoformat()}'")
    last = re.sub(r"year <= 2010", f"year <= {end.year}", last)
    return [r["id"] for r in spark.sql(last).collect()]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_spark_gives_the_same_answer_as_dprkgraph(spark: Any, tmp_path: Path, seed: int) -> None:
    dataset = generate(400, seed=seed)
    export = write_parquet(dataset, tmp_path / "export")
    g = build_graph(dataset)
    actor = dataset.actors[seed].id
    start = date(2003 + seed, 3, 1)
    end = start + timedelta(days=89 + 300 * seed)
    expected = query.events(g, actor=actor, start=start, end=end).ids()
    assert expected, "the window should hold some events"
    with ColumnarStore.open(export) as store:
        assert store.event_ids(actor=actor, start=start, end=end) == expected
    assert _spark_ids(spark, export, actor, start, end) == expected
