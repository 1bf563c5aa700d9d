"""Closed years stay as they were at year end unless restated; snapshots keep status changes."""
from __future__ import annotations

import dataclasses
from datetime import date

from sendpipe import pipeline
from sendpipe.load import connect
from tests.conftest import read_csv, settings_for
from tests.factory import row, write_drop


def enquiry(enquiry_id, district, modified, status="Closed - responded successfully"):
    return row("initial_enquiries.csv", **{"Enquiry ID": enquiry_id, "Date": "10/03/2024", "Initial Response Date": "11/03/2024",
                                             "District": district, "Enquiry Status": status, "Last Modified": modified})


def purbeck_2023_24(settings):
    rows = read_csv(settings.publish_dir / "enquiries_by_district_reason.csv")
    return sum(int(r["enquiries"]) for r in rows if r["financial_year"] == "2023-24" and r["district"] == "Purbeck")


def test_a_closed_year_is_frozen_after_the_grace_period_and_restated_on_purpose(tmp_path):
    landing = tmp_path / "landing"
    write_drop(landing, date(2024, 4, 20), rows={"initial_enquiries.csv": [
        enquiry("IE000001", "Purbeck", "11/03/2024 10:00"), enquiry("IE000002", "Purbeck", "11/03/2024 10:00")]})
    # A late edit in May moves one 2023-24 enquiry to another district.
    write_drop(landing, date(2024, 5, 2), rows={"initial_enquiries.csv": [
        enquiry("IE000001", "Purbeck", "11/03/2024 10:00"), enquiry("IE000002", "Dorchester", "02/05/2024 09:00")]})
    settings = dataclasses.replace(settings_for(landing, tmp_path), year_end_grace_days=14)

    pipeline.run(dataclasses.replace(settings, export_date=date(2024, 4, 20)))  # 20 days after year end: frozen
    assert purbeck_2023_24(settings) == 2
    pipeline.run(dataclasses.replace(settings, export_date=date(2024, 5, 2)))
    assert purbeck_2023_24(settings) == 2  # the published year-end figure stands
    with connect(settings.warehouse, read_only=True) as con:  # while the marts show the record as it is now
        assert con.execute("select district from marts.fct_enquiries where enquiry_id = 'IE000002'").fetchone()[0] == "Dorchester"

    pipeline.restate(dataclasses.replace(settings, export_date=date(2024, 5, 2)), "2023-24", "district corrected at source")
    assert purbeck_2023_24(settings) == 1
    with connect(settings.warehouse, read_only=True) as con:
        assert con.execute("select financial_year, reason from history._restatements").fetchall() == [
            ("2023-24", "district corrected at source")]
        assert con.execute("select frozen_as_at from history._year_end_freezes where financial_year = '2023-24'").fetchone()[0] \
            == date(2024, 5, 2)


def test_snapshots_keep_every_status_an_enquiry_had(tmp_path):
    landing = tmp_path / "landing"
    write_drop(landing, date(2023, 5, 1), rows={"initial_enquiries.csv": [row(
        "initial_enquiries.csv", **{"Enquiry ID": "IE000001", "Initial Response Date": "", "Enquiry Status": "Received",
                                    "Date": "01/05/2023", "Last Modified": "01/05/2023 09:00"})]})
    write_drop(landing, date(2023, 5, 2), rows={"initial_enquiries.csv": [row(
        "initial_enquiries.csv", **{"Enquiry ID": "IE000001", "Date": "01/05/2023", "Last Modified": "02/05/2023 09:00"})]})
    settings = settings_for(landing, tmp_path)
    pipeline.backfill(settings, date(2023, 5, 1), date(2023, 5, 2))
    with connect(settings.warehouse, read_only=True) as con:
        versions = con.execute("select enquiry_status, dbt_valid_to is null from history.snap_enquiries "
                               "where enquiry_id = 'IE000001' order by dbt_valid_from").fetchall()
    assert versions == [("Received", False), ("Closed - responded successfully", True)]
