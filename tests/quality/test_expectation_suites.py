"""The GX file context in expectations/ holds exactly the suites sendpipe defines."""
from __future__ import annotations

import json

from sendpipe.quality.expectation_suites import suite_specs
from sendpipe.quality.gx_validation import EXPECTATIONS_DIR


def expectations_of(path):
    suite = json.loads(path.read_text())
    return sorted((e["type"], json.dumps(e["kwargs"], sort_keys=True)) for e in suite["expectations"])


def test_one_suite_per_export_file_and_per_mart_of_each_source():
    names = sorted(p.stem for p in (EXPECTATIONS_DIR / "gx" / "expectations").glob("*.json"))
    assert names == sorted(s.name for s in suite_specs())
    assert {n for n in names if n.startswith("raw_")} == {
        "raw_initial_enquiries", "raw_cases", "raw_case_activities", "raw_tribunal_appeals", "raw_feedback",
        "raw_ehc_requests", "raw_ehc_plans", "raw_contacts"}


def test_committed_suites_equal_their_definitions(tmp_path):
    from scripts.build_expectations import build

    build(tmp_path)
    for spec in suite_specs():
        committed = EXPECTATIONS_DIR / "gx" / "expectations" / f"{spec.name}.json"
        assert expectations_of(committed) == expectations_of(tmp_path / "gx" / "expectations" / f"{spec.name}.json"), spec.name


def test_raw_suites_never_read_personal_data():
    personal = {"contact_name", "contact_email", "postcode", "child_name", "child_date_of_birth", "nhs_number"}
    for spec in suite_specs():
        assert not personal & set(spec.columns), spec.name
