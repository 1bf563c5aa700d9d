"""Airflow's own backfill, run by a real scheduler: `airflow backfill create` over a range of nights
processes the drops oldest first and publishes what the nights run one by one publish.

Airflow runs as `airflow standalone` (API server, scheduler, DAG processor, triggerer; LocalExecutor
on SQLite) on free localhost ports in a temporary AIRFLOW_HOME, and is stopped, with every process
it started, at the end. The scheduler makes no scheduled runs of its own here
(`use_job_schedule = False`), so only the backfill's runs exist.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from sendpipe.contracts import PROJECT_ROOT
from sendpipe.load import connect
from tests.dags.conftest import AIRFLOW

DAG_ID = "sendpipe_nightly"
NIGHTS = [date(2024, 4, 1), date(2024, 4, 2)]  # the DAG starts on 1 April 2024
RUNS_TIMEOUT_SECONDS = 900


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def airflow(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([AIRFLOW, *args], env=env, capture_output=True, text=True, timeout=timeout)


def json_output(result: subprocess.CompletedProcess):
    """The JSON an `-o json` command printed (Airflow may print warnings before it)."""
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return json.loads(next(line for line in result.stdout.splitlines() if line.startswith("[")))


@pytest.fixture(scope="module")
def standalone(tmp_path_factory, demo_landing):
    """A running Airflow with the project's DAGs, configured for the demo drops in a temporary folder."""
    base = tmp_path_factory.mktemp("backfill")
    api_port = free_port()
    env = {**os.environ,
           "PATH": f"{Path(AIRFLOW).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # standalone starts `airflow` by name
           "AIRFLOW_HOME": str(base / "airflow_home"),
           "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
           # Every process below writes one SQLite file: wait for its lock rather than fail at 5 s.
           "AIRFLOW__DATABASE__SQL_ALCHEMY_CONNECT_ARGS": "tests.dags.sqlite_connect_args.CONNECT_ARGS",
           "AIRFLOW__DATABASE__SQL_ALCHEMY_CONNECT_ARGS_ASYNC": "tests.dags.sqlite_connect_args.CONNECT_ARGS",
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
           "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
           "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
           "AIRFLOW__API__PORT": str(api_port),
           "AIRFLOW__API__HOST": "127.0.0.1",
           "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
           "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
           "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
           "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
           "SENDPIPE_DEMO": "1",
           "SENDPIPE_EXPORTS_DIR": str(demo_landing),
           "SENDPIPE_WAREHOUSE": str(base / "warehouse" / "sendpipe.duckdb"),
           "SENDPIPE_PUBLISH_DIR": str(base / "published"),
           "SENDPIPE_QUALITY_DIR": str(base / "quality")}
    for name in ("SENDPIPE_REPORT_RECIPIENTS", "SENDPIPE_ALERT_RECIPIENTS", "SENDPIPE_TARGET"):
        env.pop(name, None)
    migrate = airflow(env, "db", "migrate", timeout=300)
    assert migrate.returncode == 0, migrate.stdout[-2000:] + migrate.stderr[-2000:]
    pool = airflow(env, "pools", "set", "sendpipe_warehouse", "1", "DuckDB warehouse: one task at a time")
    assert pool.returncode == 0, pool.stderr[-2000:]
    log = (base / "standalone.log").open("w")
    process = subprocess.Popen([AIRFLOW, "standalone"], env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        yield env, base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_until_parsed(env: dict, base: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        listed = airflow(env, "dags", "list", "-o", "json")
        if listed.returncode == 0 and DAG_ID in listed.stdout:
            return
        time.sleep(5)
    pytest.fail(f"the DAG processor did not parse {DAG_ID}: see {base / 'standalone.log'}")


def wait_for_runs(env: dict, base: Path) -> list[dict]:
    deadline = time.monotonic() + RUNS_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        runs = json_output(airflow(env, "dags", "list-runs", DAG_ID, "-o", "json"))
        if len(runs) == len(NIGHTS) and all(r["state"] in {"success", "failed"} for r in runs):
            return runs
        time.sleep(10)
    pytest.fail(f"backfill runs did not finish in {RUNS_TIMEOUT_SECONDS}s: {runs} (see {base / 'standalone.log'})")


def test_airflow_backfill_processes_the_nights_in_order_and_publishes_what_one_by_one_runs_publish(standalone, demo_run):
    env, base = standalone
    wait_until_parsed(env, base)
    created = airflow(env, "backfill", "create", "--dag-id", DAG_ID, "--from-date", NIGHTS[0].isoformat(),
                      "--to-date", "2024-04-03")  # the end is a midnight: the 2 April 05:00 run falls before it
    assert created.returncode == 0, created.stdout[-2000:] + created.stderr[-2000:]

    runs = wait_for_runs(env, base)
    assert [r["state"] for r in runs] == ["success"] * len(NIGHTS), runs
    with connect(base / "warehouse" / "sendpipe.duckdb", read_only=True) as con:
        loads = con.execute("select drop_date from raw._loads order by loaded_at, drop_date").fetchall()
    assert [d for (d,) in loads] == sorted(d for (d,) in loads), "drops were loaded out of export-date order"
    assert loads[-1] == (NIGHTS[-1],)
    reports = sorted(p.name for p in (base / "quality" / "reports").glob("*.html"))
    assert reports == [f"quality_report_{night}.html" for night in NIGHTS]

    published, expected = base / "published", demo_run.publication.path
    names = sorted(p.name for p in expected.glob("*.csv"))
    assert names and names == sorted(p.name for p in published.glob("*.csv"))
    for name in names:
        assert (published / name).read_bytes() == (expected / name).read_bytes(), name
