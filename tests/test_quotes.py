from pathlib import Path

from dprkgraph import load
from dprkgraph.quotes import verify_quotes
from tests.conftest import DatasetFactory


def test_quotes_found_missing_and_unsourced(make_dataset: DatasetFactory, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "src.txt").write_text("Yesterday   the talks\nopened. Later, Alphaland went.")
    checks = verify_quotes(load(make_dataset()), texts)
    assert [(c.event, c.found) for c in checks] == [("talks", True), ("walkout", False)]
    assert "closest passage" in checks[1].reason
    checks = verify_quotes(load(make_dataset()), tmp_path / "empty")
    assert all(not c.found and "no text file" in c.reason for c in checks)


def test_quotes_do_not_fold_curly_apostrophes(make_dataset: DatasetFactory, tmp_path: Path) -> None:
    (tmp_path / "src.txt").write_text("the talks opened; Alphaland’s envoy left")
    events = (make_dataset().joinpath("events.yaml").read_text()
              .replace("quote: Alphaland left", "quote: Alphaland's envoy left"))
    checks = verify_quotes(load(make_dataset(events=events)), tmp_path)
    assert [c.found for c in checks] == [True, False]
