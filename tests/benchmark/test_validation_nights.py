"""The GX-over-many-nights benchmark runs (a few nights of the demo), so it cannot rot."""
from __future__ import annotations

from datetime import date

from sendpipe.benchmark.validation_nights import render, validation_nights


def test_three_nights_of_validation_on_a_copy_of_the_demo_warehouse(demo_run, tmp_path):
    before = demo_run.settings.warehouse.stat().st_mtime_ns
    times = validation_nights(demo_run.settings, date(2024, 4, 2), 3, tmp_path / "work")
    assert [t.night for t in times] == [1, 2, 3] and all(t.validate_raw > 0 and t.validate_marts > 0 for t in times)
    assert demo_run.settings.warehouse.stat().st_mtime_ns == before, "the warehouse itself is not touched"
    assert len(list((tmp_path / "work" / "quality" / "gx_results").glob("raw_cases/*/*"))) == 3
    assert render(times).count("\n") == 2 + 3 - 1
