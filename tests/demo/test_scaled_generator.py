"""The national-scale generator: one landing folder per service, the history's drops, the contract's format."""
from __future__ import annotations

import csv
from datetime import date

from sendpipe.demo.scaled_generator import drop_nights, write_services
from sendpipe.drops import find_landings
from sendpipe.load import load_drops


def test_each_service_gets_its_own_landing_with_a_drop_per_year_end_and_the_last_nights(tmp_path):
    write_services(tmp_path, services=2, years=3)
    assert [landing.service for landing in find_landings(tmp_path)] == ["service_001", "service_002"]
    nights = [date(2022, 3, 31), date(2023, 3, 31), date(2024, 3, 31), date(2024, 4, 1), date(2024, 4, 2)]
    assert drop_nights(3) == nights
    for service in ("service_001", "service_002"):
        assert sorted(p.name for p in (tmp_path / service).iterdir()) == [n.isoformat() for n in nights]


def test_the_same_seed_writes_the_same_bytes_and_services_differ(tmp_path):
    write_services(tmp_path / "a", services=2, years=2, seed=7)
    write_services(tmp_path / "b", services=2, years=2, seed=7)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.csv"))
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    one, two = (tmp_path / "a" / s / "2024-04-02" / "initial_enquiries.csv" for s in ("service_001", "service_002"))
    assert one.read_bytes() != two.read_bytes()


def test_services_number_their_records_alike_and_keep_the_demo_volumes(tmp_path):
    totals = write_services(tmp_path, services=2, years=2)
    ids = [{r["Enquiry ID"] for r in csv.DictReader((tmp_path / s / "2024-04-02" / "initial_enquiries.csv").open(encoding="utf-8-sig"))}
           for s in ("service_001", "service_002")]
    assert len(ids[0] & ids[1]) > 500  # only the service tells these records apart
    enquiries = len(set().union(*(
        {r["Enquiry ID"] for r in csv.DictReader(path.open(encoding="utf-8-sig"))}
        for path in (tmp_path / "service_001").glob("*/initial_enquiries.csv"))))
    assert 1200 * 0.6 * 2 * 0.9 <= enquiries <= 1200 * 1.4 * 2 * 1.1
    assert totals["case_activities.csv"] > 3 * totals["initial_enquiries.csv"]


def test_the_drops_meet_the_export_contract(tmp_path):
    write_services(tmp_path / "landings", services=2, years=2)
    result = load_drops(tmp_path / "landings", tmp_path / "w.duckdb", date(2024, 4, 2), "key")
    assert result.loaded == tuple(drop_nights(2))
