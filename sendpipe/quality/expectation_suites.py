"""The Great Expectations suites, one per export file (raw) and one per mart, of each source.

These are gates, not record-level checks: they catch a drop or a build that is wrong as a whole
(IDs that stop matching their pattern, a column of codes shifted into another, a mart key that is
no longer unique) and stop the run before publishing. Thresholds (`mostly`) leave room for the
record-level defects real exports have; those are the dbt checks in the `quality` schema.

`scripts/build_expectations.py` writes these definitions into the GX file context in
`expectations/`; tests/quality/test_expectation_suites.py keeps the two equal.
"""
from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx
from great_expectations import expectations as gxe

from sendpipe.contracts import CASE_SYSTEM, COUNCIL_SEND, ExportFile, Source, categories

DATE_PATTERN = r"^(?:\d{2}/\d{2}/\d{4})?$"
TIMESTAMP_PATTERN = r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$"
FINANCIAL_YEAR_PATTERN = r"^\d{4}-\d{2}$"
ID_PREFIX = {"Enquiry ID": "IE", "Case ID": "CA", "Activity ID": "AC", "Appeal ID": "TR", "Response ID": "FB", "Family ID": "FA",
             "Request ID": "RQ", "Plan ID": "EP", "Contact ID": "CT"}
TIMESTAMP_COLUMNS = {"Last Modified", "Received"}
# Each source's coded columns and the contract_categories domain of their codes.
CODED_COLUMNS = {
    CASE_SYSTEM.name: {
        "Reason for Contact": "reason", "Method of Access": "method", "Relationship": "service_user",
        "Enquiry Status": "enquiry_status", "Referral Status": "referral_status", "Intervention Level": "intervention_level",
        "Main Need": "main_need", "Risk Rating": "risk_rating", "Reason": "reason", "Method": "method",
        "Locality": "appeal_locality", "Appeal Type": "appeal_type", "Decision": "appeal_decision",
        "Survey": "survey", "Recommend": "agreement", "Helpful": "agreement",
    },
    COUNCIL_SEND.name: {
        "Locality": "council_locality", "Request Source": "ehc_request_source", "Decision": "ehc_decision",
        "Outcome": "ehc_outcome", "Exception": "yes_no", "Mediation": "yes_no", "Tribunal": "yes_no",
        "Primary Need": "main_need", "Cease Reason": "cease_reason", "Channel": "contact_channel", "Complex": "yes_no",
    },
}
CODES_MOSTLY = 0.9
PATTERN_MOSTLY = 0.95


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    source: str  # the Source's name
    layer: str  # "raw" or "marts"
    table: str  # the warehouse table the batch is read from
    columns: tuple[str, ...]  # the columns read (never personal data)
    expectations: tuple
    # The batch is the rows of the night (this date column equals the export date): a night's cost
    # stays the night's rows, whatever the history. None: every row (small tables).
    night_column: str | None = None


def _raw_suite(source: Source, spec: ExportFile) -> SuiteSpec:
    columns = tuple(c for c in spec.columns if c not in spec.personal)
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(column=spec.raw_column(spec.key)),
        gxe.ExpectColumnValuesToMatchRegex(column=spec.raw_column(spec.key), regex=rf"^{ID_PREFIX[spec.key]}\d+$", mostly=PATTERN_MOSTLY),
    ]
    coded = CODED_COLUMNS[source.name]
    for column in columns:
        raw = spec.raw_column(column)
        if column in TIMESTAMP_COLUMNS:
            expectations.append(gxe.ExpectColumnValuesToMatchRegex(column=raw, regex=TIMESTAMP_PATTERN, mostly=PATTERN_MOSTLY))
        elif column.endswith("Date"):
            expectations.append(gxe.ExpectColumnValuesToMatchRegex(column=raw, regex=DATE_PATTERN, mostly=PATTERN_MOSTLY))
        elif column in coded:
            allowed = categories(coded[column], include_empty_label=False) + [""]
            expectations.append(gxe.ExpectColumnValuesToBeInSet(column=raw, value_set=allowed, mostly=CODES_MOSTLY))
        elif column == "Effectiveness":
            expectations.append(gxe.ExpectColumnValuesToBeInSet(column=raw, value_set=["", "1", "2", "3", "4", "5"], mostly=CODES_MOSTLY))
    return SuiteSpec(f"raw_{spec.table}", source.name, "raw", f"{source.raw_schema}.{spec.table}",
                     tuple(spec.raw_column(c) for c in columns), tuple(expectations), night_column="_drop_date")


