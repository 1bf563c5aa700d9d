"""Each council SEND check (CS01-CS05) fires on the record that has exactly its defect and on no
clean record, and the council quality report names them with the owning staff code."""
from __future__ import annotations

from datetime import date

import pytest

from sendpipe import pipeline
from sendpipe.contracts import COUNCIL_SEND
from sendpipe.load import connect
from tests.conftest import settings_for
from tests.factory import row, write_drop

NIGHT = date(2023, 11, 1)


def request(request_id: str, **fields: str) -> list[str]:
    clean = {"Request ID": request_id, "Request Received Date": "01/05/2023", "Decision": "Assess",
             "Decision Date": "05/06/2023", "Outcome": "Plan issued", "Outcome Date": "01/09/2023",
             "Last Modified": "01/09/2023 16:00"}
    return row("ehc_requests.csv", **{**clean, **fields})


def plan(plan_id: str, **fields: str) -> list[str]:
    clean = {"Plan ID": plan_id, "Plan Start Date": "01/09/2023", "Next Review Due Date": "01/09/2024",
             "Last Modified": "01/09/2023 16:00"}
    return row("ehc_plans.csv", **{**clean, **fields})


@pytest.fixture(scope="module")
def council_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("council_checks")
    requests = [request(f"RQ{100 + n}") for n in range(20)] + [
        request("RQ901", **{"Outcome Date": "01/09/2022"}),                              # CS01
        request("RQ902", **{"Decision": "", "Decision Date": "", "Provision Lead": "PL07"}),  # CS02
        request("RQ903", **{"Outcome": "", "Outcome Date": "", "Request Received Date": "01/04/2023"}),  # CS03
        request("RQ904", **{"Outcome": "", "Outcome Date": "", "Request Received Date": "01/04/2023",
                            "Exception": "Yes"}),                                        # excepted: not overdue
        request("RQ905", Locality=""),                                                   # CS04
    ]
    plans = [plan(f"EP{100 + n}") for n in range(20)] + [
        plan("EP901", Locality=""),                                                      # CS04
        plan("EP902", **{"Plan Start Date": "01/09/2021", "Last Review Meeting Date": "01/09/2022",
                         "Next Review Due Date": "01/09/2023"}),                          # CS05
        plan("EP903", **{"Plan Start Date": "01/09/2021", "Last Review Meeting Date": "01/09/2022",
                         "Next Review Due Date": "01/09/2023", "Ceased Date": "01/08/2023",
                         "Cease Reason": "Moved Out"}),                                    # ceased: not overdue
    ]
    write_drop(base / "landing", NIGHT, {"ehc_requests.csv": requests, "ehc_plans.csv": plans}, source=COUNCIL_SEND)
    return pipeline.run(settings_for(base / "landing", base, source=COUNCIL_SEND))


def test_each_check_fires_on_its_planted_record_only(council_run):
    with connect(council_run.settings.warehouse, read_only=True) as con:
        issues = con.execute("select code, record_id, status from quality.dq_council_issues order by code, record_id").fetchall()
    assert issues == [("CS01", "RQ901", "open"), ("CS02", "RQ902", "open"), ("CS03", "RQ903", "open"),
                      ("CS04", "EP901", "open"), ("CS04", "RQ905", "open"), ("CS05", "EP902", "open")]


def test_the_council_report_names_the_record_and_the_staff_code(council_run):
    text = council_run.report_path.read_text()
    assert council_run.report_path.name == "quality_report_council_send_2023-11-01.html"
    assert "Council SEND data quality report, export 2023-11-01: 6 open findings" in text
    assert "Open findings recorded by PL07: 1" in text and "RQ902" in text


def test_one_report_shows_the_whole_service_the_other_source_in_summary(council_run, tmp_path):
    """The SENDIASS report, built from a warehouse holding the council's findings too, carries the
    council's open findings by check (and the council report carries SENDIASS's the same way)."""
    from sendpipe.quality.report import build_report
    from sendpipe.warehouse import DuckDBWarehouse

    sendiass = build_report(DuckDBWarehouse(council_run.settings.warehouse), NIGHT)
    assert "Council SEND case system: open findings by check" in sendiass.text
    assert "plan_issued_without_decision" in sendiass.text

