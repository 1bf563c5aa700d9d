"""Closed financial years: freeze their published rows at year end, restate them on purpose.

The first run whose export date is at least `grace_days` after a year's 31 March (officers finish
late entries in the first weeks of April) copies that year's rows of every published table into
history.<table> (with the export date as `frozen_as_at`). From then on the
published models take the year's rows from there, so late edits to old records do not silently
change figures already reported. `restate` removes a year's frozen rows (and records why) so the
next run recomputes and freezes them again.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timezone
from pathlib import Path

from sendpipe.load import connect
from sendpipe.publish import PUBLISHED_SCHEMA, PUBLISHED_TABLES

log = logging.getLogger(__name__)


def _ensure_schema(con) -> None:
    con.execute("create schema if not exists history")
    con.execute("create table if not exists history._year_end_freezes (financial_year varchar, frozen_as_at date, frozen_at timestamp)")
    con.execute("create table if not exists history._restatements (financial_year varchar, restated_at timestamp, reason varchar)")


def freeze_closed_years(warehouse: Path, export_date: date, grace_days: int) -> list[str]:
    """Freeze every year that ended at least `grace_days` before `export_date` and is not frozen yet."""
    with connect(warehouse) as con:
        _ensure_schema(con)
        closed = [fy for (fy,) in con.execute("""
            select financial_year from marts.dim_financial_years
            where ends_on + ? < ? and financial_year not in (select financial_year from history._year_end_freezes)
            order by financial_year""", [grace_days, export_date]).fetchall()]
        if not closed:
            return []
        con.execute("begin transaction")
        try:
            for table in PUBLISHED_TABLES:
                con.execute(f"create table if not exists history.{table} as "
                            f"select *, cast(null as date) as frozen_as_at from {PUBLISHED_SCHEMA}.{table} where false")
                con.execute(f"insert into history.{table} select *, cast(? as date) from {PUBLISHED_SCHEMA}.{table} "
                            f"where financial_year in (select unnest(?))", [export_date, closed])
            now = datetime.now(timezone.utc).replace(tzinfo=None)
            con.executemany("insert into history._year_end_freezes values (?, ?, ?)", [[fy, export_date, now] for fy in closed])
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    log.info("froze the published tables of closed year(s) %s as at %s", ", ".join(closed), export_date)
    return closed


def restate(warehouse: Path, financial_year: str, reason: str) -> None:
    """Unfreeze a closed year so the next run recomputes (and freezes) it; the reason is kept."""
    if not reason.strip():
        raise ValueError("a restatement needs a reason")
    with connect(warehouse) as con:
        _ensure_schema(con)
        frozen = con.execute("select count(*) from history._year_end_freezes where financial_year = ?", [financial_year]).fetchone()[0]
        if not frozen:
            raise ValueError(f"{financial_year} is not frozen: nothing to restate")
        con.execute("begin transaction")
        for table in PUBLISHED_TABLES:
            if con.execute("select count(*) from information_schema.tables where table_schema = 'history' and table_name = ?",
                           [table]).fetchone()[0]:
                con.execute(f"delete from history.{table} where financial_year = ?", [financial_year])
        con.execute("delete from history._year_end_freezes where financial_year = ?", [financial_year])
        con.execute("insert into history._restatements values (?, ?, ?)",
                    [financial_year, datetime.now(timezone.utc).replace(tzinfo=None), reason])
        con.execute("commit")
    log.info("restating %s: %s", financial_year, reason)
