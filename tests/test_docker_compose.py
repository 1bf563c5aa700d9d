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
    assert {"postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
            "airflow-worker", "airflow-init", "mailpit"} <= set(services)
    assert services["airflow-apiserver"]["command"] == "api-server"
    assert services["airflow-worker"]["command"] == "celery worker"
    common = compose()["x-airflow-common"]
    assert common["environment"]["AIRFLOW__CORE__EXECUTOR"] == "${AIRFLOW__CORE__EXECUTOR:-CeleryExecutor}"
    assert common["environment"]["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert common["build"] == "."
    assert "mailpit:1025" in common["environment"]["AIRFLOW_CONN_SMTP_DEFAULT"]


def test_the_project_and_the_data_folders_are_mounted():
    targets = {re.search(r":(/opt/[^:]+)", v).group(1) for v in compose()["x-airflow-common"]["volumes"]}
    assert {"/opt/airflow/dags", "/opt/sendpipe/dbt_project", "/opt/sendpipe/expectations", "/opt/sendpipe/landing",
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
