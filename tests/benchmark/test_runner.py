"""The benchmark runs end to end at a small scale, so it cannot rot: four contenders, one set of figures."""
from __future__ import annotations

import duckdb
import pytest

from sendpipe.benchmark.contenders import pipeline_warehouse
from sendpipe.benchmark.kpis import COMPARED_TABLES, differences
from sendpipe.benchmark.runner import benchmark, difference, nightly_against, render, render_nightly_against


def test_the_small_benchmark_times_four_contenders_that_publish_the_same_figures(tmp_path):
    result = benchmark("small", tmp_path / "work")
    assert [t["name"][:3] for t in result["timings"]] == ["(a)", "(b)", "(c)", "(d)"]
    assert result["identical"], result["disagreements"]
    assert result["history_rows"] > result["night_rows"] > 0
    assert all(t["seconds"] > 0 and t["peak_mib"] > 0 for t in result["timings"])
    full_refresh, nightly = result["timings"][0]["profile"], result["timings"][1]["profile"]
    assert list(full_refresh["steps"]) == ["load", "validate_raw", "build", "validate_marts", "publish", "report"]
    assert nightly["slowest_dbt_nodes"] and all(seconds >= 0 for _, seconds in nightly["slowest_dbt_nodes"])
    # (b) ran on a warehouse in nightly use, not one just refreshed: the enquiries' snapshot took the
    # full refresh's versions, then the night before's changes, then the night's own
    with duckdb.connect(str(pipeline_warehouse(tmp_path / "work" / "nightly")), read_only=True) as con:
        snapshot_runs = con.execute("select count(distinct _loads_through) from history.snap_enquiries").fetchone()[0]
    assert snapshot_runs == 3
    table = render(result)
    assert "Where (a) pipeline, full refresh spends its time (s): load " in table
    assert "a/d = " in table and "b/a = " in table and "c/a = " in table
    assert "Published figures identical across (a), (b), (c), (d): yes" in table


def test_differences_name_the_table_and_the_figures_that_disagree():
    expected = {table: {} for table in COMPARED_TABLES}
    actual = {table: {} for table in COMPARED_TABLES}
    expected["enquiries_by_reason"][("dorset", "2023-24", "Tribunal")] = (178,)
    actual["enquiries_by_reason"][("dorset", "2023-24", "Tribunal")] = (177,)
    assert differences(expected, actual) == ["enquiries_by_reason dorset/2023-24/Tribunal: (178,) vs (177,)"]
    assert differences(expected, expected) == []


def test_the_nightly_run_against_a_shorter_history_alternates_rounds_that_publish_the_same_figures(tmp_path):
    result = nightly_against("small", "demo", tmp_path / "work", rounds=2)
    assert len(result["rounds"]) == 2 and result["identical"]
    for r in result["rounds"]:
        assert r["seconds"]["small"] > 0 and r["seconds"]["demo"] > 0
        assert r["ratio"] == round(r["seconds"]["small"] / r["seconds"]["demo"], 2)
    assert min(r["ratio"] for r in result["rounds"]) <= result["median_ratio"] <= max(r["ratio"] for r in result["rounds"])
    # each round runs on a copy in the folder the night before was built in, so dbt reuses its saved
    # parse as a real night does; the copy is removed after the round
    assert not any(whole for r in result["rounds"] for whole in r["parsed_whole_project"].values())
    assert not (tmp_path / "work" / "small" / "night").exists()
    table = render_nightly_against(result)
    assert "| round | small (s) | demo (s) | ratio |" in table and "median ratio = " in table
    assert "Every round published the same figures as the first on the same history: yes" in table
    assert "Rounds where dbt parsed the whole project again (a real night reuses its saved parse): none" in table
    # with two rounds the median is the mean, so the steps and the rest add up to the wall time's gap
    gap = result["difference"]
    assert abs(sum(gap["steps"].values()) + gap["rest"] - gap["wall"]) < 0.05
    assert set(gap["steps"]) == set(result["rounds"][0]["steps"]["small"]) >= {"load", "build", "publish"}
    assert gap["dbt_nodes"] and all(node.split(":")[0] in {"model", "test", "seed", "snapshot", "operation"} for node, _ in gap["dbt_nodes"])
    assert f"Where the {gap['wall']:.1f} s more of small go" in table


def test_the_difference_between_histories_compares_each_round_with_itself_and_names_the_nodes_that_grow():
    def profile(load, build, nodes):
        return {"steps": {"load": load, "build": build}, "dbt_node_seconds": nodes}
    longer = [profile(3.0, 10.0, {"model:merge": 6.0, "test:unique": 1.0}),
              profile(9.0, 20.0, {"model:merge": 12.0, "test:unique": 2.0}),  # a slow round: the machine
              profile(4.0, 11.0, {"model:merge": 7.0, "test:unique": 1.0, "model:new": 0.5})]
    shorter = [profile(1.0, 5.0, {"model:merge": 2.0, "test:unique": 1.0}),
               profile(7.0, 14.0, {"model:merge": 7.0, "test:unique": 2.0}),
               profile(2.0, 6.0, {"model:merge": 3.0, "test:unique": 1.0})]
    # pairwise: the median of 8, 9 and 5 s, not the difference of the medians (17 - 12 s)
    gap = difference(longer, shorter, [15.0, 32.0, 17.0], [7.0, 23.0, 12.0])
    assert gap["wall"] == 8.0 and gap["steps"] == {"load": 2.0, "build": 5.0} and gap["rest"] == 1.0
    assert gap["dbt_nodes"] == [["model:merge", 4.0], ["model:new", 0.0], ["test:unique", 0.0]]


def test_the_nightly_run_against_needs_two_histories_in_two_landings(tmp_path):
    with pytest.raises(ValueError, match="needs two histories"):
        nightly_against("small", "small", tmp_path / "work")
    with pytest.raises(ValueError, match="need landings of their own"):
        nightly_against("small", "demo", tmp_path / "work", tmp_path / "drops", tmp_path / "drops")
    assert not (tmp_path / "work").exists() and not (tmp_path / "drops").exists()  # refused before anything is written
