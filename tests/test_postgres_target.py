"""The same dbt models build on Postgres and give the same published numbers as on DuckDB
(date parsing, working days, every KPI table). Needs PostgreSQL on 127.0.0.1:5432 (CI has it);
skipped with the reason where it is absent."""
from __future__ import annotations

import io
import os
import uuid
from datetime import date
from decimal import Decimal

import pytest

from sendpipe.dbt_build import build
from sendpipe.load import connect
from sendpipe.publish import PUBLISHED_TABLES

psycopg2 = pytest.importorskip("psycopg2")
PG = {"host": os.environ.get("SENDPIPE_PG_HOST", "127.0.0.1"), "port": int(os.environ.get("SENDPIPE_PG_PORT", "5432")),
      "user": os.environ.get("SENDPIPE_PG_USER", "postgres"), "password": os.environ.get("SENDPIPE_PG_PASSWORD", "")}
RAW_TABLES = ["initial_enquiries", "cases", "case_activities", "tribunal_appeals", "feedback", "bank_holidays", "pseudonyms"]


def admin_connection():
    try:
        conn = psycopg2.connect(dbname="postgres", connect_timeout=3, **PG)
    except psycopg2.OperationalError as err:
        pytest.skip(f"no PostgreSQL at {PG['host']}:{PG['port']} ({err.__class__.__name__}): the Postgres target is tested in CI")
    conn.autocommit = True
    return conn


@pytest.fixture(scope="module")
def postgres_build(demo_run, tmp_path_factory, monkeypatch_module):
    """A scratch database holding the demo's raw tables, built with dbt's postgres target."""
    database = f"sendpipe_test_{uuid.uuid4().hex[:8]}"
    admin = admin_connection()
    admin.cursor().execute(f"create database {database}")
    try:
        with connect(demo_run.settings.warehouse, read_only=True) as duck, \
                psycopg2.connect(dbname=database, **PG) as pg, pg.cursor() as cur:
            cur.execute("create schema raw")
            for table in RAW_TABLES:
                columns = duck.execute("select column_name, data_type from information_schema.columns "
                                       "where table_schema = 'raw' and table_name = ? order by ordinal_position", [table]).fetchall()
                cur.execute(f"create table raw.{table} (" + ", ".join(
                    f'"{c}" {"date" if t == "DATE" else "integer" if t == "INTEGER" else "text"}' for c, t in columns) + ")")
                buffer = io.StringIO()
                duck.execute(f"select * from raw.{table}").df().to_csv(buffer, index=False, header=False)
                buffer.seek(0)
                cur.copy_expert(f"copy raw.{table} from stdin with (format csv)", buffer)
        for key, value in {"SENDPIPE_PG_HOST": PG["host"], "SENDPIPE_PG_PORT": str(PG["port"]), "SENDPIPE_PG_USER": PG["user"],
                           "SENDPIPE_PG_PASSWORD": PG["password"], "SENDPIPE_PG_DATABASE": database}.items():
            monkeypatch_module.setenv(key, value)
        build(tmp_path_factory.mktemp("pg_dbt") / "placeholder.duckdb", date(2024, 4, 2), target="postgres")
        yield database
    finally:
        admin.cursor().execute(f"drop database if exists {database} with (force)")
        admin.cursor().execute("drop role if exists sendpipe_insight_test")  # roles outlive databases
        admin.close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def normalise(rows):
    def value(v):
        if isinstance(v, (float, Decimal)):
            return f"{float(v):.4f}"
        return v
    return [tuple(value(v) for v in r) for r in rows]


@pytest.mark.parametrize("table", sorted(PUBLISHED_TABLES))
def test_postgres_publishes_the_same_numbers_as_duckdb(postgres_build, demo_run, table):
    columns = ", ".join(f'"{c}"' for c in PUBLISHED_TABLES[table])
    query = f"select {columns} from published.{table} order by financial_year, sort_order"
    with connect(demo_run.settings.warehouse, read_only=True) as duck:
        expected = normalise(duck.execute(query).fetchall())
    with psycopg2.connect(dbname=postgres_build, **PG) as pg, pg.cursor() as cur:
        cur.execute(query)
        actual = normalise(cur.fetchall())
    assert actual == expected


def test_postgres_bands_every_enquiry_as_duckdb_does(postgres_build, demo_run):
    query = "select enquiry_id, enquiry_date_status, response_band, working_days_to_response from marts.fct_enquiries order by enquiry_id"
    with connect(demo_run.settings.warehouse, read_only=True) as duck:
        expected = duck.execute(query).fetchall()
    with psycopg2.connect(dbname=postgres_build, **PG) as pg, pg.cursor() as cur:
        cur.execute(query)
        assert cur.fetchall() == expected


def test_the_insight_schema_holds_the_published_tables_and_marts_read_only(postgres_build):
    from sendpipe.insight import MARTS, publish_to_postgres

    with psycopg2.connect(dbname=postgres_build, **PG) as pg:
        publish_to_postgres(pg, "sendpipe_insight_test")
        publish_to_postgres(pg, "sendpipe_insight_test")  # nightly: replaced whole, role kept
        with pg.cursor() as cur:
            cur.execute("select table_name from information_schema.tables where table_schema = 'insight'")
            assert {t for (t,) in cur.fetchall()} == set(PUBLISHED_TABLES) | set(MARTS)
            cur.execute("select count(*) from insight.enquiries_by_reason where financial_year = '2023-24'")
            assert cur.fetchone()[0] == 17
            cur.execute("set role sendpipe_insight_test")
            cur.execute("select sum(enquiries) from insight.enquiries_by_reason where financial_year = '2023-24'")
            assert cur.fetchone()[0] == 1198
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("delete from insight.enquiries_by_reason")
        pg.rollback()
