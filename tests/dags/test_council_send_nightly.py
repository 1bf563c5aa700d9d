"""The council SEND DAG has the nightly shape, and `airflow dags test` runs it end to end,
publishing what the CLI publishes, with no personal value in its outputs or logs."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from sendpipe.contracts import COUNCIL_SEND, PROJECT_ROOT
from sendpipe.publish import COUNCIL_PUBLISHED_TABLES
from tests.conftest import personal_values
from tests.dags.conftest import AIRFLOW
from tests.test_personal_data import written_text


def test_the_council_dag_has_the_nightly_shape_and_shares_the_warehouse_pool():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(PROJECT_ROOT / "dags"))
    assert bag.import_errors == {}
    council, sendiass = bag.dags["council_send_nightly"], bag.dags["sendpipe_nightly"]
    assert [t.task_id for t in council.tasks] == [t.task_id for t in sendiass.tasks]
    assert {t.pool for t in council.tasks if t.task_id != "wait_for_complete_drop"} == {"sendpipe_warehouse"}
    assert "ehcp_timeliness" in council.doc_md and council.schedule == sendiass.schedule


def test_dags_test_publishes_the_council_tables_as_the_cli_does(airflow_env, council_demo_landing, council_demo_run, tmp_path):
    conf = {"exports_dir": str(council_demo_landing), "warehouse": str(tmp_path / "warehouse" / "sendpipe.duckdb"),
            "publish_dir": str(tmp_path / "published_council"), "quality_dir": str(tmp_path / "quality")}
    run = subprocess.run([AIRFLOW, "dags", "test", "council_send_nightly", "2024-04-02", "-c", json.dumps(conf)],
                         env=airflow_env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    published, cli = tmp_path / "published_council", council_demo_run.publication.path
    names = sorted(p.name for p in cli.glob("*.csv"))
    assert names == sorted(f"{t}.csv" for t in COUNCIL_PUBLISHED_TABLES)
    assert names == sorted(p.name for p in published.glob("*.csv"))
    for name in names:
        assert (published / name).read_bytes() == (cli / name).read_bytes(), name
    manifest = json.loads((published / "manifest.json").read_text())
    assert manifest["export_date"] == "2024-04-02" and [r["check"] for r in manifest["dq_summary"]] == [
        "outcome_before_request", "plan_issued_without_decision", "assessment_overdue", "locality_missing",
        "review_overdue_no_meeting"]
    assert (tmp_path / "quality" / "reports" / "quality_report_council_send_2024-04-02.html").is_file()

    log_files = [p for p in (Path(airflow_env["AIRFLOW_HOME"]) / "logs").rglob("*") if p.is_file()]
    texts = written_text(tmp_path) | {"airflow logs": "\n".join(p.read_text(errors="ignore") for p in log_files)
                                      + run.stdout + run.stderr}
    needles = personal_values(council_demo_landing, COUNCIL_SEND)
    assert len(needles) > 5000
    assert sorted({(n, name) for name, text in texts.items() for n in needles if n in text}) == []
