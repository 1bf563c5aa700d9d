"""Publish the KPI tables of the output contract as CSV and parquet with a manifest, atomically.

The publish folder is a symbolic link to a complete version folder. A run writes a new version
beside it, then swaps the link in one rename, so a reader sees the previous complete set or the
new complete set, never a half-written file or a mix of two nights.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM, COUNCIL_SEND, Source
from sendpipe.warehouse import Warehouse, quote

log = logging.getLogger(__name__)

# The output contract: table -> columns, in order. Consumers depend on these names. `service` (the
# landing folder a service's drops arrive in) was added first when one run began to serve many
# services; every other column is as the contract first named it.
PUBLISHED_TABLES: dict[str, tuple[str, ...]] = {
    "enquiries_by_reason": ("service", "financial_year", "reason", "enquiries"),
    "response_times": ("service", "financial_year", "band", "enquiries", "cumulative_pct", "target_pct"),
    "response_time_summary": ("service", "financial_year", "band", "enquiries", "cumulative_pct", "target_pct"),
    "enquiries_by_method": ("service", "financial_year", "method", "enquiries"),
    "enquiries_by_service_user": ("service", "financial_year", "service_user", "enquiries"),
    "enquiries_by_district_reason": ("service", "financial_year", "district", "reason", "enquiries"),
    "enquiry_outcomes": ("service", "financial_year", "enquiry_status", "enquiries"),
    "case_status_by_district": ("service", "financial_year", "district", "referral_status", "cases"),
    "intervention_levels": ("service", "financial_year", "referral_status", "intervention_level", "district", "cases"),
    "activities_by_reason_subtype": ("service", "financial_year", "reason", "subtype", "activities", "cases", "activities_per_case"),
    "quarterly_trends": ("service", "financial_year", "quarter", "enquiries", "converted_to_case"),
    "tribunal_appeals": ("service", "financial_year", "dimension", "category", "appeals", "pct"),
    "feedback_scores": ("service", "financial_year", "survey", "responses", "mean_effectiveness",
                        "pct_recommend_strongly_agree", "pct_helpful_strongly_agree"),
    "kpi_targets": ("service", "financial_year", "kpi", "target", "actual", "status"),
    "dq_summary": ("service", "financial_year", "check", "records_checked", "records_flagged", "pct_flagged"),
}
# The council SEND case system's tables, added by name beside the contract's (never renaming them).
COUNCIL_PUBLISHED_TABLES: dict[str, tuple[str, ...]] = {
    "ehcp_timeliness": ("financial_year", "locality", "plans_issued", "within_20_weeks", "pct_within_20_weeks",
                        "plans_issued_excluding_exceptions", "within_20_weeks_excluding_exceptions",
                        "pct_within_20_weeks_excluding_exceptions"),
    "assessment_decisions": ("financial_year", "locality", "decisions", "decided_to_assess", "within_6_weeks",
                             "pct_within_6_weeks"),
    "annual_reviews": ("financial_year", "locality", "plans_in_force", "overdue_now", "pct_overdue_now", "reviewed_in_year",
                       "decisions_on_time", "decisions_late", "decisions_pending", "pct_decisions_on_time"),
    "charter_response_standards": ("financial_year", "month", "locality", "channel", "standard", "contacts", "met",
                                   "not_met", "pending", "incorrect_dates", "pct_met"),
    "caseload_by_provision_lead": ("financial_year", "provision_lead", "locality", "plans_in_force"),
    "council_dq_summary": ("financial_year", "check", "records_checked", "records_flagged", "pct_flagged"),
}


@dataclass(frozen=True)
class PublicationSet:
    """What one source publishes: its tables (name -> columns) and the one summarising its data quality."""
    tables: dict[str, tuple[str, ...]]
    dq_summary: str


PUBLICATION_SETS = {
    CASE_SYSTEM.name: PublicationSet(PUBLISHED_TABLES, "dq_summary"),
    COUNCIL_SEND.name: PublicationSet(COUNCIL_PUBLISHED_TABLES, "council_dq_summary"),
}
PUBLISHED_SCHEMA = "published"
VERSIONS_KEPT = 3

# Small-number suppression for public release (off for the internal insight service): in a row where
# any count is 1 to 4, every count and every figure derived from the row's counts is shown as
# SUPPRESSED. This is primary suppression only: totals and cumulative percentages elsewhere can
# still let a reader difference a suppressed cell back, so a public release needs a human review.
SUPPRESSED = "[c]"
COUNT_COLUMNS = {"enquiries", "cases", "activities", "appeals", "responses", "converted_to_case", "records_checked",
                 "records_flagged", "plans_issued", "within_20_weeks", "plans_issued_excluding_exceptions",
                 "within_20_weeks_excluding_exceptions", "decisions", "decided_to_assess", "within_6_weeks", "plans_in_force",
                 "overdue_now", "reviewed_in_year", "decisions_on_time", "decisions_late", "decisions_pending", "contacts",
                 "met", "not_met", "pending", "incorrect_dates"}
DERIVED_COLUMNS = {"cumulative_pct", "pct", "pct_flagged", "mean_effectiveness", "pct_recommend_strongly_agree",
                   "pct_helpful_strongly_agree", "activities_per_case", "pct_within_20_weeks",
                   "pct_within_20_weeks_excluding_exceptions", "pct_within_6_weeks", "pct_overdue_now",
                   "pct_decisions_on_time", "pct_met"}


@dataclass(frozen=True)
class Publication:
    path: Path
    version: Path
    manifest: dict


def versions_dir(publish_dir: Path) -> Path:
    return publish_dir.parent / f".{publish_dir.name}.versions"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _select(table: str, columns: tuple[str, ...], suppress: bool) -> str:
    counts = [c for c in columns if c in COUNT_COLUMNS]
    if not (suppress and counts):
        expressions = [quote(c) for c in columns]
    else:
        small = " or ".join(f"{quote(c)} between 1 and 4" for c in counts)
        expressions = [
            f"case when {small} then '{SUPPRESSED}' else cast({quote(c)} as varchar) end as {quote(c)}"
            if c in COUNT_COLUMNS | DERIVED_COLUMNS else quote(c)
            for c in columns
        ]
    return f"select {', '.join(expressions)} from {PUBLISHED_SCHEMA}.{table} order by {_order(columns)}"


def _order(columns: tuple[str, ...]) -> str:
    return ("service, " if "service" in columns else "") + "financial_year, sort_order"


def write_version(warehouse: Warehouse, folder: Path, export_date: date, run_time: datetime, suppress: bool = False,
                  source: Source = CASE_SYSTEM) -> dict:
    """Write every table of the source and the manifest into `folder` (not yet visible to readers)."""
    publication_set = PUBLICATION_SETS[source.name]
    folder.mkdir(parents=True)
    tables = {}
    with warehouse.session() as session:
        for table, columns in publication_set.tables.items():
            csv_path, parquet_path = folder / f"{table}.csv", folder / f"{table}.parquet"
            session.export(_select(table, columns, suppress), csv_path, parquet_path)
            rows = session.rows(f"select count(*) from {PUBLISHED_SCHEMA}.{table}")[0][0]
            tables[table] = {"rows": rows, "csv_sha256": _sha256(csv_path), "parquet_sha256": _sha256(parquet_path)}
        dq_columns = publication_set.tables[publication_set.dq_summary]
        dq = session.rows(f"select {', '.join(quote(c) for c in dq_columns)} "
                          f"from {PUBLISHED_SCHEMA}.{publication_set.dq_summary} order by {_order(dq_columns)}")
    manifest = {
        "export_date": export_date.isoformat(),
        "run_time": run_time.isoformat(timespec="seconds"),
        "small_number_suppression": (f"counts 1 to 4 and the figures derived from them shown as {SUPPRESSED}"
                                     if suppress else "none"),
        "tables": tables,
        "dq_summary": [
            {column: (float(value) if column == "pct_flagged" and value is not None else value)
             for column, value in zip(dq_columns, row)}
            for row in dq
        ],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for f in folder.iterdir():
        with f.open("rb") as handle:
            os.fsync(handle.fileno())
    return manifest


def publish(warehouse: Warehouse, publish_dir: Path, export_date: date, suppress_small_numbers: bool = False,
            source: Source = CASE_SYSTEM) -> Publication:
    """Write a new version of the source's tables and swap it in; keep the last few versions for
    readers still reading."""
    run_time = datetime.now(timezone.utc)
    versions = versions_dir(publish_dir)
    versions.mkdir(parents=True, exist_ok=True)
    version = versions / f"{export_date.isoformat()}_{run_time.strftime('%Y%m%dT%H%M%S%fZ')}"
    manifest = write_version(warehouse, version, export_date, run_time, suppress_small_numbers, source)
    _adopt_plain_folder(publish_dir, versions)
    swap = publish_dir.parent / f".{publish_dir.name}.swap"
    if swap.is_symlink() or swap.exists():
        swap.unlink()
    swap.symlink_to(os.path.relpath(version, publish_dir.parent))
    os.replace(swap, publish_dir)  # the one atomic step
    _prune(versions, keep=version)
    log.info("published %d %s tables for export date %s to %s", len(PUBLICATION_SETS[source.name].tables), source.title,
             export_date, publish_dir)
    return Publication(publish_dir, version, manifest)


def _adopt_plain_folder(publish_dir: Path, versions: Path) -> None:
    """A publish folder that is a plain directory (made by hand) is moved aside once, not lost."""
    if publish_dir.exists() and not publish_dir.is_symlink():
        target = versions / f"adopted_{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')}"
        publish_dir.rename(target)
        publish_dir.symlink_to(os.path.relpath(target, publish_dir.parent))


def _prune(versions: Path, keep: Path) -> None:
    old = sorted((p for p in versions.iterdir() if p.is_dir() and p != keep), key=lambda p: p.stat().st_mtime)
    for p in old[: max(len(old) - (VERSIONS_KEPT - 1), 0)]:
        shutil.rmtree(p, ignore_errors=True)
