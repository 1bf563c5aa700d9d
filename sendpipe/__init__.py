"""sendpipe: the nightly SEND data pipeline (load, dbt build, quality checks, publish)."""
