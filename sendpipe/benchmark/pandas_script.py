"""Contender (c): the pandas script an analyst would write to compute the same KPI tables.

It loops over the services, reads every drop's CSV files up to the export date with
`pandas.read_csv`, keeps the current version of each record and counts, applying the same rules
as the pipeline (code lists and district spellings from the same seed files, working days from
the same bank holidays). No contract checks, data-quality checks or history.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from sendpipe.benchmark.kpis import COMPARED_TABLES, Figures, figures_from_rows
from sendpipe.contracts import CATEGORIES_SEED, SPELLINGS_SEED
from sendpipe.working_days import FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR, bank_holidays


def _lookup(categories: pd.DataFrame, domain: str) -> dict[str, str]:
    rows = categories[(categories["domain"] == domain) & (categories["is_empty_label"] == "false")]
    return {c.lower(): c for c in rows["category"]}


def _read(service_dir: Path, file_name: str, export_date: date, columns: list[str]) -> pd.DataFrame:
    frames = []
    for drop in sorted(p for p in service_dir.iterdir() if p.is_dir()):
        drop_date = date.fromisoformat(drop.name)
        if drop_date > export_date:
            continue
        frame = pd.read_csv(drop / file_name, dtype=str, keep_default_na=False, usecols=columns, encoding="utf-8-sig")
        frame["drop_date"] = pd.Timestamp(drop_date)
        frame["row_number"] = np.arange(1, len(frame) + 1)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _current(versions: pd.DataFrame, key: str) -> pd.DataFrame:
    versions[key] = versions[key].str.strip()
    versions = versions[versions[key] != ""].copy()
    versions["modified"] = pd.to_datetime(versions["Last Modified"].str.strip(), format="%d/%m/%Y %H:%M", errors="coerce")
    versions = versions.sort_values(["modified", "drop_date", "row_number"], ascending=False, na_position="last", kind="stable")
    return versions.drop_duplicates(key, keep="first")


def _uk_date(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.str.strip(), format="%d/%m/%Y", errors="coerce")


def _financial_year(dates: pd.Series) -> pd.Series:
    first = dates.dt.year - (dates.dt.month < 4).astype(int)
    return first.astype(str) + "-" + ((first + 1) % 100).astype(str).str.zfill(2)


def compute(landings: Path, export_date: date) -> Figures:
    categories = pd.read_csv(CATEGORIES_SEED, dtype=str, keep_default_na=False)
    spellings = dict(pd.read_csv(SPELLINGS_SEED, dtype=str, keep_default_na=False).itertuples(index=False))
    reasons, methods, statuses = (_lookup(categories, d) for d in ("reason", "method", "enquiry_status"))
    days = pd.date_range(f"{FIRST_CALENDAR_YEAR}-01-01", f"{LAST_CALENDAR_YEAR}-12-31")
    holidays = pd.to_datetime(list(bank_holidays()))
    working_day_index = pd.Series(((days.dayofweek < 5) & ~days.isin(holidays)).cumsum(), index=days)

    enquiries_by_service, activities_by_service = [], []
    for service_dir in sorted(p for p in Path(landings).iterdir() if p.is_dir()):
        e = _current(_read(service_dir, "initial_enquiries.csv", export_date,
                           ["Enquiry ID", "Date", "Initial Response Date", "Reason for Contact", "Method of Access", "District",
                            "Enquiry Status", "Last Modified"]), "Enquiry ID")
        e["service"] = service_dir.name
        received = _uk_date(e["Date"])
        e = e[received.notna() & (received <= e["drop_date"])].copy()
        e["received"] = received[e.index]
        e["financial_year"] = _financial_year(e["received"])
        e["quarter"] = "Q" + (((e["received"].dt.month - 4) % 12) // 3 + 1).astype(str)
        e["reason"] = e["Reason for Contact"].str.strip().str.lower().map(reasons).fillna("Unknown")
        e["method"] = e["Method of Access"].str.strip().str.lower().map(methods).fillna("Missing")
        e["district"] = (e["District"].str.strip().str.replace(r"\s+", " ", regex=True).str.lower()
                         .map(spellings).fillna("Unrecorded"))
        e["converted"] = e["Enquiry Status"].str.strip().str.lower().map(statuses) == "Converted to case"
        response_text = e["Initial Response Date"].str.strip()
        responded = _uk_date(response_text)
        days_taken = (working_day_index.reindex(responded).to_numpy() - working_day_index.reindex(e["received"]).to_numpy())
        e["band"] = np.select(
            [response_text == "",
             responded.isna() | (responded > e["drop_date"]) | (responded < e["received"]),
             days_taken > 5],
            ["Not yet responded", "Incorrect dates", "More than 5 days"],
            default=pd.Series(days_taken).fillna(0).astype(int).astype(str).to_numpy())
        enquiries_by_service.append(e[["service", "financial_year", "quarter", "reason", "method", "district", "converted", "band"]])

        a = _current(_read(service_dir, "case_activities.csv", export_date,
                           ["Activity ID", "Activity Date", "Reason", "Subtype", "Last Modified"]), "Activity ID")
        a["service"] = service_dir.name
        when = _uk_date(a["Activity Date"])
        a = a[when.notna() & (when <= a["drop_date"])].copy()
        a["financial_year"] = _financial_year(when[a.index])
        a["reason"] = a["Reason"].str.strip().str.lower().map(reasons).fillna("Unknown")
        a["subtype"] = a["Subtype"].str.strip().replace("", "Unknown")
        activities_by_service.append(a[["service", "financial_year", "reason", "subtype"]])

    enquiries = pd.concat(enquiries_by_service, ignore_index=True)
    activities = pd.concat(activities_by_service, ignore_index=True)
    tables = {
        "enquiries_by_reason": enquiries.groupby(["service", "financial_year", "reason"]).size(),
        "enquiries_by_method": enquiries.groupby(["service", "financial_year", "method"]).size(),
        "enquiries_by_district_reason": enquiries.groupby(["service", "financial_year", "district", "reason"]).size(),
        "response_times": enquiries.groupby(["service", "financial_year", "band"]).size(),
        "activities_by_reason_subtype": activities.groupby(["service", "financial_year", "reason", "subtype"]).size(),
    }
    figures = {table: figures_from_rows(table, [(*key, count) for key, count in counts.items()]) for table, counts in tables.items()}
    quarters = enquiries.groupby(["service", "financial_year", "quarter"]).agg(enquiries=("converted", "size"), converted=("converted", "sum"))
    figures["quarterly_trends"] = figures_from_rows("quarterly_trends", [(*key, n, c) for key, (n, c) in quarters.iterrows()])
    assert set(figures) == set(COMPARED_TABLES)
    return figures
