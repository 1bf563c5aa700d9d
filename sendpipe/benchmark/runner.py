"""The benchmark: generate drops at a scale, time four contenders on them, check they agree.

(a) the pipeline's full refresh: a new warehouse, every drop loaded, built, checked and published;
(b) the pipeline's nightly run after one new drop, on the warehouse as the night before left it;
(c) a pandas script computing the same KPI tables from the same CSV files (`pandas_script`);
(d) one hand-written DuckDB SQL script over the same CSV files, the floor (`duckdb_sql`).
At demo scale it also times (e) `airflow dags test sendpipe_nightly` end to end on the demo drops.

Each runs in its own process; the table gives wall time, input rows per second and peak memory
(maximum resident set), the ratios a/d, b/a and c/a, and whether all four published the same
figures (`sendpipe.benchmark.kpis`). Targets are shown beside the figures, never asserted.

`nightly_against` times the nightly run on two lengths of history (ten years against one),
alternating between them, for the target that the first cost at most twice the second.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from sendpipe.benchmark.contenders import pipeline_warehouse
from sendpipe.benchmark.kpis import COMPARED_TABLES, Figures, differences, figures_from_published
from sendpipe.contracts import CASE_SYSTEM_FILES
from sendpipe.dbt_build import dbt_paths
from sendpipe.demo import generator, scaled_generator

# scale -> (services, years); demo is the bundled demo service (its nine nights).
SCALES: dict[str, tuple[int, int]] = {
    "demo": (1, 2), "small": (2, 2), "regional": (10, 3), "national": (150, 10), "national-1y": (150, 1),
}
LAST_NIGHT = scaled_generator.DEFAULT_LAST_NIGHT
NIGHT_BEFORE = LAST_NIGHT - timedelta(days=1)  # the nightly run (b) starts from the warehouse as this night left it
REFRESHED_AS_AT = NIGHT_BEFORE - timedelta(days=1)  # ... itself a nightly run, on a full refresh as at this night


@dataclass
class Timing:
    name: str
    seconds: float
    rows: int
    peak_mib: float
    figures: Figures
    profile: dict | None = None  # the pipeline's step seconds, slowest dbt nodes and every dbt node's seconds


def generate(scale: str, landings: Path) -> float:
    """Write the scale's drops under `landings` (one folder per service); returns seconds taken."""
    started = time.perf_counter()
    if scale == "demo":
        generator.write_drops(landings / "dorset", last_night=LAST_NIGHT)
    else:
        services, years = SCALES[scale]
        scaled_generator.write_services(landings, services, years, last_night=LAST_NIGHT)
    return time.perf_counter() - started


def prepared_drops(scale: str, landings: Path) -> float | None:
    """Make sure `landings` holds the scale's drops: reused when a complete set of that scale is
    there, generated otherwise. Returns the seconds generation took (None when reused)."""
    marker = landings / ".scale"  # written last: the drops there are complete
    if marker.exists() and marker.read_text().strip() == scale:
        return None
    shutil.rmtree(landings, ignore_errors=True)
    seconds = generate(scale, landings)
    marker.write_text(scale + "\n")
    return seconds


def rows_in(landings: Path, nights: list[date]) -> int:
    """Data rows in the drops of `nights` (every service), all five files."""
    total = 0
    for night in nights:
        for spec in CASE_SYSTEM_FILES:
            pattern = f"{landings}/*/{night.isoformat()}/{spec.name}"
            total += duckdb.sql(f"select count(*) from read_csv('{pattern}', header = true, all_varchar = true)").fetchall()[0][0]
    return total


def run_contender(contender: str, landings: Path, export_date: date, work: Path) -> tuple[float, dict]:
    out = work / f"{contender}_{export_date.isoformat()}.json"
    work.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "sendpipe.benchmark.contenders", contender, "--landings", str(landings),
               "--export-date", export_date.isoformat(), "--work", str(work), "--out", str(out)]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{contender} failed:\n{completed.stderr[-3000:]}")
    result = json.loads(out.read_text())
    figures = {}
    for table, rows in result["figures"].items():  # rows are [*key, *counts], as contenders.main wrote them
        keys = len(COMPARED_TABLES[table][0])
        figures[table] = {tuple(str(v) for v in row[:keys]): tuple(row[keys:]) for row in rows}
    return seconds, {"peak_mib": result["peak_mib"], "figures": figures, "profile": result.get("profile")}


