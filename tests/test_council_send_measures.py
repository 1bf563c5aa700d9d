"""The council SEND measures, on crafted records whose answers are worked out by hand: the 20-week
clock for EHC plans (140 days in, 141 out, exceptions counted in one rate and left out of the other,
withdrawn requests never counted), the 6-week clock for decisions whether to assess, the charter's
response standards (across a bank holiday, a complex letter, pending and overdue requests, a
calendar month), annual reviews and caseloads. The export date is Wednesday 1 November 2023."""
from __future__ import annotations

from datetime import date

import pytest

from sendpipe.contracts import COUNCIL_SEND
from sendpipe.dbt_build import build
from sendpipe.load import connect, load_drops
from tests.factory import row, write_drop

NIGHT = date(2023, 11, 1)
RECEIVED = "01/05/2023"  # 140 days later is 18/09/2023; 42 days later is 12/06/2023


def request(request_id: str, **fields: str) -> list[str]:
    return row("ehc_requests.csv", **{"Request ID": request_id, "Request Received Date": RECEIVED,
                                      "Last Modified": "20/10/2023 10:00", **fields})


REQUESTS = [
    request("RQ1", **{"Decision": "Assess", "Decision Date": "12/06/2023", "Outcome": "Plan issued", "Outcome Date": "18/09/2023"}),
    request("RQ2", **{"Decision": "Assess", "Decision Date": "13/06/2023", "Outcome": "Plan issued", "Outcome Date": "19/09/2023"}),
    request("RQ3", **{"Locality": "Purbeck", "Decision": "Assess", "Decision Date": "10/06/2023", "Outcome": "Plan issued",
                      "Outcome Date": "08/10/2023", "Exception": "Yes", "Exception Reason": "Family asked for a pause"}),
    request("RQ4", **{"Locality": "Purbeck", "Decision": "Withdrawn", "Decision Date": "20/05/2023", "Outcome": "Withdrawn",
                      "Outcome Date": "20/05/2023"}),
    request("RQ5", **{"Decision": "Not assess", "Decision Date": "01/06/2023", "Outcome": "Notice not to issue"}),
    request("RQ6", **{"Decision": "Assess", "Decision Date": "01/06/2023", "Outcome": "Plan issued", "Outcome Date": "18/09/2022"}),
    request("RQ7", **{"Locality": "", "Decision": "Assess", "Decision Date": "05/06/2023", "Outcome": "Plan issued",
                      "Outcome Date": "18/09/2023", "Exception": "no"}),
]


def contact(contact_id: str, **fields: str) -> list[str]:
    return row("contacts.csv", **{"Contact ID": contact_id, "Last Modified": "31/10/2023 10:00", **fields})


CONTACTS = [
    # Thursday 24 August; Monday 28 August 2023 is a bank holiday: Fri 25, Tue 29, Wed 30 = 3 working days.
    contact("CT1", **{"Received": "24/08/2023 10:00", "Channel": "Phone", "Responded Date": "30/08/2023"}),
    contact("CT2", **{"Received": "24/08/2023 11:00", "Channel": "Email", "Responded Date": "31/08/2023"}),  # 4: late
    # Friday 1 September: working day 7 is Tuesday 12 September, day 15 is Friday 22 September.
    contact("CT3", **{"Received": "01/09/2023 09:30", "Channel": "Letter", "Complex": "Yes",
                      "Acknowledged Date": "12/09/2023", "Responded Date": "22/09/2023"}),
    contact("CT4", **{"Received": "01/09/2023 09:45", "Channel": "Letter", "Responded Date": "22/09/2023"}),  # 15 of 10
    contact("CT5", **{"Received": "02/10/2023 12:00", "Channel": "FOI request", "Locality": ""}),  # 22 working days open
    contact("CT6", **{"Received": "16/10/2023 12:00", "Channel": "FOI request", "Locality": ""}),  # 12 open: pending
    contact("CT7", **{"Received": "30/09/2023 12:00", "Channel": "Subject access request", "Locality": "",
                      "Responded Date": "30/10/2023"}),  # one calendar month exactly
    contact("CT8", **{"Received": "29/09/2023 12:00", "Channel": "Subject access request", "Locality": "",
                      "Responded Date": "30/10/2023"}),  # a day over
    contact("CT9", **{"Received": "05/10/2023 12:00", "Channel": "Email", "Responded Date": "04/10/2023"}),
]


