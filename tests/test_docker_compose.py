"""docker-compose.yml keeps the official Airflow 3 layout, mounts the project, binds web ports to
localhost and takes every credential from .env (no Docker engine runs here, so its structure is
what can be checked)."""
from __future__ import annotations

import re

import yaml

from sendpipe.contracts import PROJECT_ROOT

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
SECRET_WORDS = re.compile(r"(password|secret|fernet|jwt|token|key)", re.I)


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_services_follow_the_official_airflow_3_layout_with_celery_and_mailpit():
    services = compose()["services"]
    assert {"postgres", "warehouse-db", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
            "airflow-worker", "airflow-init", "mailpit"} <= set(services)
    assert services["airflow-apiserver"]["command"] == "api-server"
    assert services["airflow-worker"]["command"] == "celery worker"
    common = compose()["x-airflow-common"]
    assert common["environment"]["AIRFLOW__CORE__EXECUTOR"] == "${AIRFLOW__CORE__EXECUTOR:-CeleryExecutor}"
    assert common["environment"]["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert common["build"] == "."
    assert "mailpit:1025" in common["environment"]["AIRFLOW_CONN_SMTP_DEFAULT"]


def test_the_warehouse_is_its_own_postgres_service_that_the_tasks_build_on():
    compose_file = compose()
    warehouse, environment = compose_file["services"]["warehouse-db"], compose_file["x-airflow-common"]["environment"]
    assert warehouse["image"].startswith("postgres:") and "warehouse-db-volume" in compose_file["volumes"]
    assert environment["SENDPIPE_TARGET"] == "prod" and environment["SENDPIPE_PG_HOST"] == "warehouse-db"
    assert compose_file["x-airflow-common"]["depends_on"]["warehouse-db"]["condition"] == "service_healthy"
    init = [v for v in warehouse["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert init and (PROJECT_ROOT / init[0].split(":")[0]).is_file()


def test_the_warehouse_init_script_creates_the_insight_login_in_the_read_only_role():
    """The script the warehouse-db container runs once, run here against the machine's Postgres."""
    import shutil
    import subprocess
    import uuid

    import pytest

    psycopg2 = pytest.importorskip("psycopg2")
    if shutil.which("psql") is None:
        pytest.skip("no psql client: the init script is tested in CI")
    try:
        admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres", connect_timeout=3)
    except psycopg2.OperationalError as err:
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432 ({err.__class__.__name__}): the init script is tested in CI")
    admin.autocommit = True
    suffix = uuid.uuid4().hex[:8]
    reader, login = f"reader_{suffix}", f"insight_{suffix}"
    try:
        subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "warehouse_db_init.sh")], check=True, env={
            "PATH": "/usr/bin:/bin", "PGHOST": "127.0.0.1", "POSTGRES_USER": "postgres", "POSTGRES_DB": "postgres",
            "SENDPIPE_INSIGHT_READER_ROLE": reader, "INSIGHT_DB_USER": login, "INSIGHT_DB_PASSWORD": uuid.uuid4().hex})
        with admin.cursor() as cur:
            cur.execute("select rolcanlogin from pg_roles where rolname = %s", [login])
            assert cur.fetchone() == (True,)
            cur.execute("select pg_has_role(%s, %s, 'member')", [login, reader])
            assert cur.fetchone() == (True,)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'drop role if exists "{login}"')
            cur.execute(f'drop role if exists "{reader}"')
        admin.close()


def test_the_project_and_the_data_folders_are_mounted():
    targets = {re.search(r":(/opt/[^:]+)", v).group(1) for v in compose()["x-airflow-common"]["volumes"]}
    assert {"/opt/airflow/dags", "/opt/sendpipe/dbt_project", "/opt/sendpipe/expectations", "/opt/sendpipe/landing",
            "/opt/sendpipe/landing_council",
            "/opt/sendpipe/published", "/opt/sendpipe/warehouse"} <= targets


def test_web_ports_bind_to_localhost_only():
    for name, service in compose()["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_no_literal_secret_every_credential_comes_from_env():
    def walk(node, path=""):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}[{i}]")
        else:
            yield path, str(node)

    for path, value in walk(compose()):
        if SECRET_WORDS.search(path.rsplit(".", 1)[-1]) and "CONN" not in path:
            assert value.startswith("${") and ":?" in value, f"{path} must be a required variable from .env, not {value!r}"
        for credential in re.findall(r"://([^/?#]*)@", value):  # user:password@ in URLs
            assert re.sub(r"\$\{[A-Z0-9_]+:\?required\}", "", credential) in {"", ":"}, f"{path}: {value}"


def test_every_required_variable_is_documented_in_env_example():
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", COMPOSE.read_text()))
    documented = set(re.findall(r"^([A-Z0-9_]+)=", (PROJECT_ROOT / ".env.example").read_text(), re.M))
    assert required and required <= documented


def test_the_image_extends_the_official_airflow_image_with_the_pinned_requirements():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM apache/airflow:3\.3\.\d+-python3\.11$", dockerfile, re.M)
    assert "-r /opt/sendpipe/requirements.txt -c /opt/sendpipe/constraints.txt" in dockerfile
    pinned = re.search(r"apache-airflow==(\S+)", (PROJECT_ROOT / "requirements.txt").read_text()).group(1)
    assert f"apache/airflow:{pinned}-" in dockerfile
