"""The nightly run on the Postgres warehouse (dbt's `prod` target): load, validate, build, publish
and report give the same files, byte for byte, as on DuckDB; the insight schema is read-only to its
role; nothing personal leaves raw. Needs PostgreSQL on 127.0.0.1:5432 (CI has it); skipped with the
reason where it is absent."""
from __future__ import annotations

import dataclasses
import json
import os
import uuid

import pytest

from sendpipe import pipeline
from sendpipe.insight import MARTS
from sendpipe.publish import PUBLISHED_TABLES
from sendpipe.warehouse import POSTGRES_TARGET, DuckDBWarehouse, PostgresConnection, PostgresWarehouse
from tests.conftest import personal_values, settings_for

psycopg2 = pytest.importorskip("psycopg2")
SERVER = {"host": os.environ.get("SENDPIPE_PG_HOST", "127.0.0.1"), "port": int(os.environ.get("SENDPIPE_PG_PORT", "5432")),
          "user": os.environ.get("SENDPIPE_PG_USER", "postgres"), "password": os.environ.get("SENDPIPE_PG_PASSWORD", "")}
READER_ROLE = "sendpipe_insight_reader_test"


def admin_connection():
    try:
        conn = psycopg2.connect(dbname="postgres", connect_timeout=3, **SERVER)
    except psycopg2.OperationalError as err:
        pytest.skip(f"no PostgreSQL at {SERVER['host']}:{SERVER['port']} ({err.__class__.__name__}): "
                    f"the Postgres warehouse is tested in CI")
    conn.autocommit = True
    return conn


@pytest.fixture(scope="module")
def postgres_settings(demo_landing, tmp_path_factory):
    """Demo settings pointed at a scratch Postgres database (dropped afterwards)."""
    database = f"sendpipe_test_{uuid.uuid4().hex[:8]}"
    admin = admin_connection()
    admin.cursor().execute(f"create database {database}")
    try:
        yield dataclasses.replace(settings_for(demo_landing, tmp_path_factory.mktemp("postgres_run")),
                                  target=POSTGRES_TARGET, insight_reader_role=READER_ROLE,
                                  postgres=PostgresConnection(database=database, **SERVER))
    finally:
        admin.cursor().execute(f"drop database if exists {database} with (force)")
        admin.cursor().execute(f"drop role if exists {READER_ROLE}")  # roles outlive databases
        admin.close()


@pytest.fixture(scope="module")
def postgres_run(postgres_settings) -> pipeline.RunResult:
    return pipeline.run(postgres_settings)


def published_files(publication) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(publication.path.iterdir()) if p.name != "manifest.json"}


def manifest_without_run_time(publication) -> dict:
    manifest = json.loads((publication.path / "manifest.json").read_text())
    manifest.pop("run_time")
    return manifest


def test_postgres_publishes_the_same_files_as_duckdb(postgres_run, demo_run):
    assert sorted(published_files(postgres_run.publication)) == sorted(f"{t}.{kind}" for t in PUBLISHED_TABLES for kind in ("csv", "parquet"))
    assert published_files(postgres_run.publication) == published_files(demo_run.publication)
    assert manifest_without_run_time(postgres_run.publication) == manifest_without_run_time(demo_run.publication)


def test_postgres_writes_the_same_quality_report_as_duckdb(postgres_run, demo_run):
    assert postgres_run.report_path.read_bytes() == demo_run.report_path.read_bytes()


def test_postgres_bands_every_enquiry_as_duckdb_does(postgres_run, demo_run):
    query = "select enquiry_id, enquiry_date_status, response_band, working_days_to_response from marts.fct_enquiries order by enquiry_id"
    with DuckDBWarehouse(demo_run.settings.warehouse).session() as duck, \
            PostgresWarehouse(postgres_run.settings.postgres).session() as pg:
        assert pg.rows(query) == duck.rows(query)


def test_a_rerun_on_postgres_publishes_the_same_files(postgres_run):
    rerun = pipeline.run(postgres_run.settings)
    assert published_files(rerun.publication) == published_files(postgres_run.publication)


def test_the_insight_schema_holds_the_published_tables_and_marts_read_only(postgres_run):
    with psycopg2.connect(dbname=postgres_run.settings.postgres.database, **SERVER) as pg, pg.cursor() as cur:
        cur.execute("select table_name from information_schema.tables where table_schema = 'insight'")
        assert {t for (t,) in cur.fetchall()} == set(PUBLISHED_TABLES) | set(MARTS["case_system"])
        cur.execute(f"set role {READER_ROLE}")
        cur.execute("select sum(enquiries) from insight.enquiries_by_reason where financial_year = '2023-24'")
        assert cur.fetchone()[0] == 1198
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("delete from insight.enquiries_by_reason")
        pg.rollback()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute(f"set role {READER_ROLE}; select count(*) from raw.initial_enquiries")


def test_no_postgres_schema_but_raw_holds_personal_data(postgres_run, demo_landing):
    needles = personal_values(demo_landing)
    with PostgresWarehouse(postgres_run.settings.postgres).session() as pg:
        tables = pg.rows("select table_schema, table_name from information_schema.tables "
                         "where table_schema not in ('raw', 'raw_council', 'pg_catalog', 'information_schema') order by 1, 2")
        assert {"staging", "intermediate", "marts", "quality", "published", "history", "insight"} <= {s for s, _ in tables}
        text = "\n".join(pg.frame(f'select * from "{s}"."{t}"').to_csv() for s, t in tables)
        assert pg.rows("select count(*) from raw.initial_enquiries")[0][0] > 0  # raw did arrive: the scan means something
    assert sorted(v for v in needles if v in text) == []


def test_the_council_source_on_postgres_publishes_the_same_files_as_on_duckdb(postgres_run, council_demo_landing,
                                                                              council_demo_run, tmp_path):
    """Both sources share the Postgres warehouse, as in production: the council run after the SENDIASS one."""
    from sendpipe.contracts import COUNCIL_SEND

    settings = dataclasses.replace(postgres_run.settings, source=COUNCIL_SEND, exports_dirs=(council_demo_landing,),
                                   publish_dir=tmp_path / "published_council", quality_dir=tmp_path / "quality")
    council = pipeline.run(settings)
    assert published_files(council.publication) == published_files(council_demo_run.publication)
    report = council.report_path.read_text()  # one report for the service: the SENDIASS findings in summary too
    assert "Council SEND data quality report" in report and "SENDIASS case system: open findings by check" in report
    with PostgresWarehouse(settings.postgres).session() as pg:
        insight = {t for (t,) in pg.rows("select table_name from information_schema.tables where table_schema = 'insight'")}
    assert {"ehcp_timeliness", "fct_ehc_requests", "enquiries_by_reason", "fct_enquiries"} <= insight