def build_night_before(drops: Path, work: Path) -> None:
    """The warehouse in `work` as the night before left it, in nightly use: a full refresh as at the
    night before that, then the night before's own nightly run. A full refresh stamps every current
    row with the same load time, so the night after it the snapshots read every current row again
    (they read the rows stamped since their last run, that run's stamp included); on every later
    night they read two nights' rewritten rows. Timing the night after a full refresh measured that
    one-off read, which grows with history."""
    run_contender("pipeline", drops, REFRESHED_AS_AT, work)
    run_contender("pipeline", drops, NIGHT_BEFORE, work)


def benchmark(scale: str, work: Path, landings: Path | None = None) -> dict:
    """Generate the scale's drops and time the four contenders in `work` (replaced); returns the
    results. The drops go to `work/landings`, or to `landings`, where a later run at the same scale
    reuses them (national scale takes minutes to generate)."""
    if work.exists():
        shutil.rmtree(work)
    if landings is None:
        landings = work / "landings"
    generation = prepared_drops(scale, landings)
    night = LAST_NIGHT
    nights = sorted({date.fromisoformat(p.name) for p in landings.glob("*/*") if p.is_dir()})
    history_rows = rows_in(landings, [n for n in nights if n <= night])
    night_rows = rows_in(landings, [night])

    timings = []
    seconds, result = run_contender("pipeline", landings, night, work / "full_refresh")
    timings.append(Timing("(a) pipeline, full refresh", seconds, history_rows, result["peak_mib"], result["figures"], result["profile"]))
    build_night_before(landings, work / "nightly")
    seconds, result = run_contender("pipeline", landings, night, work / "nightly")
    timings.append(Timing("(b) pipeline, nightly run", seconds, night_rows, result["peak_mib"], result["figures"], result["profile"]))
    seconds, result = run_contender("pandas", landings, night, work / "pandas")
    timings.append(Timing("(c) pandas script", seconds, history_rows, result["peak_mib"], result["figures"]))
    seconds, result = run_contender("duckdb_sql", landings, night, work / "duckdb_sql")
    timings.append(Timing("(d) DuckDB SQL script", seconds, history_rows, result["peak_mib"], result["figures"]))

    if scale == "demo":
        seconds, figures = time_airflow_dags_test(landings, night, work / "airflow")
        timings.append(Timing("(e) airflow dags test, end to end", seconds, history_rows, 0.0, figures))

    reference = timings[0].figures
    disagreements = {t.name: differences(reference, t.figures) for t in timings[1:]}
    a, b, c, d = (t.seconds for t in timings[:4])
    services, years = SCALES[scale]
    return {
        "scale": scale, "services": services, "years": years, "generation_seconds": None if generation is None else round(generation, 1),
        "drops": sum(1 for p in landings.glob("*/*") if p.is_dir()), "history_rows": history_rows, "night_rows": night_rows,
        "timings": [{"name": t.name, "seconds": round(t.seconds, 2), "rows": t.rows,
                     "rows_per_second": round(t.rows / t.seconds), "peak_mib": t.peak_mib, "profile": t.profile}
                    for t in timings],
        "ratios": {"a/d": round(a / d, 2), "b/a": round(b / a, 2), "c/a": round(c / a, 2)},
        "identical": not any(disagreements.values()),
        "disagreements": disagreements,
        "machine": machine(),
    }


