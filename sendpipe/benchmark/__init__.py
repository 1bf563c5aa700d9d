"""The benchmark of issue 5: the pipeline against a pandas script and a hand-written DuckDB SQL
script computing the same KPI tables from the same drops (see docs/performance.md)."""