def _mart_suite(source: Source, table: str, key: str, in_sets: dict[str, list[str]],
                year_column: str | None = "financial_year") -> SuiteSpec:
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(column=key),
        # A multi-service source's IDs are unique within a service: services' case systems reuse IDs.
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["service", key]) if source.multi_service
        else gxe.ExpectColumnValuesToBeUnique(column=key),
    ]
    if year_column:
        expectations.append(gxe.ExpectColumnValuesToMatchRegex(column=year_column, regex=FINANCIAL_YEAR_PATTERN))
    expectations += [gxe.ExpectColumnValuesToBeInSet(column=c, value_set=values) for c, values in in_sets.items()]
    columns = tuple(dict.fromkeys(c for e in expectations for c in (getattr(e, "column_list", None) or [e.column])))
    # A multi-service source's marts are national: the batch is the records tonight's drops brought
    # (their last_seen_drop_date); uniqueness over the whole table is dbt's unique_combination test.
    return SuiteSpec(table, source.name, "marts", f"marts.{table}", columns, tuple(expectations),
                     night_column="last_seen_drop_date" if source.multi_service else None)


def suite_specs(source: Source | None = None) -> list[SuiteSpec]:
    """Every suite, or one source's."""
    specs = _case_system_suites() + _council_send_suites()
    return [s for s in specs if source is None or s.source == source.name]


def _council_send_suites() -> list[SuiteSpec]:
    source = COUNCIL_SEND
    localities = categories("council_locality")
    return [_raw_suite(source, spec) for spec in source.files] + [
        _mart_suite(source, "fct_ehc_requests", "request_id", {
            "locality": localities, "decision": categories("ehc_decision"), "outcome": categories("ehc_outcome"),
        }, year_column="financial_year_received"),
        _mart_suite(source, "fct_ehc_plans", "plan_id", {"locality": localities}, year_column=None),
        _mart_suite(source, "fct_contacts", "contact_id", {
            "locality": localities + ["Central teams"], "channel": categories("contact_channel"),
        }),
    ]


def _case_system_suites() -> list[SuiteSpec]:
    source = CASE_SYSTEM
    raw = [_raw_suite(source, spec) for spec in source.files]
    marts = [
        _mart_suite(source, "fct_enquiries", "enquiry_id", {
            "response_band": categories("response_band"), "district": categories("district"),
            "reason": categories("reason"), "method": categories("method"), "service_user": categories("service_user"),
            "enquiry_status": categories("enquiry_status"),
        }),
        _mart_suite(source, "fct_cases", "case_id", {
            "referral_status_at_period_end": categories("referral_status"), "district": categories("district"),
            "intervention_level": categories("intervention_level"),
        }),
        _mart_suite(source, "fct_case_activities", "activity_id", {"reason": categories("reason"), "method": categories("method")}),
        _mart_suite(source, "fct_tribunal_appeals", "appeal_id", {
            "locality": categories("appeal_locality"), "appeal_type": categories("appeal_type"),
            "decision": categories("appeal_decision"),
        }),
        _mart_suite(source, "fct_feedback", "response_id", {"survey": categories("survey")}),
    ]
    return raw + marts


def build_suite(spec: SuiteSpec) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(name=spec.name, expectations=list(spec.expectations))
