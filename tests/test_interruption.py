"""A run killed between dbt build and publish, or in the middle of publishing, leaves the
previous complete publication in place; the next run completes normally."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

import pytest

from sendpipe import pipeline
from tests.conftest import settings_for
from tests.factory import row, write_drop

KILL_BEFORE_PUBLISH = "publishing.write_version"
KILL_MID_PUBLISH = "publishing._sha256"  # called after each file is written: the 5th call is mid-set


def rows(n):
    return {"initial_enquiries.csv": [row("initial_enquiries.csv", **{"Enquiry ID": f"IE{i:06d}"}) for i in range(n)]}


@pytest.mark.parametrize("target, calls_before_kill", [(KILL_BEFORE_PUBLISH, 0), (KILL_MID_PUBLISH, 5)])
def test_a_killed_run_leaves_the_previous_publication(tmp_path, target, calls_before_kill):
    landing = tmp_path / "landing"
    write_drop(landing, date(2023, 6, 1), rows=rows(20))
    settings = settings_for(landing, tmp_path)
    first = pipeline.run(settings)
    before = {p.name: p.read_bytes() for p in settings.publish_dir.iterdir()}
    write_drop(landing, date(2023, 6, 2), rows=rows(25))

    module, function = target.split(".")
    script = textwrap.dedent(f"""
        import os, signal
        from sendpipe import publish as publishing, pipeline
        from tests.conftest import settings_for
        from pathlib import Path
        original, calls = publishing.{function}, [0]
        def killer(*args, **kwargs):
            calls[0] += 1
            if calls[0] > {calls_before_kill}:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        publishing.{function} = killer
        pipeline.run(settings_for(Path({str(landing)!r}), Path({str(tmp_path)!r})))
    """)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert settings.publish_dir.resolve() == first.publication.version.resolve()
    assert {p.name: p.read_bytes() for p in settings.publish_dir.iterdir()} == before

    recovered = pipeline.run(settings)
    assert recovered.publication.manifest["export_date"] == "2023-06-02"
