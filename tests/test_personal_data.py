"""No personal value from the drops appears in the marts, published tables or manifest."""
from __future__ import annotations

import csv

from sendpipe.contracts import CASE_SYSTEM_FILES
from sendpipe.load import connect


def personal_values(landing) -> set[str]:
    values: set[str] = set()
    for spec in CASE_SYSTEM_FILES:
        if not spec.personal:
            continue
        for path in landing.glob(f"*/{spec.name}"):
            with path.open(encoding="utf-8-sig", newline="") as f:
                for record in csv.DictReader(f):
                    values.update(record[c].strip() for c in spec.personal if len(record[c].strip()) >= 6)
    values.update(v.split("@")[0] for v in list(values) if "@" in v)  # the local part of an email names a person too
    return values


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