def plan(plan_id: str, locality: str, lead: str, start: str, meeting: str, outcome: str, due: str, ceased: str = "") -> list[str]:
    return row("ehc_plans.csv", **{"Plan ID": plan_id, "Locality": locality, "Provision Lead": lead, "Plan Start Date": start,
                                   "Last Review Meeting Date": meeting, "Last Review Outcome Date": outcome,
                                   "Next Review Due Date": due, "Ceased Date": ceased,
                                   "Cease Reason": "Moved Out" if ceased else "", "Last Modified": "31/10/2023 10:00"})


PLANS = [
    plan("EP1", "Dorchester", "PL01", "01/05/2020", "10/05/2023", "07/06/2023", "10/05/2024"),  # decision on day 28
    plan("EP2", "Dorchester", "PL01", "01/06/2019", "01/06/2023", "30/06/2023", "01/06/2024"),  # day 29: late
    plan("EP3", "Purbeck", "PL02", "01/01/2020", "15/10/2022", "01/11/2022", "15/10/2023"),     # overdue now
    plan("EP4", "Purbeck", "PL02", "01/02/2021", "20/10/2023", "", "20/10/2024"),               # 12 days: pending
    plan("EP5", "Purbeck", "PL02", "01/03/2021", "15/09/2023", "", "15/09/2024"),               # 47 days: late
    plan("EP6", "Dorchester", "PL01", "01/04/2018", "01/04/2023", "15/04/2023", "01/04/2024", ceased="01/10/2023"),
]


@pytest.fixture(scope="module")
def council_warehouse(tmp_path_factory):
    base = tmp_path_factory.mktemp("council_measures")
    write_drop(base / "landing", NIGHT, {"ehc_requests.csv": REQUESTS, "contacts.csv": CONTACTS, "ehc_plans.csv": PLANS},
               source=COUNCIL_SEND)
    warehouse = base / "warehouse" / "sendpipe.duckdb"
    load_drops(base / "landing", warehouse, NIGHT, "test-key", source=COUNCIL_SEND)
    build(warehouse, NIGHT, select=COUNCIL_SEND.dbt_select, exclude=COUNCIL_SEND.dbt_exclude)
    return warehouse


def published(warehouse, table: str, columns: str) -> dict[str, tuple]:
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(f"select locality, {columns} from published.{table} where financial_year = '2023-24' "
                           f"order by sort_order").fetchall()
    return {locality: tuple(float(v) if v is not None and not isinstance(v, int) else v for v in rest)
            for locality, *rest in rows}


def test_ehc_plans_within_20_weeks_with_and_without_exceptions(council_warehouse):
    rows = published(council_warehouse, "ehcp_timeliness",
                     "plans_issued, within_20_weeks, pct_within_20_weeks, plans_issued_excluding_exceptions, "
                     "within_20_weeks_excluding_exceptions, pct_within_20_weeks_excluding_exceptions")
    assert rows["Dorchester"] == (2, 1, 50.0, 2, 1, 50.0)        # day 140 in time, day 141 late
    assert rows["Purbeck"] == (1, 0, 0.0, 0, 0, None)            # the exception: late with, absent without
    assert rows["Not recorded"] == (1, 1, 100.0, 1, 1, 100.0)    # no locality is still counted
    assert rows["All localities"] == (4, 2, 50.0, 3, 2, 66.7)    # RQ4 withdrawn, RQ6 issued 'before' its request: not counted
    assert rows["Chesil"] == (0, 0, None, 0, 0, None)
    assert list(rows) == ["Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck", "West Dorset", "Not recorded",
                          "All localities"]


