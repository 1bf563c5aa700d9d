"""Each data-quality check fires on the record that has exactly its defect and on no clean record;
a defect fixed in a later drop is marked fixed, not forgotten."""
from __future__ import annotations

from datetime import date

import pytest

from sendpipe import pipeline
from sendpipe.load import connect
from tests.conftest import read_csv, settings_for
from tests.factory import row, write_drop

NIGHT = date(2023, 6, 30)
NEXT_NIGHT = date(2023, 7, 1)


def enquiry(enquiry_id, **fields):
    return row("initial_enquiries.csv", **{"Enquiry ID": enquiry_id, **fields})


def drop_rows(fix_district: bool = False):
    enquiries = [enquiry(f"IE{1000 + n:06d}") for n in range(40)]  # clean
    enquiries += [
        enquiry("IE002001", District="Purbeck" if fix_district else "", **({"Last Modified": "01/07/2023 09:00"} if fix_district else {})),
        enquiry("IE002002", **{"Initial Response Date": "28/04/2023"}),
        enquiry("IE002003", Date="31/02/2023"),
        enquiry("IE002004", Date="01/05/2032"),
        enquiry("IE002005", Date="19/06/2023", **{"Initial Response Date": "", "Enquiry Status": "Received"}),
        enquiry("IE002006", **{"Enquiry Status": "Received"}),
        enquiry("IE002007", **{"Reason for Contact": ""}),
        enquiry("IE002008", **{"Method of Access": ""}),
        enquiry("IE002009", Relationship=""),
        enquiry("IE002010", **{"Method of Access": "Carrier pigeon"}),
        enquiry("IE002011", **{"Enquiry Status": "Converted to case", "Case ID": ""}),
        enquiry("IE002012"),
        enquiry("IE002012"),
        enquiry("IE002013", **{"Recorded By": "CO1"}),
        enquiry("IE002013", **{"Recorded By": "CO2"}),
    ]
    cases = [
        row("cases.csv", **{"Case ID": "CA00001", "Enquiry ID": "IE001000"}),
        row("cases.csv", **{"Case ID": "CA00002", "Enquiry ID": "IE999999"}),
        row("cases.csv", **{"Case ID": "CA00003", "Referral Status": "Closed", "Closed Date": "01/05/2023"}),
        row("cases.csv", **{"Case ID": "CA00004", "District": ""}),
    ]
    activities = [
        row("case_activities.csv", **{"Activity ID": "AC000001", "Case ID": "CA00001"}),
        row("case_activities.csv", **{"Activity ID": "AC000002", "Case ID": "CA00001", "Activity Date": "01/04/2023"}),
    ]
    appeals = [
        row("tribunal_appeals.csv", **{"Appeal ID": "TR00001", "Case ID": "CA00001"}),
        row("tribunal_appeals.csv", **{"Appeal ID": "TR00002", "Case ID": "CA00001", "Decision": "Conceded before Hearing",
                                       "Decision Date": "01/05/2023"}),
    ]
    feedback = [row("feedback.csv", **{"Response ID": "FB00001", "Case ID": "CA00001"})]
    return {"initial_enquiries.csv": enquiries, "cases.csv": cases, "case_activities.csv": activities,
            "tribunal_appeals.csv": appeals, "feedback.csv": feedback}


EXPECTED = {
    ("district_unrecorded", "IE002001"), ("response_date_incorrect", "IE002002"), ("date_invalid", "IE002003"),
    ("date_in_future", "IE002004"), ("response_overdue", "IE002005"), ("received_over_20_working_days", "IE002006"),
    ("reason_missing", "IE002007"), ("method_missing", "IE002008"), ("relationship_missing", "IE002009"),
    ("code_not_in_contract", "IE002010"), ("converted_without_case", "IE002011"), ("duplicate_id", "IE002012"),
    ("conflicting_duplicate", "IE002013"), ("case_enquiry_unknown", "CA00002"), ("case_closed_before_referral", "CA00003"),
    ("case_district_unrecorded", "CA00004"), ("activity_before_case", "AC000002"),
    ("appeal_decided_before_registration", "TR00002"),
}


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    base = tmp_path_factory.mktemp("checks")
    write_drop(base / "landing", NIGHT, rows=drop_rows())
    write_drop(base / "landing", NEXT_NIGHT, rows=drop_rows(fix_district=True))

    def issues_as_at(export_date):
        result = pipeline.run(settings_for(base / "landing", base, export_date))
        with connect(result.settings.warehouse, read_only=True) as con:
            issues = con.execute("select check_name, record_id, status, first_seen_on, fixed_on, offending_value, "
                                 "recorded_by, field from quality.dq_issues").fetchall()
        return result, issues

    return issues_as_at(NIGHT.isoformat()), issues_as_at(NEXT_NIGHT.isoformat())


def test_every_check_fires_on_its_defect_and_nowhere_else(crafted):
    (_, issues), _ = crafted
    assert {(check, record) for check, record, *_ in issues} == EXPECTED


def test_findings_carry_the_offending_value_field_and_officer(crafted):
    (_, issues), _ = crafted
    by_key = {(i[0], i[1]): i for i in issues}
    assert by_key[("code_not_in_contract", "IE002010")][5:] == ("Carrier pigeon", "CO1", "Method of Access")
    assert by_key[("date_in_future", "IE002004")][5] == "01/05/2032"
    assert by_key[("activity_before_case", "AC000002")][6] == "CO1"  # the case's officer


def test_a_defect_fixed_in_a_later_drop_is_marked_fixed(crafted):
    _, (_, issues) = crafted
    district = [i for i in issues if i[:2] == ("district_unrecorded", "IE002001")]
    assert [(status, first, fixed) for _, _, status, first, fixed, *_ in district] == [("fixed", NIGHT, NEXT_NIGHT)]
    still_open = {(c, r) for c, r, status, *_ in issues if status == "open"}
    assert still_open == EXPECTED - {("district_unrecorded", "IE002001")}


def test_dq_summary_counts_open_findings_per_check(crafted):
    _, (result, _) = crafted
    summary = {r["check"]: r for r in read_csv(result.publication.path / "dq_summary.csv") if r["financial_year"] == "2023-24"}
    assert summary["district_unrecorded"]["records_flagged"] == "0"  # fixed on the later night
    assert summary["code_not_in_contract"]["records_flagged"] == "1"
    assert summary["case_enquiry_unknown"]["records_checked"] == "4"
    assert "schema_drift" not in summary  # blocking, never a record-level count
