"""Every kind of bad drop ends in a clean load with findings or a clear error naming drop, file,
row and column; in every case the raw files are untouched, the warehouse is unchanged or
consistently updated, and the last good publication is still there."""
from __future__ import annotations

import dataclasses
import hashlib
import shutil
from datetime import date

import pytest

from sendpipe import pipeline
from sendpipe.load import ContractViolation, connect
from tests.conftest import settings_for
from tests.corpus import BAD_NIGHT, CORPUS, GOOD_NIGHT, good_rows
from tests.factory import write_drop


@pytest.fixture(scope="module")
def good_base(tmp_path_factory):
    """A warehouse and publication built from one good night."""
    base = tmp_path_factory.mktemp("corpus_base")
    write_drop(base / "landing", GOOD_NIGHT, rows=good_rows())
    pipeline.run(settings_for(base / "landing", base))
    return base


def file_hashes(landing):
    return {str(p.relative_to(landing)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(landing.rglob("*.csv"))}


def raw_state(warehouse):
    with connect(warehouse, read_only=True) as con:
        tables = ["initial_enquiries", "cases", "case_activities", "tribunal_appeals", "feedback", "_loads"]
        return {t: con.execute(f"select * from raw.{t} order by all").fetchall() for t in tables}


def publication(settings):
    return {p.name: p.read_bytes() for p in sorted(settings.publish_dir.iterdir())}


@pytest.mark.parametrize("bad", CORPUS, ids=[b.kind for b in CORPUS])
def test_bad_input(bad, good_base, tmp_path):
    base = tmp_path / "case"
    shutil.copytree(good_base, base, symlinks=True)
    settings = settings_for(base / "landing", base)
    if bad.kind == "second_drop_same_night":
        write_drop(base / "landing", BAD_NIGHT, rows=good_rows())
        pipeline.run(settings)  # the night as first delivered
    if bad.kind == "file_still_being_written":
        settings = dataclasses.replace(settings, drop_settle_seconds=3600)
    before_raw, before_published = raw_state(settings.warehouse), publication(settings)
    bad.write(base / "landing")
    if bad.kind == "second_drop_same_night":  # re-delivered with one enquiry changed
        (base / "landing" / BAD_NIGHT.isoformat() / "initial_enquiries.csv").write_bytes(
            (base / "landing" / BAD_NIGHT.isoformat() / "initial_enquiries.csv").read_bytes().replace(b",Purbeck,", b",Dorchester,", 1))
    delivered = file_hashes(base / "landing")

    if bad.outcome == "rejected":
        with pytest.raises(ContractViolation, match=bad.message) as caught:
            pipeline.run(settings)
        assert f"drop {BAD_NIGHT} rejected" in str(caught.value)
        assert raw_state(settings.warehouse) == before_raw
        assert publication(settings) == before_published
    elif bad.outcome == "not_picked":
        with pytest.raises(pipeline.NoCompleteDrop, match=bad.message):
            pipeline.run(dataclasses.replace(settings, export_date=BAD_NIGHT))
        assert raw_state(settings.warehouse) == before_raw
        assert publication(settings) == before_published
    else:
        result = pipeline.run(settings)
        with connect(settings.warehouse, read_only=True) as con:
            loaded = {d for (d,) in con.execute("select distinct drop_date from raw._loads").fetchall()}
            per_drop = dict(con.execute("select drop_date, count(*) from raw._loads group by 1").fetchall())
            open_checks = {c for (c,) in con.execute(
                "select distinct check_name from quality.dq_issues where status = 'open' and check_name not in "
                "('district_unrecorded')").fetchall()}
        assert set(per_drop.values()) == {5}  # every loaded drop once, with its five files
        assert open_checks == set(bad.findings)
        assert result.publication.manifest["export_date"] == max(loaded).isoformat()
        if bad.kind == "second_drop_same_night":
            with connect(settings.warehouse, read_only=True) as con:
                assert con.execute("select count(*) from raw.initial_enquiries where _drop_date = ?", [BAD_NIGHT]).fetchone()[0] == 30
                assert con.execute("select count(*) from marts.fct_enquiries where district = 'Dorchester'").fetchone()[0] == 1
        if bad.kind == "older_than_last_loaded":
            assert date(2023, 5, 31) in loaded and result.export_date == GOOD_NIGHT
    assert file_hashes(base / "landing") == delivered  # the drops are never changed


def test_the_corpus_has_at_least_twenty_kinds():
    assert len({b.kind for b in CORPUS}) >= 20
