"""The input contracts, as code: the SENDIASS case system and the council's SEND case system.

`docs/formats.md` describes them for people; this module is what the loader, the demo generators
and the tests use. Each source is a `Source`: its files, the warehouse schema its raw tables land
in, and the identifiers replaced by keyed pseudonyms; one loader serves both. Code lists (reasons,
methods, districts, ...) live once, in the dbt seed `dbt_project/seeds/contract_categories.csv`,
which both dbt and Python read.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
CATEGORIES_SEED = DBT_PROJECT_DIR / "seeds" / "contract_categories.csv"
SPELLINGS_SEED = DBT_PROJECT_DIR / "seeds" / "district_spellings.csv"


@dataclass(frozen=True)
class ExportFile:
    """One CSV file of a nightly drop: its name, exact header and what is personal data."""

    name: str
    table: str
    key: str
    columns: tuple[str, ...]
    personal: tuple[str, ...] = ()

    def raw_column(self, column: str) -> str:
        return snake_case(column)

    @property
    def raw_columns(self) -> tuple[str, ...]:
        return tuple(snake_case(c) for c in self.columns)


def snake_case(column: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", column.lower()).strip("_")


CASE_SYSTEM_FILES: tuple[ExportFile, ...] = (
    ExportFile(
        name="initial_enquiries.csv",
        table="initial_enquiries",
        key="Enquiry ID",
        columns=(
            "Enquiry ID", "Date", "Initial Response Date", "Reason for Contact", "Reason Subtype",
            "Method of Access", "Relationship", "District", "Enquiry Status", "Case ID",
            "Contact Name", "Contact Email", "Postcode", "Recorded By", "Last Modified",
        ),
        personal=("Contact Name", "Contact Email", "Postcode"),
    ),
    ExportFile(
        name="cases.csv",
        table="cases",
        key="Case ID",
        columns=(
            "Case ID", "Enquiry ID", "Family ID", "Referral Date", "District", "Referral Status",
            "Intervention Level", "Closed Date", "School Name", "Child Name", "Child Date of Birth",
            "NHS Number", "Main Need", "Risk Rating", "Recorded By", "Last Modified",
        ),
        personal=("Child Name", "Child Date of Birth", "NHS Number"),
    ),
    ExportFile(
        name="case_activities.csv",
        table="case_activities",
        key="Activity ID",
        columns=("Activity ID", "Case ID", "Activity Date", "Reason", "Subtype", "Method", "Last Modified"),
    ),
    ExportFile(
        name="tribunal_appeals.csv",
        table="tribunal_appeals",
        key="Appeal ID",
        columns=(
            "Appeal ID", "Case ID", "Registered Date", "Locality", "Appeal Type", "Hearing Date",
            "Decision", "Decision Date", "Last Modified",
        ),
    ),
    ExportFile(
        name="feedback.csv",
        table="feedback",
        key="Response ID",
        columns=(
            "Response ID", "Survey", "Case ID", "Submitted Date", "Effectiveness", "Recommend",
            "Helpful", "Last Modified",
        ),
    ),
)

FILES_BY_NAME = {f.name: f for f in CASE_SYSTEM_FILES}

COUNCIL_SEND_FILES: tuple[ExportFile, ...] = (
    ExportFile(
        name="ehc_requests.csv",
        table="ehc_requests",
        key="Request ID",
        columns=(
            "Request ID", "Person ID", "Child Name", "Child Date of Birth", "Postcode", "NHS Number", "UPN",
            "Locality", "Request Received Date", "Request Source", "Decision Date", "Decision", "Outcome Date",
            "Outcome", "Draft Plan Date", "Exception", "Exception Reason", "Mediation", "Tribunal", "Primary Need",
            "Provision Lead", "Last Modified",
        ),
        personal=("Child Name", "Child Date of Birth", "Postcode", "NHS Number", "UPN"),
    ),
    ExportFile(
        name="ehc_plans.csv",
        table="ehc_plans",
        key="Plan ID",
        columns=(
            "Plan ID", "Person ID", "Request ID", "Locality", "Plan Start Date", "Last Review Meeting Date",
            "Last Review Outcome Date", "Next Review Due Date", "Ceased Date", "Cease Reason", "Provision Lead",
            "Last Modified",
        ),
    ),
    ExportFile(
        name="contacts.csv",
        table="contacts",
        key="Contact ID",
        columns=(
            "Contact ID", "Received", "Channel", "Locality", "Staff Code", "Complex", "Acknowledged Date",
            "Responded Date", "Last Modified",
        ),
    ),
)


@dataclass(frozen=True)
class Pseudonymised:
    """An identifier that follows a person across records: the warehouse keeps its keyed pseudonym."""
    identifier_type: str
    table: str
    column: str


@dataclass(frozen=True)
class Source:
    """A case system that drops nightly exports into its own landing folder."""
    name: str
    title: str
    raw_schema: str
    files: tuple[ExportFile, ...]
    pseudonymised: tuple[Pseudonymised, ...]
    dbt_select: str | None = None   # the dbt nodes its nightly build runs (None: all) ...
    dbt_exclude: str | None = None  # ... but these
    multi_service: bool = False  # its models key records by service: one run may take many landings

    def file(self, name: str) -> ExportFile:
        return {f.name: f for f in self.files}[name]


CASE_SYSTEM = Source(
    name="case_system", title="SENDIASS case system", raw_schema="raw", files=CASE_SYSTEM_FILES,
    pseudonymised=(Pseudonymised("family", "cases", "family_id"), Pseudonymised("child", "cases", "nhs_number"),
                   Pseudonymised("contact", "initial_enquiries", "contact_email")),
    dbt_exclude="tag:council_send",
    multi_service=True,
)
COUNCIL_SEND = Source(
    name="council_send", title="council SEND case system", raw_schema="raw_council", files=COUNCIL_SEND_FILES,
    pseudonymised=(Pseudonymised("person", "ehc_requests", "person_id"), Pseudonymised("person", "ehc_plans", "person_id")),
    dbt_select="+tag:council_send",
)
SOURCES = {s.name: s for s in (CASE_SYSTEM, COUNCIL_SEND)}

DATE_FORMAT = "%d/%m/%Y"
TIMESTAMP_FORMAT = "%d/%m/%Y %H:%M"


@lru_cache(maxsize=1)
def _category_rows() -> tuple[tuple[str, str, int, bool], ...]:
    with CATEGORIES_SEED.open(encoding="utf-8", newline="") as f:
        return tuple(
            (r["domain"], r["category"], int(r["sort_order"]), r["is_empty_label"] == "true")
            for r in csv.DictReader(f)
        )


def categories(domain: str, include_empty_label: bool = True) -> list[str]:
    """The contract's labels for one domain, in published order."""
    rows = sorted((r for r in _category_rows() if r[0] == domain), key=lambda r: r[2])
    if not rows:
        raise KeyError(f"no categories for domain {domain!r} in {CATEGORIES_SEED}")
    return [r[1] for r in rows if include_empty_label or not r[3]]


def empty_label(domain: str) -> str | None:
    """The label that stands for an empty value in a domain (e.g. 'Unknown' for reason)."""
    for d, category, _, is_empty in _category_rows():
        if d == domain and is_empty:
            return category
    return None
