"""The warehouse the models are built in: the embedded DuckDB file (default) or Postgres (`prod`).

Every step after the load talks to the warehouse through a `Session`, so the same code validates,
publishes, freezes and reports on either engine. SQL is written once with `?` placeholders and in
the dialect both engines share.

On Postgres the loader still parses and checks each drop with the same code into its DuckDB file
(the raw store), then `receive_raw` copies the raw schema to Postgres in one transaction. Results
read back from Postgres pass through an in-memory DuckDB with types mapped from Postgres's, so the
published files and the DataFrames validated by GX are the same, byte for byte, on both engines.
"""
from __future__ import annotations

import logging
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

import duckdb
import pandas as pd

log = logging.getLogger(__name__)

DUCKDB_TARGET = "duckdb"
POSTGRES_TARGET = "prod"
TARGETS = (DUCKDB_TARGET, POSTGRES_TARGET)
# DuckDB's buffer pool takes up to 80% of the machine's memory unless told otherwise; every
# connection to the warehouse file (loader, dbt through profiles.yml, validation, publish) is told
# this, and spills to disk beyond it. 1GB keeps a national-scale run's process under 2 GB (about
# 1.7 GB at peak: dbt, GX and pandas hold the rest; docs/performance.md).
MEMORY_LIMIT_ENV = "SENDPIPE_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "1GB"


# Rows are stored and read in no particular order (every reader that needs one says ORDER BY): with
# insertion order kept, DuckDB writes a large table through one thread and holds more in memory.
PRESERVE_INSERTION_ORDER = False


def duckdb_connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file with the memory limit set."""
    return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": duckdb_memory_limit(),
                                                                   "preserve_insertion_order": PRESERVE_INSERTION_ORDER})


def duckdb_memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT

# Postgres type OIDs (pg_type) and the DuckDB type each is read back as; anything unlisted is read
# as text. numeric(p, s) keeps its precision and scale, as the same cast gives on DuckDB.
_NUMERIC_OID = 1700
_DUCKDB_TYPE_OF_PG_OID = {16: "BOOLEAN", 20: "BIGINT", 21: "SMALLINT", 23: "INTEGER", 700: "FLOAT", 701: "DOUBLE",
                          _NUMERIC_OID: "DOUBLE", 1082: "DATE", 1114: "TIMESTAMP", 1184: "TIMESTAMPTZ"}
# The Postgres type of each DuckDB raw column type, spelt as Postgres's information_schema spells it.
_PG_TYPE_OF_DUCKDB_TYPE = {"BOOLEAN": "boolean", "BIGINT": "bigint", "INTEGER": "integer", "SMALLINT": "smallint",
                           "DOUBLE": "double precision", "FLOAT": "real", "DATE": "date",
                           "TIMESTAMP": "timestamp without time zone", "TIMESTAMP WITH TIME ZONE": "timestamp with time zone"}


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@dataclass(frozen=True)
class PostgresConnection:
    """Where the Postgres warehouse is (SENDPIPE_PG_*); the password is never shown."""
    host: str
    port: int
    user: str
    database: str
    password: str = field(default="", repr=False)

    @classmethod
    def from_environment(cls, env) -> "PostgresConnection":
        return cls(host=env.get("SENDPIPE_PG_HOST") or "127.0.0.1", port=int(env.get("SENDPIPE_PG_PORT") or 5432),
                   user=env.get("SENDPIPE_PG_USER") or "sendpipe", database=env.get("SENDPIPE_PG_DATABASE") or "sendpipe",
                   password=env.get("SENDPIPE_PG_PASSWORD") or "")

    def dbt_environment(self) -> dict[str, str]:
        """The variables dbt's `prod` output reads (dbt_project/profiles.yml)."""
        return {"SENDPIPE_PG_HOST": self.host, "SENDPIPE_PG_PORT": str(self.port), "SENDPIPE_PG_USER": self.user,
                "SENDPIPE_PG_DATABASE": self.database, "SENDPIPE_PG_PASSWORD": self.password}

    def connect(self):
        import psycopg2  # installed with dbt-postgres

        return psycopg2.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                                dbname=self.database, connect_timeout=10)


class Session(Protocol):
    def rows(self, sql: str, params=()) -> list[tuple]: ...
    def execute(self, sql: str, params=()) -> None: ...
    def frame(self, sql: str, params=()) -> pd.DataFrame: ...
    def export(self, sql: str, csv_path: Path, parquet_path: Path) -> None: ...
    def table_exists(self, schema: str, table: str) -> bool: ...


