"""Settings: the warehouse target and its connection come from the environment, checked before a run."""
from __future__ import annotations

import re
import secrets

import pytest

from sendpipe.config import ConfigurationError, Settings
from sendpipe.contracts import PROJECT_ROOT
from sendpipe.warehouse import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_ENV, DuckDBWarehouse, PostgresWarehouse, open_warehouse


def test_outside_demo_mode_a_run_refuses_to_start_without_a_pseudonym_key():
    with pytest.raises(ConfigurationError, match="SENDPIPE_PSEUDONYM_KEY"):
        Settings.resolve(environ={})
    assert Settings.resolve(environ={"SENDPIPE_PSEUDONYM_KEY": "k"}).pseudonym_key == "k"


def test_the_embedded_duckdb_file_is_the_default_warehouse(tmp_path):
    settings = Settings.resolve(warehouse=tmp_path / "sendpipe.duckdb", demo=True, environ={})
    assert settings.target == "duckdb" and settings.postgres is None
    assert open_warehouse(settings) == DuckDBWarehouse(tmp_path / "sendpipe.duckdb")


def test_the_prod_target_is_postgres_from_the_sendpipe_pg_settings_and_hides_the_password(tmp_path):
    password = secrets.token_hex(8)  # made up per run: no credential-like literal in the repository
    settings = Settings.resolve(warehouse=tmp_path / "raw_store.duckdb", demo=True, environ={
        "SENDPIPE_TARGET": "prod", "SENDPIPE_PG_HOST": "warehouse-db", "SENDPIPE_PG_USER": "etl",
        "SENDPIPE_PG_PASSWORD": password, "SENDPIPE_PG_DATABASE": "send"})
    warehouse = open_warehouse(settings)
    assert isinstance(warehouse, PostgresWarehouse)
    assert (warehouse.connection.host, warehouse.connection.port, warehouse.connection.database) == ("warehouse-db", 5432, "send")
    assert warehouse.connection.dbt_environment()["SENDPIPE_PG_PASSWORD"] == password
    assert password not in repr(settings)


def test_an_unknown_target_is_refused_before_the_run_starts():
    with pytest.raises(ConfigurationError, match="SENDPIPE_TARGET is 'postgresql': use one of duckdb, prod"):
        Settings.resolve(demo=True, environ={"SENDPIPE_TARGET": "postgresql"})


@pytest.mark.parametrize("name", ["raw.duckdb", "marts.duckdb"])
def test_a_warehouse_file_named_like_a_schema_is_refused(tmp_path, name):
    with pytest.raises(ConfigurationError, match="named like the warehouse's schema"):
        Settings.resolve(warehouse=tmp_path / name, demo=True, environ={})


def test_the_council_source_has_its_own_landing_publish_folder_and_recipients(tmp_path):
    from sendpipe.contracts import COUNCIL_SEND

    environ = {"SENDPIPE_EXPORTS_DIR": "/srv/sendiass", "SENDPIPE_COUNCIL_EXPORTS_DIR": str(tmp_path / "council"),
               "SENDPIPE_COUNCIL_PUBLISH_DIR": str(tmp_path / "out"), "SENDPIPE_REPORT_RECIPIENTS": "a@council.example"}
    council = Settings.resolve(demo=True, environ=environ, source=COUNCIL_SEND)
    assert (council.exports_dirs, council.publish_dir, council.source) == ((tmp_path / "council",), tmp_path / "out", COUNCIL_SEND)
    assert council.report_recipients == ("a@council.example",)  # falls back to the SENDIASS list
    environ["SENDPIPE_COUNCIL_REPORT_RECIPIENTS"] = "b@council.example, c@council.example"
    assert Settings.resolve(demo=True, environ=environ, source=COUNCIL_SEND).report_recipients == ("b@council.example", "c@council.example")



def test_dbt_run_by_hand_gets_the_same_duckdb_memory_limit_as_the_pipeline():
    profile = (PROJECT_ROOT / "dbt_project" / "profiles.yml").read_text()
    assert re.search(r"memory_limit: \"\{\{ env_var\('(\w+)', '([^']+)'\) \}\}\"", profile).groups() \
        == (MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT)
