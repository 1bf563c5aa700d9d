"""The KPI figures every contender must agree on, in one comparable form.

Six published tables, each reduced to its non-zero counts keyed by service, financial year and
category: the categories published as 0 are the pipeline's scaffolding, which the baselines need
not build. Between them they test the rules that make the figures hard: the current version of
each record, valid dates and financial years, code matching, district spellings, working days
(bank holidays) and response bands.
"""
from __future__ import annotations

import csv
from pathlib import Path

# table -> (key columns, count columns)
COMPARED_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "enquiries_by_reason": (("service", "financial_year", "reason"), ("enquiries",)),
    "enquiries_by_method": (("service", "financial_year", "method"), ("enquiries",)),
    "enquiries_by_district_reason": (("service", "financial_year", "district", "reason"), ("enquiries",)),
    "response_times": (("service", "financial_year", "band"), ("enquiries",)),
    "quarterly_trends": (("service", "financial_year", "quarter"), ("enquiries", "converted_to_case")),
    "activities_by_reason_subtype": (("service", "financial_year", "reason", "subtype"), ("activities",)),
}

Figures = dict[str, dict[tuple[str, ...], tuple[int, ...]]]


def figures_from_rows(table: str, rows) -> dict[tuple[str, ...], tuple[int, ...]]:
    """{key: counts} of the rows (mappings or sequences in key-then-count order) with a count > 0."""
    keys, counts = COMPARED_TABLES[table]
    result = {}
    for row in rows:
        if isinstance(row, dict):
            key, values = tuple(str(row[k]) for k in keys), tuple(int(float(row[c])) for c in counts)
        else:
            key, values = tuple(str(v) for v in row[:len(keys)]), tuple(int(v) for v in row[len(keys):])
        if any(values):
            result[key] = values
    return result


def figures_from_published(publish_dir: Path) -> Figures:
    """The compared figures as the pipeline published them (the CSV files)."""
    figures = {}
    for table in COMPARED_TABLES:
        with (publish_dir / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            figures[table] = figures_from_rows(table, csv.DictReader(f))
    return figures


def differences(expected: Figures, actual: Figures, limit: int = 5) -> list[str]:
    """Human-readable differences between two sets of figures (empty when identical)."""
    problems = []
    for table in COMPARED_TABLES:
        a, b = expected.get(table, {}), actual.get(table, {})
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                problems.append(f"{table} {'/'.join(key)}: {a.get(key)} vs {b.get(key)}")
                if len(problems) >= limit:
                    return problems
    return problems
