"""GX Data Docs cost what a night costs: the stores keep each suite's latest results, the rest is archived."""
from __future__ import annotations

import re
from datetime import date

from sendpipe import pipeline
from sendpipe.quality.expectation_suites import suite_specs
from sendpipe.quality.gx_validation import DATA_DOCS_NIGHTS
from tests.conftest import settings_for
from tests.factory import row, write_drop

NIGHT = date(2023, 6, 1)
RAW_SUITES = {s.name for s in suite_specs() if s.layer == "raw" and s.source == "case_system"}


def runs(folder):
    """{suite: [run times]} of a store laid out <suite>/<run name>/<run time>/<file>."""
    return {suite.name: sorted(run.name for run in suite.glob("*/*")) for suite in folder.iterdir() if suite.is_dir()}


def test_each_suite_keeps_its_latest_results_in_the_stores_and_the_older_ones_in_the_archive(tmp_path):
    write_drop(tmp_path / "landing", NIGHT, rows={"initial_enquiries.csv": [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001"})]})
    settings = settings_for(tmp_path / "landing", tmp_path)
    pipeline.load(settings, NIGHT)
    # Results of a suite of the other source, which its own run archives (it may share the folder).
    other = [settings.quality_dir / "gx_results" / "raw_contacts" / "__none__" / f"2023060{n}T000000.000000Z" for n in range(1, 10)]
    for run in other:
        run.mkdir(parents=True)
        (run / "sendpipe_warehouse-raw_contacts.json").write_text("{}")
    validations = DATA_DOCS_NIGHTS + 2
    for _ in range(validations):
        pipeline.validate_raw(settings, NIGHT)
    assert all(run.is_dir() for run in other), "only the suites that ran are archived"

    quality = settings.quality_dir
    results = {suite: found for suite, found in runs(quality / "gx_results").items() if suite in RAW_SUITES}
    pages = runs(quality / "data_docs" / "validations")
    archived_results = runs(quality / "gx_archive" / "gx_results")
    archived_pages = runs(quality / "gx_archive" / "data_docs" / "validations")
    assert set(results) == set(pages) == set(archived_results) == set(archived_pages) == RAW_SUITES
    for suite in RAW_SUITES:
        assert results[suite] == pages[suite] and archived_results[suite] == archived_pages[suite], suite
        assert len(results[suite]) == DATA_DOCS_NIGHTS and len(archived_results[suite]) == validations - DATA_DOCS_NIGHTS
        assert max(archived_results[suite]) < min(results[suite]), "the latest results are the ones kept"

    # The index lists the kept pages, every one of them there.
    listed = set(re.findall(r'validations/([^/"]+)/[^/"]+/([^/"]+)/[^"]+?\.html', (quality / "data_docs" / "index.html").read_text()))
    assert listed == {(suite, run) for suite in RAW_SUITES for run in pages[suite]}
