"""Blocking failures stop the run before publishing and leave the last good publication in place."""
from __future__ import annotations

from datetime import date

import pytest

from sendpipe import pipeline
from sendpipe.contracts import FILES_BY_NAME
from sendpipe.demo.generator import render_csv
from sendpipe.load import ContractViolation
from sendpipe.quality.gx_validation import QualityGateFailed
from tests.conftest import settings_for
from tests.factory import row, write_drop

FIRST = date(2023, 6, 1)
SECOND = date(2023, 6, 2)


def good_rows():
    return {"initial_enquiries.csv": [row("initial_enquiries.csv", **{"Enquiry ID": f"IE{n:06d}"}) for n in range(30)],
            "cases.csv": [row("cases.csv", **{"Case ID": "CA00001", "Enquiry ID": "IE000001"})]}


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def published_once(tmp_path_factory):
    base = tmp_path_factory.mktemp("gates")
    write_drop(base / "landing", FIRST, rows=good_rows())
    result = pipeline.run(settings_for(base / "landing", base))
    return base, result


def test_a_schema_drift_drop_stops_before_publish_and_the_publication_is_unchanged(published_once):
    base, first = published_once
    before = snapshot(first.publication.path)
    columns = [("Postcode Area" if c == "Postcode" else c) for c in FILES_BY_NAME["initial_enquiries.csv"].columns]
    write_drop(base / "landing", SECOND, rows=good_rows(),
               raw={"initial_enquiries.csv": render_csv(tuple(columns), [], bom=True)})
    with pytest.raises(ContractViolation, match="column 'Postcode Area'"):
        pipeline.run(settings_for(base / "landing", base))
    assert snapshot(first.publication.path) == before
    assert first.publication.path.resolve() == first.publication.version.resolve()
    report = (base / "quality" / "reports" / f"quality_report_{SECOND}.html").read_text()
    assert "Tonight's drop was rejected" in report and "Postcode Area" in report


def test_a_raw_batch_that_fails_its_suite_stops_before_build_and_publish(tmp_path):
    rows = good_rows()
    rows["initial_enquiries.csv"] = [row("initial_enquiries.csv", **{"Enquiry ID": f"IE{n:06d}", "Method of Access": "Carrier pigeon"})
                                     for n in range(30)]
    write_drop(tmp_path / "landing", FIRST, rows=rows)
    settings = settings_for(tmp_path / "landing", tmp_path)
    with pytest.raises(QualityGateFailed, match=r"raw_initial_enquiries: expect_column_values_to_be_in_set\(method_of_access\): 30 of 30"):
        pipeline.run(settings)
    assert not settings.publish_dir.exists()
    assert (settings.quality_dir / "data_docs" / "index.html").is_file()
