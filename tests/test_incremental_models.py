"""Nightly runs build staging, current state and the per-drop quality models incrementally; a full
refresh gives the same tables.

The incremental models (staging by drop, current state by drop and key: dbt_project/macros/
incremental.sql and current_state.sql; dq_repeated_ids by drop) must never drift from a rebuild
from raw: after nights run one by one, after a drop is re-delivered with records changed or gone,
after an earlier night is rebuilt, and after the code lists or the pseudonym key staging parses
with have changed.
"""
from __future__ import annotations

import dataclasses
import shutil
from datetime import date

import pytest

from sendpipe import dbt_build, pipeline
from sendpipe.contracts import DBT_PROJECT_DIR
from sendpipe.demo.scaled_generator import drop_nights, write_services
from sendpipe.load import connect
from tests.conftest import settings_for
from tests.factory import enquiry, row, write_drop

# Compared schemas; the history tables (snapshots, year-end freezes) depend on the nights a warehouse
# has seen, by design, and the raw tables on load times.
COMPARED_SCHEMAS = ("staging", "intermediate", "marts", "quality", "published")
# Staging and dq_repeated_ids hold every drop loaded, also those after a rebuilt night.
AS_AT_SCHEMAS = ("intermediate", "marts", "published")
BOOKKEEPING = ("_built_as_at", "_loads_through")  # which build wrote a current-state row


def tables(warehouse, schemas) -> dict[str, list[tuple]]:
    """Every table's rows in `schemas`, sorted, without the bookkeeping columns."""
    found = {}
    with connect(warehouse, read_only=True) as con:
        names = con.execute("select schema_name, table_name from duckdb_tables() where schema_name in ? order by 1, 2",
                            [list(schemas)]).fetchall()
        for schema, table in names:
            columns = [c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = ? and table_name = ? "
                                                 "order by column_index", [schema, table]).fetchall() if c not in BOOKKEEPING]
            listed = ", ".join(f'"{c}"' for c in columns)
            found[f"{schema}.{table}"] = sorted(con.execute(f'select {listed} from "{schema}"."{table}"').fetchall(), key=repr)
    return found


def assert_same_tables(incremental, full_refresh, schemas=COMPARED_SCHEMAS):
    built, rebuilt = tables(incremental, schemas), tables(full_refresh, schemas)
    assert sorted(built) == sorted(rebuilt)
    for name in built:
        assert built[name] == rebuilt[name], name


def full_refresh(landing, base, night, **changes):
    shutil.rmtree(base, ignore_errors=True)
    settings = dataclasses.replace(settings_for(landing, base, night), full_refresh=True, **changes)
    return pipeline.run(settings).settings.warehouse


def test_nights_run_one_by_one_give_the_tables_of_one_full_refresh(tmp_path):
    landings = tmp_path / "landings"
    write_services(landings, services=2, years=2)
    nights = drop_nights(2)
    for night in nights:
        nightly = pipeline.run(settings_for(landings, tmp_path / "nightly", night)).settings.warehouse
    with connect(nightly, read_only=True) as con:
        assert con.execute("select count(distinct _built_as_at) from intermediate.int_enquiries__current").fetchone()[0] > 1, \
            "the current enquiries were all rewritten: the nightly runs were not incremental"
        assert con.execute("select count(distinct _built_as_at) from quality.dq_issue_spans").fetchone()[0] > 1, \
            "the issues were all rewritten: the nightly runs did not follow on from the night before"
    assert_same_tables(nightly, full_refresh(landings, tmp_path / "full", nights[-1]))


def test_a_redelivered_drop_and_a_rebuilt_earlier_night_recompute_the_records_they_touch(tmp_path):
    landing = tmp_path / "landing"
    first, second, third = date(2023, 5, 2), date(2023, 5, 3), date(2023, 5, 4)
    write_drop(landing, first, rows={"initial_enquiries.csv": [enquiry("IE000001", "Received", "02/05/2023 09:00"),
                                                                enquiry("IE000002", "Received", "02/05/2023 09:30")]})
    write_drop(landing, second, rows={"initial_enquiries.csv": [enquiry("IE000001", "Closed - responded successfully", "03/05/2023 10:00"),
                                                                 enquiry("IE000003", "Received", "03/05/2023 11:00"),
                                                                 enquiry("IE000003", "Received", "03/05/2023 11:00")]})
    # IE000004 has no District: a finding (district_unrecorded) in the third night's drop.
    write_drop(landing, third, rows={"initial_enquiries.csv": [
        row("initial_enquiries.csv", **{"Enquiry ID": "IE000004", "Enquiry Status": "Received", "Last Modified": "04/05/2023 09:00",
                                        "District": ""})]})
    nightly = tmp_path / "nightly"

    def run(night):
        result = pipeline.run(settings_for(landing, nightly, night))
        with connect(result.settings.warehouse, read_only=True) as con:
            return con.execute("select enquiry_id, enquiry_status from marts.fct_enquiries order by 1").fetchall()

    for night in (first, second, third):
        statuses = run(night)
    assert statuses == [("IE000001", "Closed - responded successfully"), ("IE000002", "Received"),
                        ("IE000003", "Received"), ("IE000004", "Received")]
    with connect(nightly / "warehouse" / "sendpipe.duckdb", read_only=True) as con:
        assert con.execute("select record_id, drop_date, rows_in_file from quality.dq_repeated_ids").fetchall() == [
            ("IE000003", second, 2)]

    # The second night is re-delivered without either of its records: IE000001 falls back to its
    # first-night version and IE000003, seen nowhere else, is gone, and so is its duplicate.
    write_drop(landing, second, rows={"initial_enquiries.csv": [enquiry("IE000002", "Closed - responded successfully", "03/05/2023 12:00")]})
    assert run(third) == [("IE000001", "Received"), ("IE000002", "Closed - responded successfully"), ("IE000004", "Received")]
    assert_same_tables(nightly / "warehouse" / "sendpipe.duckdb", full_refresh(landing, tmp_path / "full", third))

    # Rebuilt as at the first night: the later records and versions are gone; then forward again.
    assert run(first) == [("IE000001", "Received"), ("IE000002", "Received")]
    rebuilt = full_refresh(landing, tmp_path / "full", first)
    assert_same_tables(nightly / "warehouse" / "sendpipe.duckdb", rebuilt, AS_AT_SCHEMAS)
    built_quality, rebuilt_quality = tables(nightly / "warehouse" / "sendpipe.duckdb", ["quality"]), tables(rebuilt, ["quality"])
    for name in ("quality.dq_findings", "quality.dq_issue_spans", "quality.dq_issues"):
        assert built_quality[name] == rebuilt_quality[name], name
    assert run(third) == [("IE000001", "Received"), ("IE000002", "Closed - responded successfully"), ("IE000004", "Received")]
    assert_same_tables(nightly / "warehouse" / "sendpipe.duckdb", full_refresh(landing, tmp_path / "full", third))

    # The first night re-delivered after the third was loaded, the second rebuilt, then the third
    # again: the third night's drop, loaded before the re-delivery, still counts in the issue history.
    write_drop(landing, first, rows={"initial_enquiries.csv": [
        row("initial_enquiries.csv", **{"Enquiry ID": "IE000001", "Enquiry Status": "Received", "Last Modified": "02/05/2023 09:00",
                                        "District": ""})]})
    run(second)
    run(third)
    rebuilt = full_refresh(landing, tmp_path / "full", third)
    with connect(rebuilt, read_only=True) as con:
        assert con.execute("select count(*) from quality.dq_issues where last_seen_on = ?", [third]).fetchone()[0] > 0
    assert_same_tables(nightly / "warehouse" / "sendpipe.duckdb", rebuilt)


