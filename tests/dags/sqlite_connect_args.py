"""Connection arguments for the SQLite metadata database of the standalone Airflow in test_backfill.

`airflow standalone` runs a scheduler, a DAG processor and an API server that all write one SQLite
file, and `airflow backfill create` writes it beside them. sqlite3 waits only 5 s for a lock by
default, which a busy two-core CI machine overran ("database is locked" on INSERT INTO dag_run);
a minute is far past any one write here. Airflow reads this dict through
`[database] sql_alchemy_connect_args`, a dotted import path.
"""
CONNECT_ARGS = {"timeout": 60}
