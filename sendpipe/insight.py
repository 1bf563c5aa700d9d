"""Publish the KPI tables and marts to the warehouse's `insight` schema for the insight service.

The schema is rebuilt in one transaction (drop, create, copy), so a reader sees the previous
night's complete set or tonight's, never a mix. It holds every source's published tables and marts
that the warehouse has, so either source's nightly run refreshes the whole schema. On Postgres the insight service's role gets
read-only access; DuckDB has no roles: its readers open the file read-only.
"""
from __future__ import annotations

from sendpipe.contracts import CASE_SYSTEM, COUNCIL_SEND
from sendpipe.publish import PUBLICATION_SETS, PUBLISHED_SCHEMA
from sendpipe.warehouse import PostgresWarehouse, Warehouse, quote

INSIGHT_SCHEMA = "insight"
MARTS = {
    CASE_SYSTEM.name: ("fct_enquiries", "fct_cases", "fct_case_activities", "fct_tribunal_appeals", "fct_feedback",
                       "dim_financial_years"),
    COUNCIL_SEND.name: ("fct_ehc_requests", "fct_ehc_plans", "fct_contacts"),
}
ALL_MARTS = tuple(m for marts in MARTS.values() for m in marts)


def insight_statements(present: set[str], reader_role: str | None = None) -> list[str]:
    """The statements that replace the insight schema with the `present` published tables and marts
    (run them in one transaction)."""
    statements = [f"drop schema if exists {INSIGHT_SCHEMA} cascade", f"create schema {INSIGHT_SCHEMA}"]
    published = {t: c for s in PUBLICATION_SETS.values() for t, c in s.tables.items()}
    for table, columns in published.items():
        if table not in present:
            continue
        statements.append(f"create table {INSIGHT_SCHEMA}.{table} as select {', '.join(quote(c) for c in columns)} "
                          f"from {PUBLISHED_SCHEMA}.{table} order by financial_year, sort_order")
    for mart in (m for m in ALL_MARTS if m in present):
        statements.append(f"create table {INSIGHT_SCHEMA}.{mart} as select * from marts.{mart}")
    if reader_role:
        statements += [f"grant usage on schema {INSIGHT_SCHEMA} to {quote(reader_role)}",
                       f"grant select on all tables in schema {INSIGHT_SCHEMA} to {quote(reader_role)}"]
    return statements


def publish(warehouse: Warehouse, reader_role: str | None = None) -> None:
    """Replace the insight schema in one transaction. On Postgres the reader role is created
    (without login: the council grants it to the insight service's login) if it does not exist."""
    roles = isinstance(warehouse, PostgresWarehouse) and reader_role
    with warehouse.session(read_only=False) as session:
        if roles and not session.rows("select count(*) from pg_roles where rolname = ?", [reader_role])[0][0]:
            session.execute(f"create role {quote(reader_role)} nologin")
        present = {t for s in PUBLICATION_SETS.values() for t in s.tables if session.table_exists(PUBLISHED_SCHEMA, t)}
        present |= {m for m in ALL_MARTS if session.table_exists("marts", m)}
        for statement in insight_statements(present, reader_role if roles else None):
            session.execute(statement)
