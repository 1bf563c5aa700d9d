"""The council SEND demo generator writes that system's contract, at the charter's scale, with the
entry errors and night-to-night changes a real export has."""
from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from datetime import date, datetime

import pytest

from sendpipe.contracts import COUNCIL_SEND_FILES, TIMESTAMP_FORMAT
from sendpipe.demo.council_generator import write_drops

LOCALITIES = {"Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck", "West Dorset"}


@pytest.fixture(scope="module")
def council_landing(tmp_path_factory):
    landing = tmp_path_factory.mktemp("council") / "landing"
    write_drops(landing, first_night=date(2024, 3, 31))
    return landing


def read(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    def hashes(landing):
        return {str(p.relative_to(landing)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(landing.rglob("*.csv"))}

    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        write_drops(tmp_path / name, seed=seed, first_night=date(2024, 4, 2))
    assert hashes(tmp_path / "a") == hashes(tmp_path / "b") != hashes(tmp_path / "c")


def test_each_night_holds_the_three_files_in_the_contract_format(council_landing):
    assert sorted(p.name for p in council_landing.iterdir()) == ["2024-03-31", "2024-04-01", "2024-04-02"]
    for spec in COUNCIL_SEND_FILES:
        data = (council_landing / "2024-04-02" / spec.name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
        assert tuple(next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) == spec.columns


def test_about_3200_children_have_plans_in_six_localities_about_200_per_provision_lead(council_landing):
    plans = read(council_landing / "2024-04-02" / "ehc_plans.csv")
    in_force = [p for p in plans if not p["Ceased Date"]]
    assert 3100 <= len(in_force) <= 3300
    assert {p["Locality"].strip().title() for p in in_force if p["Locality"].strip()} == LOCALITIES
    caseloads = Counter(p["Provision Lead"] for p in in_force)
    assert 150 <= min(caseloads.values()) and max(caseloads.values()) <= 250
    assert len({p["Plan ID"] for p in plans}) == len(plans)


def test_requests_flow_at_a_plausible_rate_and_about_half_plans_are_issued_within_20_weeks(council_landing):
    requests = read(council_landing / "2024-04-02" / "ehc_requests.csv")
    received_2023_24 = [r for r in requests if date(2023, 4, 1) <= datetime.strptime(r["Request Received Date"], "%d/%m/%Y").date() <= date(2024, 3, 31)]
    assert 1000 <= len(received_2023_24) <= 1300
    issued = [r for r in requests if r["Outcome"] == "Plan issued" and r["Outcome Date"].endswith(("/2023", "/2024"))
              and r["Outcome Date"][3:5].isdigit() and int(r["Outcome Date"][3:5]) <= 12 and int(r["Outcome Date"][:2]) <= 28]
    weeks = [(datetime.strptime(r["Outcome Date"], "%d/%m/%Y") - datetime.strptime(r["Request Received Date"], "%d/%m/%Y")).days
             for r in issued]
    within = sum(0 <= d <= 140 for d in weeks) / len(weeks)
    assert 0.35 <= within <= 0.65
    assert {"Yes", "No"} <= {r["Exception"] for r in requests} and any(r["Exception Reason"] for r in requests)


def test_entry_errors_are_there_for_the_quality_checks(council_landing):
    requests = read(council_landing / "2024-04-02" / "ehc_requests.csv")
    plans = read(council_landing / "2024-04-02" / "ehc_plans.csv")
    contacts = read(council_landing / "2024-04-02" / "contacts.csv")
    localities = {r["Locality"] for r in requests + plans}
    assert "" in localities and any(v.isupper() or v != v.strip() or v.islower() for v in localities if v)
    assert any(r["Outcome"] == "Plan issued" and not r["Decision"] for r in requests)  # plan issued, no decision
    assert any(r["Outcome Date"].startswith("31/02/") for r in requests) or any(
        r["Outcome Date"] and datetime.strptime(r["Outcome Date"], "%d/%m/%Y") < datetime.strptime(r["Request Received Date"], "%d/%m/%Y")
        for r in requests if not r["Outcome Date"].startswith("31/02/"))
    assert "yes" in {r["Exception"] for r in requests} | {r["Mediation"] for r in requests} | {r["Tribunal"] for r in requests}
    overdue = [p for p in plans if not p["Ceased Date"] and datetime.strptime(p["Next Review Due Date"], "%d/%m/%Y").date() < date(2024, 4, 2)]
    assert overdue, "some plans are overdue for review"
    assert {c["Channel"] for c in contacts} == {"Phone", "Email", "Letter", "Formal complaint", "FOI request", "Subject access request"}
    assert any(c["Complex"] == "Yes" and c["Acknowledged Date"] for c in contacts)
    assert any(not c["Responded Date"] for c in contacts)
    assert all(not c["Locality"] for c in contacts if c["Channel"] == "FOI request")


def test_records_change_from_night_to_night_and_last_modified_moves_with_them(council_landing):
    for spec in COUNCIL_SEND_FILES:
        before = {r[spec.key]: r for r in read(council_landing / "2024-04-01" / spec.name)}
        after = {r[spec.key]: r for r in read(council_landing / "2024-04-02" / spec.name)}
        changed = [k for k in before.keys() & after.keys() if before[k] != after[k]]
        assert changed or after.keys() - before.keys(), spec.name
        for k in changed:
            assert datetime.strptime(after[k]["Last Modified"], TIMESTAMP_FORMAT) > datetime.strptime(before[k]["Last Modified"], TIMESTAMP_FORMAT)