def nightly_against(scale: str, shorter: str, work: Path, landings: Path | None = None,
                    shorter_landings: Path | None = None, rounds: int = 3) -> dict:
    """The nightly run (b) on `scale`'s history against the same night on `shorter`'s, interleaved:
    each round runs the last night once on each, from a copy of the warehouse as the night before
    left it. Run one after the other, two benchmarks see a shared machine at different speeds (it
    drifts by a tenth and more in minutes); alternating gives both the same. Returns each round's
    seconds, ratio and step seconds, the median ratio, where the difference between the histories
    goes (`difference`), and whether every round published the same figures as the first on the
    same history."""
    if scale == shorter:
        raise ValueError(f"--nightly-against names the benchmark's own scale ({scale}): it needs two histories")
    if landings is not None and shorter_landings is not None and landings.resolve() == shorter_landings.resolve():
        # prepared_drops would write the second scale's drops over the first's
        raise ValueError(f"{scale} and {shorter} need landings of their own, not both {landings}")
    if work.exists():
        shutil.rmtree(work)
    night = LAST_NIGHT
    histories = {scale: landings or work / "landings" / scale, shorter: shorter_landings or work / "landings" / shorter}
    for name, drops in histories.items():
        prepared_drops(name, drops)
        # The night before is built in the folder every round runs in, then kept aside: dbt's saved
        # parse names the warehouse's path, so a round run from a copy in another folder parsed the
        # whole project again, which a real night, in its own folder, does not.
        build_night_before(drops, work / name / "night")
        shutil.copytree(work / name / "night", work / name / "night_before", symlinks=True)
    seconds: dict[str, list[float]] = {name: [] for name in histories}
    figures: dict[str, list[Figures]] = {name: [] for name in histories}
    parsed_whole: dict[str, list[bool]] = {name: [] for name in histories}
    profiles: dict[str, list[dict]] = {name: [] for name in histories}
    for _ in range(rounds):
        for name, drops in histories.items():
            run_work = work / name / "night"
            shutil.rmtree(run_work, ignore_errors=True)
            shutil.copytree(work / name / "night_before", run_work, symlinks=True)
            dbt_log = dbt_paths(pipeline_warehouse(run_work))[1] / "dbt.log"
            logged_before = dbt_log.stat().st_size
            took, result = run_contender("pipeline", drops, night, run_work)
            seconds[name].append(round(took, 2))
            figures[name].append(result["figures"])
            parsed_whole[name].append(parsed_whole_project(dbt_log, logged_before))
            profiles[name].append(result["profile"])
            shutil.rmtree(run_work)  # a national warehouse is 1.8 GB
    ratios = [round(long / short, 2) for long, short in zip(seconds[scale], seconds[shorter])]
    return {
        "scale": scale, "shorter": shorter, "night": night.isoformat(),
        "rounds": [{"seconds": {name: seconds[name][i] for name in histories}, "ratio": ratios[i],
                    "parsed_whole_project": {name: parsed_whole[name][i] for name in histories},
                    "steps": {name: profiles[name][i]["steps"] for name in histories}} for i in range(rounds)],
        "median_ratio": statistics.median(ratios),
        "difference": difference(profiles[scale], profiles[shorter], seconds[scale], seconds[shorter]),
        "identical": all(not differences(found[0], later) for found in figures.values() for later in found[1:]),
        "machine": machine(),
    }


def difference(longer: list[dict], shorter: list[dict], longer_seconds: list[float], shorter_seconds: list[float],
               nodes: int = 10) -> dict:
    """Where the longer history's nightly run spends the seconds the shorter's does not: the median
    over rounds of each round's difference, in wall time, in each pipeline step, in the rest (process
    start-up, reading the publication back), and in the `nodes` dbt nodes whose difference is
    largest. A round's two runs are compared with each other, so the machine's drift between
    rounds cancels out."""
    def median_gap(long_values: list[float], short_values: list[float]) -> float:
        return round(statistics.median(a - b for a, b in zip(long_values, short_values)), 2)

    steps = list(longer[0]["steps"])
    rest = [[total - sum(p["steps"].values()) for total, p in zip(runs, profiles)]
            for runs, profiles in ((longer_seconds, longer), (shorter_seconds, shorter))]
    node_names = set().union(*(p["dbt_node_seconds"] for p in longer + shorter))
    node_gaps = {node: median_gap([p["dbt_node_seconds"].get(node, 0.0) for p in longer],
                                  [p["dbt_node_seconds"].get(node, 0.0) for p in shorter]) for node in node_names}
    return {
        "wall": median_gap(longer_seconds, shorter_seconds),
        "steps": {step: median_gap([p["steps"][step] for p in longer], [p["steps"][step] for p in shorter]) for step in steps},
        "rest": median_gap(*rest),
        "dbt_nodes": [[node, gap] for node, gap in sorted(node_gaps.items(), key=lambda pair: (-pair[1], pair[0]))[:nodes]],
    }


def parsed_whole_project(dbt_log: Path, offset: int) -> bool:
    """Whether the dbt run logged after `offset` of its log parsed the whole project rather than
    reusing its saved parse (dbt logs why it could not, e.g. "profile has changed")."""
    with dbt_log.open("rb") as log:
        log.seek(offset if dbt_log.stat().st_size >= offset else 0)  # a rotated log starts again
        return b"Unable to do partial parsing" in log.read()


