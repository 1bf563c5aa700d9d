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

from sendpipe.publish import PUBLISHED_SCHEMA, PUBLISHED_TABLES
from sendpipe.warehouse import Warehouse

log = logging.getLogger(__name__)


def _ensure_schema(session) -> None:
    session.execute("create schema if not exists history")
    session.execute("create table if not exists history._year_end_freezes (financial_year varchar, frozen_as_at date, frozen_at timestamp)")
    session.execute("create table if not exists history._restatements (financial_year varchar, restated_at timestamp, reason varchar)")


def freeze_closed_years(warehouse: Warehouse, export_date: date, grace_days: int) -> list[str]:
    """Freeze every year that ended at least `grace_days` before `export_date` and is not frozen yet
    (one transaction: a year is frozen whole or not at all)."""
    with warehouse.session(read_only=False) as session:
        _ensure_schema(session)
        closed = [fy for (fy,) in session.rows("""
            select financial_year from marts.dim_financial_years
            where ends_on + ? < ? and financial_year not in (select financial_year from history._year_end_freezes)
            order by financial_year""", [grace_days, export_date])]
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for table in PUBLISHED_TABLES if closed else ():
            session.execute(f"create table if not exists history.{table} as "
                            f"select *, cast(null as date) as frozen_as_at from {PUBLISHED_SCHEMA}.{table} where false")
            for financial_year in closed:
                session.execute(f"insert into history.{table} select *, cast(? as date) from {PUBLISHED_SCHEMA}.{table} "
                                f"where financial_year = ?", [export_date, financial_year])
        for financial_year in closed:
            session.execute("insert into history._year_end_freezes values (?, ?, ?)", [financial_year, export_date, now])
    if closed:
        log.info("froze the published tables of closed year(s) %s as at %s", ", ".join(closed), export_date)
    return closed


def restate(warehouse: Warehouse, financial_year: str, reason: str) -> None:
    """Unfreeze a closed year so the next run recomputes (and freezes) it; the reason is kept."""
    if not reason.strip():
        raise ValueError("a restatement needs a reason")
    with warehouse.session(read_only=False) as session:
        _ensure_schema(session)
        frozen = session.rows("select count(*) from history._year_end_freezes where financial_year = ?", [financial_year])[0][0]
        if not frozen:
            raise ValueError(f"{financial_year} is not frozen: nothing to restate")
        for table in PUBLISHED_TABLES:
            if session.table_exists("history", table):
                session.execute(f"delete from history.{table} where financial_year = ?", [financial_year])
        session.execute("delete from history._year_end_freezes where financial_year = ?", [financial_year])
        session.execute("insert into history._restatements values (?, ?, ?)",
                        [financial_year, datetime.now(timezone.utc).replace(tzinfo=None), reason])
    log.info("restating %s: %s", financial_year, reason)
