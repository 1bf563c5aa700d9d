"""No personal value from the drops appears in anything the pipeline writes outside the raw
landing copy: marts and every other warehouse schema but raw, published files, quality reports,
GX Data Docs and results, dbt logs. (Airflow task logs are scanned in tests/dags.)"""
from __future__ import annotations

import duckdb

from sendpipe.contracts import COUNCIL_SEND
from sendpipe.load import connect
from tests.conftest import personal_values


def written_text(base) -> dict[str, str]:
    """Every file under a run's folder, as text; parquet read back as CSV; the DuckDB file excluded."""
    texts = {}
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        if ".duckdb" in path.name:
            continue
        if path.suffix == ".parquet":
            texts[str(path)] = duckdb.sql(f"select * from '{path}'").df().to_csv()
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="ignore")
    return texts


def test_the_demo_drops_do_hold_personal_data(demo_landing):
    assert len(personal_values(demo_landing)) > 2000


def test_no_file_the_pipeline_wrote_holds_personal_data(demo_landing, demo_run):
    base = demo_run.settings.warehouse.parent.parent
    texts = written_text(base)
    kinds = {"/published", "/quality/reports/", "/quality/data_docs/", "/quality/gx_results/", "/dbt/logs/"}
    assert all(any(k in name for name in texts) for k in kinds), "expected every kind of output to be scanned"
    needles = personal_values(demo_landing)
    leaked = sorted({(needle, name) for name, text in texts.items() for needle in needles if needle in text})
    assert leaked == []


def test_no_warehouse_schema_but_raw_holds_personal_data(demo_landing, demo_run):
    needles = personal_values(demo_landing)
    with connect(demo_run.settings.warehouse, read_only=True) as con:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_schema <> 'raw' order by 1, 2").fetchall()
        assert {"staging", "intermediate", "marts", "quality", "published", "history"} <= {s for s, _ in tables}
        text = "\n".join(con.execute(f'select * from "{s}"."{t}"').df().to_csv() for s, t in tables)
    assert sorted(v for v in needles if v in text) == []


def test_no_council_output_or_warehouse_schema_but_raw_council_holds_council_personal_data(council_demo_landing, council_demo_run):
    needles = personal_values(council_demo_landing, COUNCIL_SEND)
    assert len(needles) > 5000  # child names, dates of birth, postcodes, NHS numbers, UPNs
    base = council_demo_run.settings.warehouse.parent.parent
    texts = written_text(base)
    assert any("/published/" in name for name in texts) and any("/quality/reports/" in name for name in texts)
    with connect(council_demo_run.settings.warehouse, read_only=True) as con:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_schema not in ('raw', 'raw_council') order by 1, 2").fetchall()
        assert {"staging", "intermediate", "marts", "quality", "published", "insight"} <= {s for s, _ in tables}
        texts["warehouse"] = "\n".join(  # each text column's distinct values: the same values, a smaller haystack
            "\n".join(str(v) for (v,) in con.execute(f'select distinct "{c}" from "{s}"."{t}" where "{c}" is not null').fetchall())
            for s, t in tables
            for (c,) in con.execute("select column_name from information_schema.columns where table_schema = ? "
                                    "and table_name = ? and data_type = 'VARCHAR'", [s, t]).fetchall())
    assert sorted({(n, name) for name, text in texts.items() for n in needles if n in text}) == []
