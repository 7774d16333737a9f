"""Importing a generated GDELT 2.0 event file (1 M rows by default)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from common import OUT, SIZES, save, sizes, table, timed

COUNTRIES = ["USA", "PRK", "KOR", "CHN", "JPN", "RUS", "GBR", "FRA", "DEU", "IND"]
TYPES = ["", "GOV", "MIL", "MED", "BUS", "NGO", "IGO"]


def gdelt_file(rows: int) -> Path:
    from dprkgraph import cameo
    from dprkgraph.gdelt import COLUMNS

    path = OUT / "data" / f"gdelt-{rows}.export.CSV"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    codes = sorted(cameo.codes())
    at = {c: i for i, c in enumerate(COLUMNS)}
    with open(path, "w", encoding="utf-8") as out:
        for i in range(rows):
            row = [""] * len(COLUMNS)
            country1, country2 = rng.choice(COUNTRIES), rng.choice(COUNTRIES)
            type1 = rng.choice(TYPES)
            code = rng.choice(codes)
            day = f"20{rng.randrange(10, 20)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
            row[at["GlobalEventID"]] = str(400_000_000 + i)
            row[at["Day"]] = day
            row[at["Actor1Code"]] = country1 + type1
            row[at["Actor1Name"]] = country1
            row[at["Actor1CountryCode"]] = country1
            row[at["Actor1Type1Code"]] = type1
            row[at["Actor2Code"]] = country2
            row[at["Actor2Name"]] = country2
            row[at["Actor2CountryCode"]] = country2
            row[at["EventCode"]] = code
            row[at["QuadClass"]] = str(cameo.quad_class(code))
            row[at["GoldsteinScale"]] = str(cameo.goldstein(code))
            for name in ("NumMentions", "NumSources", "NumArticles"):
                row[at[name]] = str(rng.randrange(1, 50))
            row[at["AvgTone"]] = f"{rng.uniform(-10, 10):.3f}"
            row[at["ActionGeo_FullName"]] = country2
            row[at["SOURCEURL"]] = f"https://news.example/{rng.randrange(rows // 10 + 1)}"
            if i % 1000 == 999:
                row[at["QuadClass"]] = "9"  # a malformed row now and then
            out.write("\t".join(row) + "\n")
    return path


def main() -> list[dict[str, object]]:
    from dprkgraph.gdelt import import_gdelt

    rows, results = [], []
    for label in sizes("1M"):
        n = SIZES[label]
        path = gdelt_file(n)
        with tempfile.TemporaryDirectory() as tmp:
            seconds, report = timed(lambda: import_gdelt([path], Path(tmp)))
        rows.append((label, seconds, n / seconds, report.events, len(report.malformed)))
        results.append(
            {
                "rows": n,
                "seconds": seconds,
                "events": report.events,
                "malformed": len(report.malformed),
            }
        )
    table("GDELT import", ["rows", "seconds", "rows/s", "events", "malformed"], rows)
    save("gdelt", results)
    return results


if __name__ == "__main__":
    main()
