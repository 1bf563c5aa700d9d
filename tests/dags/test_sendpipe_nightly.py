"""The DAG imports cleanly and `airflow dags test` runs it end to end, publishing what the CLI publishes."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from sendpipe.contracts import PROJECT_ROOT
from tests.conftest import personal_values
from tests.dags.conftest import AIRFLOW


def test_the_dag_imports_without_errors():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(PROJECT_ROOT / "dags"))
    assert bag.import_errors == {}
    dag = bag.dags["sendpipe_nightly"]
    assert [t.task_id for t in dag.tasks] == ["wait_for_complete_drop", "load_raw", "validate_raw", "build_models",
                                              "validate_marts", "publish_tables", "quality_report"]
    assert {t.task_id for t in dag.tasks if t.pool == "sendpipe_warehouse"} == {
        "load_raw", "validate_raw", "build_models", "validate_marts", "publish_tables", "quality_report"}
    assert dag.catchup is False and "sendpipe_nightly" in dag.doc_md


def test_dags_test_publishes_the_same_tables_as_the_cli(airflow_env, demo_landing, demo_run, tmp_path):
    conf = {"exports_dir": str(demo_landing), "warehouse": str(tmp_path / "warehouse" / "sendpipe.duckdb"),
            "publish_dir": str(tmp_path / "published"), "quality_dir": str(tmp_path / "quality")}
    run = subprocess.run([AIRFLOW, "dags", "test", "sendpipe_nightly", "2024-04-02", "-c", json.dumps(conf)],
                         env=airflow_env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    published = tmp_path / "published"
    cli = demo_run.publication.path
    names = sorted(p.name for p in cli.glob("*.csv"))
    assert names == sorted(p.name for p in published.glob("*.csv"))
    for name in names:
        assert (published / name).read_bytes() == (cli / name).read_bytes(), name
    assert (tmp_path / "quality" / "reports" / "quality_report_2024-04-02.html").is_file()
    assert (tmp_path / "quality" / "data_docs" / "index.html").is_file()
    # `dags test` writes the task logs to its own output (and any log files under AIRFLOW_HOME/logs).
    log_files = [p for p in (Path(airflow_env["AIRFLOW_HOME"]) / "logs").rglob("*") if p.is_file()]
    text = "\n".join(p.read_text(errors="ignore") for p in log_files) + run.stdout + run.stderr
    assert "loaded 9 night(s) of drops" in text and "dbt build succeeded" in text, "expected the tasks' own log lines"
    assert sorted(v for v in personal_values(demo_landing) if v in text) == []