class _SessionBase:
    def table_exists(self, schema: str, table: str) -> bool:
        return self.rows("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                         (schema, table))[0][0] > 0


class DuckDBSession(_SessionBase):
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def rows(self, sql, params=()):
        return self.con.execute(sql, list(params)).fetchall()

    def execute(self, sql, params=()):
        self.con.execute(sql, list(params))

    def frame(self, sql, params=()):
        return self.con.execute(sql, list(params)).df()

    def export(self, sql, csv_path, parquet_path):
        self.con.execute(f"copy ({sql}) to '{csv_path}' (format csv, header true)")
        self.con.execute(f"copy ({sql}) to '{parquet_path}' (format parquet)")


def _duckdb_type(column) -> str:
    """The DuckDB type of a psycopg2 result column."""
    if column.type_code == _NUMERIC_OID and column.precision and column.precision <= 38:
        return f"DECIMAL({column.precision}, {column.scale})"
    return _DUCKDB_TYPE_OF_PG_OID.get(column.type_code, "VARCHAR")


class PostgresSession(_SessionBase):
    def __init__(self, conn):
        self.conn = conn

    @staticmethod
    def _sql(sql: str, params) -> str:
        return sql.replace("%", "%%").replace("?", "%s") if params else sql

    def rows(self, sql, params=()):
        with self.conn.cursor() as cur:
            cur.execute(self._sql(sql, params), list(params) or None)
            return cur.fetchall()

    def execute(self, sql, params=()):
        with self.conn.cursor() as cur:
            cur.execute(self._sql(sql, params), list(params) or None)

    def _relation(self, sql: str, params, scratch: Path) -> duckdb.DuckDBPyConnection:
        """The query's result in an in-memory DuckDB table `result`, typed as on DuckDB."""
        with self.conn.cursor() as cur:
            query = cur.mogrify(self._sql(sql, params), list(params) or None).decode()
            cur.execute(f"select * from ({query}) as q limit 0")
            columns = {d.name: _duckdb_type(d) for d in cur.description}
            path = scratch / "result.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                cur.copy_expert(f"copy ({query}) to stdout with (format csv, header true)", handle)
        local = duckdb.connect()
        types = "{" + ", ".join(f"'{n.replace(chr(39), chr(39) * 2)}': '{t}'" for n, t in columns.items()) + "}"
        local.execute(f"create table result as select * from read_csv('{path}', header = true, columns = {types}, "
                      f"auto_detect = false, quote = '\"', escape = '\"', allow_quoted_nulls = false)")
        return local

    def frame(self, sql, params=()):
        with tempfile.TemporaryDirectory(prefix="sendpipe-pg-") as scratch:
            local = self._relation(sql, params, Path(scratch))
            try:
                return local.execute("select * from result").df()
            finally:
                local.close()

    def export(self, sql, csv_path, parquet_path):
        with tempfile.TemporaryDirectory(prefix="sendpipe-pg-") as scratch:
            local = self._relation(sql, (), Path(scratch))
            try:
                DuckDBSession(local).export("select * from result", csv_path, parquet_path)
            finally:
                local.close()


@dataclass(frozen=True)
class DuckDBWarehouse:
    """The embedded default: one DuckDB file holds raw, models and published tables."""
    path: Path
    target: str = DUCKDB_TARGET

    @contextmanager
    def session(self, read_only: bool = True) -> Iterator[DuckDBSession]:
        """A read-only session, or one write transaction (committed on success, rolled back on error)."""
        con = duckdb_connect(self.path, read_only=read_only)
        try:
            if read_only:
                yield DuckDBSession(con)
                return
            con.execute("begin transaction")
            try:
                yield DuckDBSession(con)
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
        finally:
            con.close()

    def receive_raw(self, raw_store: Path, schema: str = "raw") -> None:
        """The loader wrote the raw schema into this same file: nothing to copy."""


@dataclass(frozen=True)
class PostgresWarehouse:
    """The production warehouse: a Postgres database (dbt's `prod` target)."""
    connection: PostgresConnection
    target: str = POSTGRES_TARGET

    @contextmanager
    def session(self, read_only: bool = True) -> Iterator[PostgresSession]:
        conn = self.connection.connect()
        try:
            conn.set_session(readonly=read_only)
            try:
                yield PostgresSession(conn)
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        finally:
            conn.close()

    def receive_raw(self, raw_store: Path, schema: str = "raw") -> None:
        """Replace Postgres's raw `schema` (a source's: raw, raw_council) with the raw store's, in one
        transaction: readers see the previous night's raw tables or tonight's, and a rerun copies the
        same rows again."""
        source = duckdb_connect(raw_store, read_only=True)
        try:
            tables = [t for (t,) in source.execute("select table_name from information_schema.tables "
                                                    "where table_schema = ? order by table_name", [schema]).fetchall()]
            with self.session(read_only=False) as target, tempfile.TemporaryDirectory(prefix="sendpipe-raw-") as scratch:
                target.execute(f"create schema if not exists {quote(schema)}")
                for table in tables:
                    columns = source.execute("select column_name, data_type from information_schema.columns where "
                                             "table_schema = ? and table_name = ? order by ordinal_position",
                                             [schema, table]).fetchall()
                    definition = [(c, _PG_TYPE_OF_DUCKDB_TYPE.get(t, "text")) for c, t in columns]
                    if target.rows("select column_name, data_type from information_schema.columns where table_schema = ? "
                                   "and table_name = ? order by ordinal_position", [schema, table]) == definition:
                        target.execute(f"truncate {quote(schema)}.{quote(table)}")  # keeps the staging views built on it
                    else:  # new, or its columns changed: dbt rebuilds the staging views this drops
                        target.execute(f"drop table if exists {quote(schema)}.{quote(table)} cascade")
                        target.execute(f"create table {quote(schema)}.{quote(table)} (" + ", ".join(
                            f"{quote(c)} {t}" for c, t in definition) + ")")
                    path = Path(scratch) / f"{table}.csv"
                    source.execute(f"copy {quote(schema)}.{quote(table)} to '{path}' (format csv, header false)")
                    with path.open("r", encoding="utf-8", newline="") as handle, target.conn.cursor() as cur:
                        cur.copy_expert(f"copy {quote(schema)}.{quote(table)} from stdin with (format csv)", handle)
        finally:
            source.close()
        log.info("copied %d %s tables from %s to Postgres %s/%s", len(tables), schema, raw_store,
                 self.connection.host, self.connection.database)


Warehouse = DuckDBWarehouse | PostgresWarehouse


def open_warehouse(settings) -> Warehouse:
    """The warehouse a run's settings name (SENDPIPE_TARGET)."""
    if settings.target == POSTGRES_TARGET:
        return PostgresWarehouse(settings.postgres)
    return DuckDBWarehouse(settings.warehouse)