def test_decisions_whether_to_assess_within_6_weeks(council_warehouse):
    rows = published(council_warehouse, "assessment_decisions", "decisions, decided_to_assess, within_6_weeks, pct_within_6_weeks")
    assert rows["Dorchester"] == (4, 3, 3, 75.0)                 # day 42 in time, day 43 late; 'Not assess' is a decision
    assert rows["Purbeck"] == (1, 1, 1, 100.0)                   # a withdrawn request is not a decision
    assert rows["All localities"] == (6, 5, 5, 83.3)


def test_the_charter_response_standards(council_warehouse):
    with connect(council_warehouse, read_only=True) as con:
        rows = con.execute("select month, locality, channel, standard, contacts, met, not_met, pending, incorrect_dates, "
                           "pct_met from published.charter_response_standards where financial_year = '2023-24' "
                           "order by sort_order").fetchall()
    assert [tuple(float(v) if hasattr(v, "as_tuple") else v for v in r) for r in rows] == [
        ("2023-08", "Dorchester", "Phone", "3 working days", 1, 1, 0, 0, 0, 100.0),      # across the bank holiday
        ("2023-08", "Dorchester", "Email", "3 working days", 1, 0, 1, 0, 0, 0.0),
        ("2023-09", "Central teams", "Subject access request", "1 calendar month", 2, 1, 1, 0, 0, 50.0),
        ("2023-09", "Dorchester", "Letter", "10 working days", 1, 0, 1, 0, 0, 0.0),
        ("2023-09", "Dorchester", "Letter", "Acknowledged within 7 working days", 1, 1, 0, 0, 0, 100.0),  # answered on day 15
        ("2023-10", "Central teams", "FOI request", "20 working days", 2, 0, 1, 1, 0, 0.0),
        ("2023-10", "Dorchester", "Email", "3 working days", 1, 0, 0, 0, 1, None),     # replied before it arrived
    ]


def test_annual_reviews_on_time_late_and_overdue_now(council_warehouse):
    rows = published(council_warehouse, "annual_reviews", "plans_in_force, overdue_now, pct_overdue_now, reviewed_in_year, "
                     "decisions_on_time, decisions_late, decisions_pending, pct_decisions_on_time")
    assert rows["Dorchester"] == (2, 0, 0.0, 2, 1, 1, 0, 50.0)   # EP6 ceased: not in force
    assert rows["Purbeck"] == (3, 1, 33.3, 2, 0, 1, 1, 0.0)      # EP3 last reviewed in 2022-23 and now overdue
    assert rows["All localities"] == (5, 1, 20.0, 4, 1, 2, 1, 33.3)


def test_caseload_by_provision_lead(council_warehouse):
    with connect(council_warehouse, read_only=True) as con:
        rows = con.execute("select provision_lead, locality, plans_in_force from published.caseload_by_provision_lead "
                           "where financial_year = '2023-24' order by sort_order").fetchall()
    assert rows == [("PL01", "Dorchester", 2), ("PL01", "All localities", 2), ("PL02", "Purbeck", 3),
                    ("PL02", "All localities", 3), ("All provision leads", "Dorchester", 2),
                    ("All provision leads", "Purbeck", 3)]


def test_the_marts_hold_no_personal_data(council_warehouse):
    with connect(council_warehouse, read_only=True) as con:
        columns = {c for (c,) in con.execute("select column_name from information_schema.columns "
                                             "where table_schema in ('staging', 'intermediate', 'marts', 'published')").fetchall()}
        text = con.execute("select * from marts.fct_ehc_requests").df().to_csv()
    assert not columns & {"child_name", "child_date_of_birth", "postcode", "nhs_number", "upn", "person_id"}
    assert "P400001" not in text and "Test Child" not in text