def render_nightly_against(result: dict) -> str:
    """The interleaved rounds as a Markdown table with the median ratio."""
    scale, shorter = result["scale"], result["shorter"]
    lines = [f"Nightly run of {result['night']}: {scale} history against {shorter}, interleaved",
             "", f"| round | {scale} (s) | {shorter} (s) | ratio |", "|---:|---:|---:|---:|"]
    for number, r in enumerate(result["rounds"], start=1):
        lines.append(f"| {number} | {r['seconds'][scale]:.1f} | {r['seconds'][shorter]:.1f} | {r['ratio']:.2f} |")
    lines += ["", f"median ratio = {result['median_ratio']:.2f} (target: at most 2, {scale} against {shorter})",
              "Every round published the same figures as the first on the same history: "
              + ("yes" if result["identical"] else "NO"),
              "Rounds where dbt parsed the whole project again (a real night reuses its saved parse): "
              + (", ".join(f"round {number} {name}" for number, r in enumerate(result["rounds"], start=1)
                           for name, whole in r["parsed_whole_project"].items() if whole) or "none")]
    gap = result["difference"]
    lines += [f"Where the {gap['wall']:.1f} s more of {scale} go (median of the rounds' differences, s): "
              + ", ".join(f"{step} {s:.1f}" for step, s in gap["steps"].items()) + f"; start-up and the rest {gap['rest']:.1f}",
              "  dbt nodes that grow most (s): " + ", ".join(f"{node} {s:.2f}" for node, s in gap["dbt_nodes"])]
    return "\n".join(lines)


def time_airflow_dags_test(landings: Path, night: date, work: Path) -> tuple[float, Figures]:
    """Seconds `airflow dags test sendpipe_nightly <night>` takes in a fresh AIRFLOW_HOME (migrated
    first, untimed), and the figures it published."""
    from sendpipe.contracts import PROJECT_ROOT
    airflow = str(Path(sys.executable).with_name("airflow"))
    env = {**os.environ, "AIRFLOW_HOME": str(work / "home"), "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "SENDPIPE_DEMO": "1"}
    subprocess.run([airflow, "db", "migrate"], env=env, capture_output=True, check=True)
    conf = {"exports_dir": str(landings), "warehouse": str(pipeline_warehouse(work)),
            "publish_dir": str(work / "published"), "quality_dir": str(work / "quality")}
    started = time.perf_counter()
    completed = subprocess.run([airflow, "dags", "test", "sendpipe_nightly", night.isoformat(), "-c", json.dumps(conf)],
                               env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"airflow dags test failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}")
    return seconds, figures_from_published(work / "published")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), None) if Path("/proc/meminfo").exists() else None
    from importlib.metadata import version
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory, "python": platform.python_version(),
            "duckdb": version("duckdb"), "dbt-core": version("dbt-core"), "pandas": version("pandas")}


def render(result: dict) -> str:
    """The results as a Markdown table with the ratios and the agreement check."""
    m = result["machine"]
    lines = [
        f"Scale {result['scale']}: {result['services']} service(s) x {result['years']} year(s), {result['drops']} drops, "
        f"{result['history_rows']:,} rows in all, {result['night_rows']:,} in the last night's drops "
        + (f"(generated in {result['generation_seconds']} s)" if result["generation_seconds"] is not None else "(generated earlier)"),
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}, DuckDB {m['duckdb']}, "
        f"dbt-core {m['dbt-core']}, pandas {m['pandas']}",
        "",
        "| contender | wall time (s) | rows | rows/s | peak memory (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for t in result["timings"]:
        peak = f"{t['peak_mib']:,.0f}" if t["peak_mib"] else "(not measured)"
        lines.append(f"| {t['name']} | {t['seconds']:.1f} | {t['rows']:,} | {t['rows_per_second']:,} | {peak} |")
    r = result["ratios"]
    lines += [
        "",
        f"a/d = {r['a/d']} (target: at most 3 at national scale); b/a = {r['b/a']}; "
        f"c/a = {r['c/a']} (target: at least 10 at national scale)",
        "Published figures identical across " + ", ".join(t["name"][:3] for t in result["timings"]) + ": "
        + ("yes" if result["identical"] else "NO"),
    ]
    for name, problems in result["disagreements"].items():
        lines += [f"  {name} differs from (a): {p}" for p in problems]
    for t in result["timings"]:
        if t.get("profile"):
            steps = ", ".join(f"{step} {s:.1f}" for step, s in t["profile"]["steps"].items())
            nodes = ", ".join(f"{node} {s:.1f}" for node, s in t["profile"]["slowest_dbt_nodes"])
            lines += ["", f"Where {t['name']} spends its time (s): {steps}; start-up and the rest "
                          f"{t['seconds'] - sum(t['profile']['steps'].values()):.1f}",
                      f"  slowest dbt nodes (s): {nodes}"]
    return "\n".join(lines)
