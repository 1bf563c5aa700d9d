"""Publishing: the contract's tables exactly, with a manifest, swapped in whole or not at all."""
from __future__ import annotations

import csv
import hashlib
import json
from datetime import date

import duckdb
import pytest

from sendpipe.load import connect
from sendpipe.publish import publish
from sendpipe.warehouse import DuckDBWarehouse
from tests.conftest import read_csv

# The output contract's tables and columns, typed from docs/formats.md: consumers depend on them.
# `service` was added (first) when one run began to serve many services.
CONTRACT = {
    "enquiries_by_reason": ["service", "financial_year", "reason", "enquiries"],
    "response_times": ["service", "financial_year", "band", "enquiries", "cumulative_pct", "target_pct"],
    "response_time_summary": ["service", "financial_year", "band", "enquiries", "cumulative_pct", "target_pct"],
    "enquiries_by_method": ["service", "financial_year", "method", "enquiries"],
    "enquiries_by_service_user": ["service", "financial_year", "service_user", "enquiries"],
    "enquiries_by_district_reason": ["service", "financial_year", "district", "reason", "enquiries"],
    "enquiry_outcomes": ["service", "financial_year", "enquiry_status", "enquiries"],
    "case_status_by_district": ["service", "financial_year", "district", "referral_status", "cases"],
    "intervention_levels": ["service", "financial_year", "referral_status", "intervention_level", "district", "cases"],
    "activities_by_reason_subtype": ["service", "financial_year", "reason", "subtype", "activities", "cases", "activities_per_case"],
    "quarterly_trends": ["service", "financial_year", "quarter", "enquiries", "converted_to_case"],
    "tribunal_appeals": ["service", "financial_year", "dimension", "category", "appeals", "pct"],
    "feedback_scores": ["service", "financial_year", "survey", "responses", "mean_effectiveness", "pct_recommend_strongly_agree",
                        "pct_helpful_strongly_agree"],
    "kpi_targets": ["service", "financial_year", "kpi", "target", "actual", "status"],
    "dq_summary": ["service", "financial_year", "check", "records_checked", "records_flagged", "pct_flagged"],
}


def test_every_contract_table_is_published_with_exactly_its_columns(demo_published):
    for table, columns in CONTRACT.items():
        with (demo_published / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == columns, table
        assert duckdb.sql(f"select * from '{demo_published / (table + '.parquet')}' limit 0").columns == columns, table
    assert sorted(p.stem for p in demo_published.glob("*.csv")) == sorted(CONTRACT)


def test_every_year_has_the_same_rows(demo_published):
    for table in CONTRACT:
        rows = read_csv(demo_published / f"{table}.csv")
        by_year: dict[str, list] = {}
        for r in rows:
            by_year.setdefault(r["financial_year"], []).append([v for k, v in r.items() if k in CONTRACT[table][2:3]])
        assert set(by_year) == {"2022-23", "2023-24", "2024-25"}, table
        assert len({len(v) for v in by_year.values()}) == 1, table


def test_the_manifest_names_the_export_date_row_counts_and_file_hashes(demo_run, demo_published):
    manifest = json.loads((demo_published / "manifest.json").read_text())
    assert manifest["export_date"] == "2024-04-02"
    assert set(manifest["tables"]) == set(CONTRACT)
    for table, entry in manifest["tables"].items():
        csv_path = demo_published / f"{table}.csv"
        assert entry["rows"] == len(read_csv(csv_path))
        assert entry["csv_sha256"] == hashlib.sha256(csv_path.read_bytes()).hexdigest()
        assert entry["parquet_sha256"] == hashlib.sha256((demo_published / f"{table}.parquet").read_bytes()).hexdigest()
    assert {"service": "landing", "financial_year": "2023-24", "check": "district_unrecorded", "records_checked": 1198,
            "records_flagged": 249, "pct_flagged": 20.8} in manifest["dq_summary"]


def test_the_publish_folder_is_a_link_to_one_complete_version(demo_published):
    assert demo_published.is_symlink()
    assert (demo_published / "manifest.json").is_file()


def test_a_failed_publish_leaves_the_last_good_publication_in_place(demo_run, tmp_path):
    target = tmp_path / "published"
    good = publish(DuckDBWarehouse(demo_run.settings.warehouse), target, date(2024, 4, 2))
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    broken = tmp_path / "broken.duckdb"
    duckdb.connect(str(broken)).close()  # a warehouse with no published tables
    with pytest.raises(duckdb.CatalogException):
        publish(DuckDBWarehouse(broken), target, date(2024, 4, 3))
    assert target.resolve() == good.version.resolve()
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_a_plain_publish_folder_made_by_hand_is_kept_not_lost(demo_run, tmp_path):
    target = tmp_path / "published"
    target.mkdir()
    (target / "notes.txt").write_text("kept")
    publish(DuckDBWarehouse(demo_run.settings.warehouse), target, date(2024, 4, 2))
    kept = list((tmp_path / ".published.versions").glob("adopted_*/notes.txt"))
    assert [p.read_text() for p in kept] == ["kept"]


def test_small_numbers_are_suppressed_only_on_request(demo_run, tmp_path):
    internal = publish(DuckDBWarehouse(demo_run.settings.warehouse), tmp_path / "internal", date(2024, 4, 2))
    public = publish(DuckDBWarehouse(demo_run.settings.warehouse), tmp_path / "public", date(2024, 4, 2), suppress_small_numbers=True)
    assert internal.manifest["small_number_suppression"] == "none"
    rows = {r["reason"]: r for r in read_csv(public.path / "enquiries_by_reason.csv") if r["financial_year"] == "2023-24"}
    assert rows["Health Care"]["enquiries"] == "[c]" and rows["Funding"]["enquiries"] == "11" and rows["Transition"]["enquiries"] == "26"
    appeals = {(r["dimension"], r["category"]): r for r in read_csv(public.path / "tribunal_appeals.csv") if r["financial_year"] == "2023-24"}
    assert appeals[("locality", "West")]["appeals"] == appeals[("locality", "West")]["pct"] == "[c]"
    assert appeals[("locality", "Chesil")]["appeals"] == "21" and appeals[("decision", "Pending")]["appeals"] == "0"
    for table in CONTRACT:
        for r in read_csv(public.path / f"{table}.csv"):
            assert all(r[c] not in {"1", "2", "3", "4"} for c in r if c in {"enquiries", "cases", "activities", "appeals", "responses"})


def test_the_insight_schema_mirrors_the_published_tables_and_marts(demo_run):
    from sendpipe.insight import MARTS

    with connect(demo_run.settings.warehouse, read_only=True) as con:
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables where table_schema = 'insight'").fetchall()}
        assert tables == set(CONTRACT) | set(MARTS["case_system"])
        for table, columns in CONTRACT.items():
            assert con.execute(f"select * from insight.{table} limit 0").df().columns.tolist() == columns
        assert con.execute("select sum(enquiries) from insight.enquiries_by_reason where financial_year = '2023-24'").fetchone()[0] == 1198
