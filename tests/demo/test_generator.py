"""The demo generator writes the export contract's format, realistically and reproducibly."""
from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime

from sendpipe.contracts import CASE_SYSTEM_FILES
from sendpipe.demo.generator import write_drops


def hashes(landing):
    return {str(p.relative_to(landing)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(landing.rglob("*.csv"))}


def read(path):
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    write_drops(tmp_path / "a", first_night=date(2024, 4, 1))
    write_drops(tmp_path / "b", first_night=date(2024, 4, 1))
    write_drops(tmp_path / "c", seed=7, first_night=date(2024, 4, 1))
    assert hashes(tmp_path / "a") == hashes(tmp_path / "b")
    assert hashes(tmp_path / "a") != hashes(tmp_path / "c")


def test_files_are_in_the_contract_format(demo_landing):
    night = demo_landing / "2024-04-02"
    for spec in CASE_SYSTEM_FILES:
        data = (night / spec.name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") == (spec.name != "feedback.csv")
        assert data.endswith(b"\r\n") and b"\r\r" not in data
        header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert tuple(header) == spec.columns
    cases = (night / "cases.csv").read_bytes().decode("utf-8-sig")
    assert '\n(Sixth Form)"' in cases  # a quoted line break


def test_entry_errors_and_spelling_variants_are_there(demo_landing):
    enquiries = read(demo_landing / "2024-03-25" / "initial_enquiries.csv")
    districts = {r["District"] for r in enquiries}
    assert {"Chesil (Weymouth and Portland)", "Weymouth & Portland", ""} <= districts
    assert any(d != d.strip() or d.isupper() for d in districts if d)
    responses = {r["Initial Response Date"] for r in enquiries}
    assert {"31/02/2024", "31/09/2023"} & responses or {"30/02/2024", "31/11/2023"} & responses
    assert any(r.endswith(("/2203", "/2032", "/2204", "/2042")) for r in responses)
    assert "29/02/2023" in {r["Date"] for r in enquiries}
    ids = [r["Enquiry ID"] for r in enquiries]
    assert len(ids) - len(set(ids)) == 1  # one row written twice


def test_records_change_from_night_to_night(demo_landing):
    first = {r["Enquiry ID"]: r["Enquiry Status"] for r in read(demo_landing / "2024-03-27" / "initial_enquiries.csv")}
    later = {r["Enquiry ID"]: r["Enquiry Status"] for r in read(demo_landing / "2024-03-28" / "initial_enquiries.csv")}
    assert any(first[i] == "Received" and later.get(i, "").startswith("Closed") for i in first)
    appeals = [{r["Appeal ID"]: r["Decision"] for r in read(demo_landing / n / "tribunal_appeals.csv")} for n in ("2024-03-25", "2024-04-02")]
    assert any(appeals[0][i] == "" and appeals[1][i] for i in appeals[0])
    # Records last modified in 2022-23 age out of the two-year window in April's drops.
    def modified(r):
        return datetime.strptime(r["Last Modified"], "%d/%m/%Y %H:%M").date()

    march = read(demo_landing / "2024-03-31" / "initial_enquiries.csv")
    april = read(demo_landing / "2024-04-01" / "initial_enquiries.csv")
    assert any(modified(r) < date(2023, 4, 1) for r in march)
    assert all(modified(r) >= date(2023, 4, 1) for r in april)