@pytest.mark.parametrize("change", ["a spelling added to district_spellings", "the pseudonym key rotated"])
def test_a_changed_code_list_or_pseudonym_key_reaches_the_drops_parsed_before(tmp_path, monkeypatch, change):
    # The first night's drop was parsed with that night's spellings and key. Its records are not in
    # the second night's drop, so only parsing every drop again gives them the new parse.
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setattr(dbt_build, "DBT_PROJECT_DIR", project)
    landing = tmp_path / "landing"
    first, second = date(2023, 5, 2), date(2023, 5, 3)
    write_drop(landing, first, rows={
        "initial_enquiries.csv": [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001", "District": "Dorchester Town"})],
        "cases.csv": [row("cases.csv", **{"Case ID": "CA00001", "Enquiry ID": "IE000001", "District": "Dorchester Town",
                                         "Referral Date": "01/05/2023", "Last Modified": "01/05/2023 10:00"})]})
    write_drop(landing, second, rows={"initial_enquiries.csv": [
        row("initial_enquiries.csv", **{"Enquiry ID": "IE000002", "Last Modified": "03/05/2023 10:00"})]})
    nightly = tmp_path / "nightly"
    built = pipeline.run(settings_for(landing, nightly, first)).settings.warehouse
    with connect(built, read_only=True) as con:
        assert con.execute("select record_id, field from quality.dq_issue_spans order by 1").fetchall() == [
            ("CA00001", "District"), ("IE000001", "District")]

    changes = {}
    if change == "a spelling added to district_spellings":
        with (project / "seeds" / "district_spellings.csv").open("a") as spellings:
            spellings.write("dorchester town,Dorchester\n")
    else:
        changes["pseudonym_key"] = "a rotated key"
    settings = dataclasses.replace(settings_for(landing, nightly, second), **changes)
    pipeline.run(settings)

    rebuilt = full_refresh(landing, tmp_path / "full", second, **changes)
    assert_same_tables(settings.warehouse, rebuilt)
    if change == "a spelling added to district_spellings":
        with connect(settings.warehouse, read_only=True) as con:
            assert con.execute("select district from marts.fct_enquiries where enquiry_id = 'IE000001'").fetchone() == ("Dorchester",)
            assert con.execute("select count(*) from quality.dq_issue_spans").fetchone()[0] == 0, \
                "the unknown district's issue outlived the spelling that resolves it"


def test_an_incremental_table_built_by_an_earlier_sendpipe_with_other_columns_is_rebuilt_from_raw(
        demo_run, demo_landing, tmp_path, caplog):
    # A warehouse as an earlier sendpipe left it: its activities' tables lack a column the models
    # now have. Patching them would leave their old rows without it; the build is run again as a
    # full refresh, and gives the tables of a new warehouse.
    shutil.copytree(demo_run.settings.warehouse.parent.parent, tmp_path / "upgraded")
    settings = settings_for(demo_landing, tmp_path / "upgraded", demo_run.export_date)
    with connect(settings.warehouse) as con:
        for table in ("staging.stg_case_system__case_activities", "intermediate.int_case_activities__current"):
            con.execute(f"alter table {table} drop column financial_year")
        # Before the parse-input fingerprint, too.
        for table in ("staging.stg_case_system__initial_enquiries", "intermediate.int_enquiries__current", "quality.dq_issue_spans"):
            con.execute(f"alter table {table} drop column _parsed_with")
    with caplog.at_level("WARNING", logger="sendpipe.dbt_build"):
        pipeline.run(settings)
    assert "stg_case_system__case_activities" in caplog.text and "full refresh" in caplog.text
    assert_same_tables(settings.warehouse, demo_run.settings.warehouse)
