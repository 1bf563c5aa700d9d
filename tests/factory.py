"""Crafted drops for tests: the contract's exact format with only the fields a test cares about."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM, SOURCES, Source
from sendpipe.demo.generator import render_csv

DEFAULTS = {
    "initial_enquiries.csv": {
        "Date": "01/05/2023", "Initial Response Date": "02/05/2023", "Reason for Contact": "Education",
        "Method of Access": "Email", "Relationship": "Parent/Carer", "District": "Purbeck",
        "Enquiry Status": "Closed - responded successfully", "Contact Name": "Test Person",
        "Contact Email": "test.person@example.org", "Postcode": "BH19 1AA", "Recorded By": "CO1",
        "Last Modified": "02/05/2023 10:00",
    },
    "cases.csv": {
        "Family ID": "FA00001", "Referral Date": "03/05/2023", "District": "Purbeck", "Referral Status": "Active",
        "Intervention Level": "Level 3", "Child Name": "Test Child", "Child Date of Birth": "01/01/2012",
        "NHS Number": "9434765919", "Main Need": "ASC", "Recorded By": "CO1", "Last Modified": "03/05/2023 10:00",
    },
    "case_activities.csv": {"Activity Date": "04/05/2023", "Reason": "Education", "Method": "Email",
                            "Last Modified": "04/05/2023 10:00"},
    "tribunal_appeals.csv": {"Registered Date": "05/05/2023", "Locality": "Purbeck", "Appeal Type": "Placement only",
                             "Last Modified": "05/05/2023 10:00"},
    "feedback.csv": {"Survey": "Case", "Submitted Date": "06/05/2023", "Effectiveness": "5",
                     "Recommend": "Strongly agree", "Helpful": "Strongly agree", "Last Modified": "06/05/2023 10:00"},
    # The council's SEND case system.
    "ehc_requests.csv": {
        "Person ID": "P400001", "Child Name": "Test Child", "Child Date of Birth": "01/01/2012", "Postcode": "DT1 1AA",
        "NHS Number": "9434765919", "UPN": "A123456789012", "Locality": "Dorchester",
        "Request Received Date": "01/05/2023", "Request Source": "Parent", "Exception": "No", "Mediation": "No",
        "Tribunal": "No", "Primary Need": "ASC", "Provision Lead": "PL01", "Last Modified": "01/05/2023 10:00",
    },
    "ehc_plans.csv": {"Person ID": "P400001", "Locality": "Dorchester", "Plan Start Date": "01/05/2023",
                      "Next Review Due Date": "01/05/2024", "Provision Lead": "PL01", "Last Modified": "01/05/2023 10:00"},
    "contacts.csv": {"Received": "01/05/2023 09:00", "Channel": "Email", "Locality": "Dorchester", "Staff Code": "PL01",
                     "Complex": "No", "Last Modified": "01/05/2023 09:00"},
}


def _source_of(file_name: str) -> Source:
    return next(s for s in SOURCES.values() if any(f.name == file_name for f in s.files))


def row(file_name: str, **fields: str) -> list[str]:
    """A full row of `file_name` from defaults plus the given fields (keys are contract column names)."""
    spec = _source_of(file_name).file(file_name)
    values = {**DEFAULTS[file_name], **fields}
    unknown = set(values) - set(spec.columns)
    assert not unknown, f"not columns of {file_name}: {unknown}"
    return [values.get(c, "") for c in spec.columns]



def enquiry(enquiry_id: str, status: str, modified: str) -> list[str]:
    """A version of an enquiry: its ID, status and Last Modified, the rest from the defaults."""
    return row("initial_enquiries.csv", **{"Enquiry ID": enquiry_id, "Enquiry Status": status, "Last Modified": modified})

def write_drop(landing: Path, export_date: date, rows: dict[str, list[list[str]]] | None = None,
               skip: tuple[str, ...] = (), raw: dict[str, bytes] | None = None, source: Source = CASE_SYSTEM) -> Path:
    """Write a drop of `source`. `rows` by file name (default: no data rows); `raw` overrides a file's bytes."""
    folder = landing / export_date.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    for spec in source.files:
        if spec.name in skip:
            continue
        data = (raw or {}).get(spec.name)
        if data is None:
            data = render_csv(spec.columns, (rows or {}).get(spec.name, []), bom=True)
        (folder / spec.name).write_bytes(data)
    return folder
