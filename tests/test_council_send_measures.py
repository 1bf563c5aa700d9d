"""The council SEND measures, on crafted requests whose answers are worked out by hand: the 20-week
clock for EHC plans (140 days in, 141 out, exceptions counted in one rate and left out of the other,
withdrawn requests never counted) and the 6-week clock for decisions whether to assess."""
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


@pytest.fixture(scope="module")
def council_warehouse(tmp_path_factory):
    base = tmp_path_factory.mktemp("council_measures")
    write_drop(base / "landing", NIGHT, {"ehc_requests.csv": REQUESTS}, source=COUNCIL_SEND)
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


def test_the_marts_hold_no_personal_data(council_warehouse):
    with connect(council_warehouse, read_only=True) as con:
        columns = {c for (c,) in con.execute("select column_name from information_schema.columns "
                                             "where table_schema in ('staging', 'intermediate', 'marts', 'published')").fetchall()}
        text = con.execute("select * from marts.fct_ehc_requests").df().to_csv()
    assert not columns & {"child_name", "child_date_of_birth", "postcode", "nhs_number", "upn", "person_id"}
    assert "P400001" not in text and "Test Child" not in text
