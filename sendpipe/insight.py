"""Publish the KPI tables and marts to the warehouse's `insight` schema for the insight service.

The schema is rebuilt in one transaction (drop, create, copy), so a reader sees the previous
night's complete set or tonight's, never a mix. On Postgres the insight service's role gets
read-only access; DuckDB has no roles: its readers open the file read-only.
"""
from __future__ import annotations

from sendpipe.publish import PUBLISHED_SCHEMA, PUBLISHED_TABLES
from sendpipe.warehouse import PostgresWarehouse, Warehouse, quote

INSIGHT_SCHEMA = "insight"
MARTS = ("fct_enquiries", "fct_cases", "fct_case_activities", "fct_tribunal_appeals", "fct_feedback", "dim_financial_years")


def insight_statements(reader_role: str | None = None) -> list[str]:
    """The statements that replace the insight schema (run them in one transaction)."""
    statements = [f"drop schema if exists {INSIGHT_SCHEMA} cascade", f"create schema {INSIGHT_SCHEMA}"]
    for table, columns in PUBLISHED_TABLES.items():
        statements.append(f"create table {INSIGHT_SCHEMA}.{table} as select {', '.join(quote(c) for c in columns)} "
                          f"from {PUBLISHED_SCHEMA}.{table} order by financial_year, sort_order")
    for mart in MARTS:
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
        for statement in insight_statements(reader_role if roles else None):
            session.execute(statement)
