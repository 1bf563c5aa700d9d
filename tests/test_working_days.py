"""Working days as the contract defines them (D0 < d <= D1, England and Wales bank holidays), in
Python (used by the demo generator) and in the warehouse (int_working_days -> fct_enquiries)."""
from __future__ import annotations

from datetime import date

import pytest

from sendpipe import pipeline
from sendpipe.load import connect
from sendpipe.working_days import add_working_days, working_days_between
from tests.conftest import settings_for
from tests.factory import row, write_drop

EXPORT_DATE = date(2024, 4, 5)

# (enquiry id, enquiry date, response date, expected band)
CASES = [
    ("IE000001", "03/10/2023", "03/10/2023", "0"),               # same day
    ("IE000002", "06/10/2023", "09/10/2023", "1"),               # Friday -> Monday
    ("IE000003", "07/10/2023", "09/10/2023", "1"),               # Saturday -> Monday
    ("IE000004", "22/12/2023", "27/12/2023", "1"),               # across Christmas and Boxing Day
    ("IE000005", "28/03/2024", "02/04/2024", "1"),               # across Good Friday and Easter Monday 2024
    ("IE000006", "05/05/2023", "09/05/2023", "1"),               # across the coronation bank holiday, 8 May 2023
    ("IE000007", "02/05/2023", "09/05/2023", "4"),               # a week with 8 May in it
    ("IE000008", "02/05/2023", "12/05/2023", "More than 5 days"),
    ("IE000009", "15/06/2023", "13/06/2023", "Incorrect dates"),  # response before enquiry
    ("IE000010", "15/06/2023", "", "Not yet responded"),
    ("IE000011", "15/02/2024", "31/02/2024", "Incorrect dates"),  # no such date
    ("IE000012", "12/05/2023", "12/05/2203", "Incorrect dates"),  # mistyped year, after the export date
    ("IE000013", "02/04/2024", "10/04/2024", "Incorrect dates"),  # after the export date
]


@pytest.mark.parametrize("start, end, expected", [
    (date(2023, 10, 3), date(2023, 10, 3), 0),
    (date(2023, 10, 6), date(2023, 10, 9), 1),
    (date(2023, 10, 7), date(2023, 10, 9), 1),
    (date(2023, 12, 22), date(2023, 12, 27), 1),
    (date(2024, 3, 28), date(2024, 4, 2), 1),
    (date(2023, 5, 5), date(2023, 5, 9), 1),
])
def test_python_working_days(start, end, expected):
    assert working_days_between(start, end) == expected
    assert add_working_days(start, expected) <= end


def test_add_working_days_skips_weekends_and_bank_holidays():
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)
    assert add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)


@pytest.fixture(scope="module")
def banded(tmp_path_factory):
    base = tmp_path_factory.mktemp("working_days")
    rows = [row("initial_enquiries.csv", **{"Enquiry ID": i, "Date": d, "Initial Response Date": r}) for i, d, r, _ in CASES]
    write_drop(base / "landing", EXPORT_DATE, rows={"initial_enquiries.csv": rows})
    result = pipeline.run(settings_for(base / "landing", base))
    with connect(result.settings.warehouse, read_only=True) as con:
        return dict(con.execute("select enquiry_id, response_band from marts.fct_enquiries").fetchall())


@pytest.mark.parametrize("enquiry_id, enquiry_date, response_date, band", CASES)
def test_warehouse_response_band(banded, enquiry_id, enquiry_date, response_date, band):
    assert banded[enquiry_id] == band
