"""Data quality: Great Expectations gates on raw loads and marts, and the managers' quality report.

Record-level checks (one dbt model per check, codes in dbt_project/seeds/dq_checks.csv) live in
the warehouse's `quality` schema; this package validates batches with GX and reports findings.
"""
