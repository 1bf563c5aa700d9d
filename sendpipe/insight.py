"""Publish the KPI tables and marts to the warehouse's `insight` schema for the insight service.

The schema is rebuilt in one transaction (drop, create, copy), so a reader sees the previous
night's complete set or tonight's, never a mix. On Postgres the insight service's role gets
read-only access; DuckDB has no roles: its readers open the file read-only.
"""
from __future__ import annotations

from sendpipe.publish import PUBLISHED_SCHEMA, PUBLISHED_TABLES

INSIGHT_SCHEMA = "insight"
MARTS = ("fct_enquiries", "fct_cases", "fct_case_activities", "fct_tribunal_appeals", "fct_feedback", "dim_financial_years")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def insight_statements(reader_role: str | None = None) -> list[str]:
    """The statements that replace the insight schema (run them in one transaction)."""
    statements = [f"drop schema if exists {INSIGHT_SCHEMA} cascade", f"create schema {INSIGHT_SCHEMA}"]
    for table, columns in PUBLISHED_TABLES.items():
        statements.append(f"create table {INSIGHT_SCHEMA}.{table} as select {', '.join(_quote(c) for c in columns)} "
                          f"from {PUBLISHED_SCHEMA}.{table} order by financial_year, sort_order")
    for mart in MARTS:
        statements.append(f"create table {INSIGHT_SCHEMA}.{mart} as select * from marts.{mart}")
    if reader_role:
        statements += [f"grant usage on schema {INSIGHT_SCHEMA} to {_quote(reader_role)}",
                       f"grant select on all tables in schema {INSIGHT_SCHEMA} to {_quote(reader_role)}"]
    return statements


def publish_to_duckdb(con) -> None:
    con.execute("begin transaction")
    try:
        for statement in insight_statements():
            con.execute(statement)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def publish_to_postgres(conn, reader_role: str) -> None:
    """`conn` is a psycopg2 connection; the role is created (without login) if it does not exist."""
    try:  # one transaction: committed on success, rolled back on error
        with conn.cursor() as cur:
            cur.execute("select 1 from pg_roles where rolname = %s", [reader_role])
            if cur.fetchone() is None:
                cur.execute(f"create role {_quote(reader_role)} nologin")
            for statement in insight_statements(reader_role):
                cur.execute(statement)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
