"""The pipeline's behaviour across nights: later states win, reruns are idempotent."""
from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date

import pytest

from sendpipe import pipeline
from sendpipe.benchmark import duckdb_sql
from sendpipe.benchmark.kpis import COMPARED_TABLES, figures_from_published, figures_from_rows
from sendpipe.demo.scaled_generator import write_services
from sendpipe.load import connect
from tests.conftest import read_csv, settings_for
from tests.factory import enquiry, row, write_drop


def test_a_record_changed_on_a_later_night_shows_its_later_state(tmp_path):
    landing = tmp_path / "landing"
    received = row("initial_enquiries.csv", **{"Enquiry ID": "IE000001", "Date": "01/05/2023", "Initial Response Date": "",
                                                 "Enquiry Status": "Received", "Last Modified": "01/05/2023 09:00"})
    closed = row("initial_enquiries.csv", **{"Enquiry ID": "IE000001", "Date": "01/05/2023", "Initial Response Date": "02/05/2023",
                                               "Enquiry Status": "Closed - responded successfully", "Last Modified": "02/05/2023 11:00"})
    write_drop(landing, date(2023, 5, 1), rows={"initial_enquiries.csv": [received]})
    write_drop(landing, date(2023, 5, 2), rows={"initial_enquiries.csv": [closed]})
    write_drop(landing, date(2023, 5, 3), rows={"initial_enquiries.csv": []})  # aged out: keeps its last state

    def state(export_date):
        result = pipeline.run(settings_for(landing, tmp_path, export_date))
        with connect(result.settings.warehouse, read_only=True) as con:
            return con.execute("select enquiry_status, response_band from marts.fct_enquiries").fetchall()

    assert state(None) == [("Closed - responded successfully", "1")]
    assert state("2023-05-01") == [("Received", "Not yet responded")]  # rebuilt as at the first night


def test_the_current_version_is_the_latest_last_modified_then_the_latest_drop_then_the_last_row(tmp_path):
    """The rule in docs/formats.md, for a nightly run and for a single run of the later night."""
    landing = tmp_path / "landing"
    first, second = date(2023, 5, 1), date(2023, 5, 2)

    write_drop(landing, first, rows={"initial_enquiries.csv": [
        enquiry("IE000001", "Converted to case", "02/05/2023 10:00"),
        enquiry("IE000002", "Converted to case", "01/05/2023 10:00"),
        enquiry("IE000003", "Converted to case", "31/04/2023 10:00"),
        enquiry("IE000004", "Converted to case", "01/05/2023 10:00"),
    ]})
    write_drop(landing, second, rows={"initial_enquiries.csv": [
        enquiry("IE000001", "Received", "01/05/2023 10:00"),  # an older copy in a later drop
        enquiry("IE000002", "Received", "31/04/2023 10:00"),  # no such day: loses to a valid Last Modified
        enquiry("IE000003", "Received", "31/04/2023 10:00"),  # neither valid: the later drop
        enquiry("IE000004", "Received", "01/05/2023 10:00"),  # the same time: the later drop
        enquiry("IE000005", "Converted to case", "02/05/2023 10:00"),
        enquiry("IE000005", "Received", "02/05/2023 10:00"),  # repeated in one file: its last row
    ]})
    expected = [("IE000001", "Converted to case"), ("IE000002", "Converted to case"), ("IE000003", "Received"),
                ("IE000004", "Received"), ("IE000005", "Received")]

    def statuses(base, export_date):
        result = pipeline.run(settings_for(landing, base, export_date))
        with connect(result.settings.warehouse, read_only=True) as con:
            return con.execute("select enquiry_id, enquiry_status from marts.fct_enquiries order by enquiry_id").fetchall()

    statuses(tmp_path / "nightly", "2023-05-01")
    assert statuses(tmp_path / "nightly", "2023-05-02") == expected
    assert statuses(tmp_path / "single", "2023-05-02") == expected


def test_rerunning_a_night_gives_byte_identical_tables(demo_run):
    first = demo_run.publication
    second = pipeline.run(demo_run.settings).publication
    names = sorted(p.name for p in first.version.iterdir() if p.suffix == ".csv")
    assert names and names == sorted(p.name for p in second.version.iterdir() if p.suffix == ".csv")
    for name in names:
        assert (first.version / name).read_bytes() == (second.version / name).read_bytes(), name
    one, two = (json.loads((p.version / "manifest.json").read_text()) for p in (first, second))
    assert {k: v for k, v in one.items() if k != "run_time"} == {k: v for k, v in two.items() if k != "run_time"}


def test_a_requested_night_must_be_complete(tmp_path):
    write_drop(tmp_path, date(2024, 4, 2), skip=("cases.csv",))
    with pytest.raises(pipeline.NoCompleteDrop, match="incomplete: missing cases.csv"):
        pipeline.select_export_date(settings_for(tmp_path, tmp_path, "2024-04-02"))
    with pytest.raises(pipeline.NoCompleteDrop, match="no night with a complete drop in every landing"):
        pipeline.select_export_date(settings_for(tmp_path, tmp_path))


def test_a_backfill_reproduces_the_tables_of_a_single_run(demo_landing, demo_run, tmp_path):
    settings = settings_for(demo_landing, tmp_path)
    results = pipeline.backfill(settings, date(2024, 3, 31), date(2024, 4, 2))
    assert [r.export_date for r in results] == [date(2024, 3, 31), date(2024, 4, 1), date(2024, 4, 2)]
    single = demo_run.publication.path
    names = sorted(p.name for p in single.glob("*.csv"))
    for name in names:
        assert (settings.publish_dir / name).read_bytes() == (single / name).read_bytes(), name


def test_services_reusing_the_same_ids_are_kept_apart(demo_landing, demo_published, tmp_path):
    """Two case systems number their records alike; each service's tables are its own figures."""
    landings = tmp_path / "landings"
    shutil.copytree(demo_landing, landings / "dorset")
    write_services(landings / "other", services=1, years=2)  # IDs from IE004000 too, other records
    settings = settings_for(landings / "dorset", tmp_path, "2024-04-02")
    run = pipeline.run(dataclasses.replace(settings, exports_dirs=(landings / "dorset", landings / "other" / "service_001")))
    published = {table: read_csv(run.publication.path / f"{table}.csv") for table in COMPARED_TABLES}
    assert {r["service"] for rows in published.values() for r in rows} == {"dorset", "service_001"}

    def figures(service: str) -> dict:
        return {table: figures_from_rows(table, [r for r in rows if r["service"] == service]) for table, rows in published.items()}

    assert figures("dorset") == {table: {("dorset",) + key[1:]: value for key, value in found.items()}
                                 for table, found in figures_from_published(demo_published).items()}
    assert figures("service_001") == duckdb_sql.compute(landings / "other", date(2024, 4, 2))
