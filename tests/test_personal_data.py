"""No personal value from the drops appears in the marts, published tables or manifest."""
from __future__ import annotations

from sendpipe.load import connect
from tests.conftest import personal_values


def test_the_demo_drops_do_hold_personal_data(demo_landing):
    assert len(personal_values(demo_landing)) > 2000


def test_no_mart_or_published_table_holds_personal_data(demo_landing, demo_run):
    needles = personal_values(demo_landing)
    haystacks = [p.read_text(encoding="utf-8") for p in demo_run.publication.path.iterdir() if p.suffix in (".csv", ".json")]
    with connect(demo_run.settings.warehouse, read_only=True) as con:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_schema in ('marts', 'published', 'intermediate')").fetchall()
        for schema, table in tables:
            haystacks.append(con.execute(f"select * from {schema}.{table}").df().to_csv())
    text = "\n".join(haystacks)
    leaked = sorted(v for v in needles if v in text)
    assert leaked == []
