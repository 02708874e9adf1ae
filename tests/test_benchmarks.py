"""The benchmark harness at a tiny scale: its machinery, never its timings."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks import (
    LATEST_JSON,
    PERFORMANCE_DOC,
    STOCK_NOTEBOOK,
    floors,
    memory,
    run,
    samples,
    table,
)
from benchmarks import processes as procs
from benchmarks import profile as profiling
from benchmarks.measure import Measurement, Run
from benchmarks.steps import STEPS, Clock
from benchmarks.targets import (
    FAILED,
    FLOOR,
    NO_TARGET,
    NOT_MEASURED,
    OVER,
    WITHIN,
    check,
    format_goals,
    format_table,
    goals,
)


def _run(seconds: float, peak_mb: float = 300.0) -> Run:
    return Run(seconds=seconds, cpu_seconds=seconds, process_seconds=seconds + 1.0,
               peak_mb=peak_mb, peak_self_mb=peak_mb, peak_children_mb=0.0)


def _m(step: str, scale: float | None, *seconds: float, peak_mb: float = 300.0) -> Measurement:
    return Measurement(step, scale, tuple(_run(s, peak_mb) for s in seconds))


# ---------------------------------------------------------------------------- floors

def test_sniff_format_finds_encoding_and_delimiter(tmp_path: Path) -> None:
    usage = tmp_path / "usage.csv"
    usage.write_bytes("espaço;horas\nPátio Digital;2,5\nMobiLab;1\n".encode("cp1252"))
    spaces = tmp_path / "spaces.csv"
    spaces.write_text("space_id,name\nmobilab,MobiLab\n", encoding="utf-8")
    assert floors.sniff_format(usage) == floors.CsvFormat("cp1252", ";")
    assert floors.sniff_format(spaces) == floors.CsvFormat("utf8", ",")


def test_sniff_format_reads_line_breaks_inside_quotes(tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text('id,description\np1,"two\nlines"\np2,one\n', encoding="utf-8")
    fmt = floors.sniff_format(path)
    assert fmt.newlines_in_values
    assert floors.read_csv(path, fmt).num_rows == 2


def test_convert_files_writes_parquet_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "usage.csv"
    path.write_bytes("espaço;horas\nPátio Digital;2,5\nMobiLab;1\nLabProdam;3\n"
                     .encode("cp1252"))
    rows = floors.convert_files({path: floors.sniff_format(path)}, tmp_path / "out")
    assert rows == {"usage.csv": 3}
    table = pq.read_table(tmp_path / "out" / "usage.parquet")
    assert table.column_names == ["espaço", "horas"]
    assert table.column("espaço").to_pylist() == ["Pátio Digital", "MobiLab", "LabProdam"]


# ---------------------------------------------------------------------------- targets

def test_build_is_checked_against_three_times_its_floor_at_scale_100() -> None:
    rows = check([_m("io_floor", 100.0, 2.0), _m("build", 100.0, 6.0)], STEPS)
    floor_row, build_row = rows[0], rows[1]
    assert floor_row.verdict == FLOOR
    assert (build_row.floor, build_row.floor_seconds, build_row.ratio) == ("io_floor", 2.0, 3.0)
    assert build_row.verdict == WITHIN
    over = check([_m("io_floor", 100.0, 2.0), _m("build", 100.0, 6.2)], STEPS)[1]
    assert over.verdict == OVER
    assert over.missed == ("≤3× floor",)
    assert "over (≤3× floor)" in format_table([over])


def test_cpu_ratio_compares_cpu_seconds() -> None:
    floor = Measurement("io_floor", 100.0, (Run(2.0, 1.0, 3.0, 100.0, 100.0, 0.0),))
    build = Measurement("build", 100.0, (Run(6.0, 4.0, 7.0, 500.0, 500.0, 0.0),))
    row = check([floor, build], STEPS)[1]
    assert (row.ratio, row.cpu_ratio, row.cpu_seconds) == (3.0, 4.0, 4.0)


def test_reports_use_the_one_floor_with_targets_by_scale() -> None:
    rows = check([
        _m("report_floor", None, 4.0, 2.0, 3.0),  # median 3.0
        _m("report_progress", 1.0, 4.5),
        _m("report_progress", 10.0, 9.0),
        _m("report_progress", 100.0, 9.3),
    ], STEPS)
    by_scale = {r.scale: r for r in rows if r.step == "report_progress"}
    assert by_scale["1"].ratio == pytest.approx(1.5)
    assert by_scale["1"].verdict == WITHIN
    assert by_scale["10"].ratio == pytest.approx(3.0)
    assert (by_scale["10"].target, by_scale["10"].verdict) == (NO_TARGET, NO_TARGET)
    assert by_scale["100"].ratio == pytest.approx(3.1)
    assert by_scale["100"].verdict == OVER


def test_a_step_without_its_floor_is_not_judged_against_it() -> None:
    (row,) = check([_m("report_network", 1.0, 9.0)], STEPS)
    assert (row.ratio, row.target, row.verdict) == (None, NO_TARGET, NO_TARGET)
    assert run.build_parser().parse_args(["--steps", "report_network"]).steps == (
        "report_floor", "report_network")


def test_memory_over_two_gigabytes_at_scale_100_is_over() -> None:
    (row,) = check([_m("evidence", 100.0, 1.0, peak_mb=2100.0)], STEPS)
    assert row.target == "<2048 MB"
    assert row.verdict == OVER
    (small,) = check([_m("evidence", 10.0, 1.0, peak_mb=2100.0)], STEPS)
    assert small.verdict == NO_TARGET


def test_scaling_allows_twelve_times_the_time_for_ten_times_the_data() -> None:
    rows = check([_m("network", 1.0, 1.0), _m("network", 10.0, 12.0),
                  _m("network", 100.0, 150.0)], STEPS)
    scaling = {r.scale: r for r in rows if "/" in r.scale}
    assert scaling["10/1"].ratio == pytest.approx(12.0)
    assert scaling["10/1"].verdict == WITHIN
    assert scaling["100/10"].ratio == pytest.approx(12.5)
    assert scaling["100/10"].verdict == OVER
    assert scaling["100/10"].floor == "t(10)"


def test_a_failed_step_is_reported_as_failed() -> None:
    rows = check([Measurement("build", 1.0, error="boom"), _m("build", 10.0, 2.0)], STEPS)
    assert [r.verdict for r in rows] == [FAILED, NO_TARGET, FAILED]
    assert rows[0].error == "boom"
    assert "failed" in format_table(rows)


def test_rows_read_back_from_json_print_as_markdown() -> None:
    rows = check([_m("io_floor", 100.0, 2.0), _m("build", 100.0, 8.0, peak_mb=2100.0)], STEPS)
    stored = json.loads(json.dumps({"rows": [r.as_dict() for r in rows]}))
    assert table.rows_of(stored) == rows
    markdown = table.format_markdown(rows).splitlines()
    assert markdown[3] == ("| build | 100 | 8.00 | 8.00 | 2100 | io_floor | 2.00 | 4.00× | 4.00× | "
                           "≤3× floor; <2048 MB | over (≤3× floor; <2048 MB) |")


def test_median_of_repeats() -> None:
    m = _m("build", 1.0, 5.0, 1.0, 2.0)
    assert m.seconds == 2.0
    assert m.process_seconds == 3.0


# ---------------------------------------------------------------------------- clock, memory

def test_clock_sums_its_blocks() -> None:
    clock = Clock()
    with clock:
        time.sleep(0.02)
    with clock:
        time.sleep(0.02)
    assert 0.04 <= clock.seconds < 1.0


@pytest.mark.skipif(not memory.PROC.is_dir(), reason="reads /proc (Linux)")
def test_peak_memory_sees_a_child_process() -> None:
    with memory.PeakMemory(children=True, every=0.02) as peak:
        subprocess.run([sys.executable, "-c", "import time; time.sleep(0.3)"], check=True)
    assert peak.self_mb > 10
    assert peak.children_mb > 1


# ---------------------------------------------------------------------------- the harness

def test_samples_are_cached_by_scale_seed_and_version(tmp_path: Path) -> None:
    folder, generated = samples.ensure_sample(0.02, 7, tmp_path)
    assert generated
    assert folder.root == tmp_path / "scale-0.02"
    assert {p.name for p in samples.data_files(folder.raw)} == {
        "groups.csv", "spaces.csv", "usage.csv", "projects.csv"}
    assert samples.ensure_sample(0.02, 7, tmp_path) == (folder, False)
    assert samples.ensure_sample(0.02, 8, tmp_path)[1]


def test_run_writes_the_table_and_latest_json(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "latest.json"
    code = run.main(["--scales", "0.02,0.2", "--steps", "build", "--rounds", "0",
                     "--all-rounds", "0", "--data-root", str(tmp_path), "--out", str(out)])
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) == {"machine", "settings", "targets", "measurements", "rows", "summary",
                           "processes", "goals", "profile"}
    assert result["settings"]["full"] is False
    # The build is profiled at the largest scale, its threads too (their entries added
    # up, so a function run on several threads may exceed the build), without the waits.
    profile = result["profile"]
    assert profile["scale"] == 0.2
    functions = [e["function"] for e in profile["by_cumulative"]]
    assert any(f.startswith("labmetrics/store.py:") and f.endswith("(build)") for f in functions)
    assert any(f.startswith("labmetrics/validate.py:") and f.endswith("(_parse_columns)")
               for f in functions)
    assert not [f for f in functions + [e["function"] for e in profile["by_own_time"]]
                if f in profiling.WAITS or "concurrent/futures" in f]
    assert len(profile["by_own_time"]) == profiling.TOP
    goals = {g["id"]: g for g in result["goals"]}
    assert goals["build_100"]["verdict"] == "not measured"
    assert goals["help"]["verdict"] == "not measured"
    machine = result["machine"]
    for key in ("cpu", "cores", "ram_gb", "python", "date", "git"):
        assert key in machine
    assert set(machine["libraries"]) >= {"pandas", "pyarrow"}
    assert result["settings"]["scales"] == [0.02, 0.2]
    measured = [(m["step"], m["scale"]) for m in result["measurements"]]
    assert measured == [("io_floor", 0.02), ("build", 0.02), ("io_floor", 0.2), ("build", 0.2)]
    assert all(m["ok"] and m["seconds"] > 0 and m["peak_mb"] > 0
               for m in result["measurements"])
    build_rows = [r for r in result["rows"] if r["step"] == "build"]
    assert [r["scale"] for r in build_rows] == ["0.02", "0.2", "0.2/0.02"]
    floor = {m["scale"]: m["seconds"] for m in result["measurements"] if m["step"] == "io_floor"}
    assert build_rows[0]["floor_seconds"] == floor[0.02]
    assert build_rows[0]["ratio"] == pytest.approx(build_rows[0]["seconds"] / floor[0.02])
    assert set(result["rows"][0]) >= {"step", "scale", "seconds", "peak_mb", "floor", "ratio",
                                      "target", "verdict"}
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["step", "scale", "seconds", "cpu", "s", "peak", "MB",
                                             "floor", "floor", "s", "ratio", "cpu",
                                             "ratio", "target", "verdict"]
    assert (tmp_path / "scale-0.2" / "processed" / "manifest.json").is_file()


# ---------------------------------------------------------------------------- whole processes

def _series(name: str, *seconds: float) -> dict[str, object]:
    s = procs.Series(name, name, [procs.Timing(x, x / 2) for x in seconds])
    return s.as_dict()


def test_goals_judge_whole_processes_against_the_stock_pipeline() -> None:
    rows = check([_m("io_floor", 100.0, 1.0), _m("build", 100.0, 2.5, peak_mb=900.0),
                  _m("report_network", 100.0, 5.0, peak_mb=2500.0)], STEPS)
    processes = {"stock": _series("stock", 5.0, 4.0, 6.0),
                 "cli_progress": _series("cli_progress", 4.0, 9.0, 4.5),
                 "cli_network": _series("cli_network", 6.0, 5.5, 7.0),
                 "cli_all": _series("cli_all", 40.0), "stock_each": _series("stock_each", 45.0),
                 "cli_help": _series("cli_help", 0.6, 0.4, 0.3)}
    by_id = {g.id: g for g in goals(rows, processes)}
    assert by_id["stock_progress"].value == pytest.approx(4.5 / 5.0)
    assert by_id["stock_progress"].verdict == WITHIN
    assert by_id["stock_network"].value == pytest.approx(6.0 / 5.0)
    assert by_id["stock_network"].verdict == OVER
    assert by_id["stock_network"].facts["cpu_ratio"] == pytest.approx(1.2)
    assert by_id["stock_all"].verdict == WITHIN
    assert (by_id["build_100"].value, by_id["build_100"].verdict) == (2.5, WITHIN)
    assert (by_id["memory"].value, by_id["memory"].verdict) == (2500.0, OVER)
    assert by_id["memory"].facts["step"] == "report_network"
    assert (by_id["help"].value, by_id["help"].verdict) == (0.4, WITHIN)
    assert by_id["floor_progress_1"].verdict == NOT_MEASURED
    assert "over" in format_goals(by_id.values())


def test_contenders_take_turns_and_a_failure_drops_out(tmp_path: Path) -> None:
    order: list[str] = []

    def contender(name: str, code: str) -> procs.Contender:
        def run_it(work: Path) -> procs.Timing:
            order.append(name)
            assert work.is_dir() and not any(work.iterdir())
            (work / "left-over").write_text("x", encoding="utf-8")
            return procs.run_commands([[sys.executable, "-c", code]])
        return procs.Contender(name, name, run_it)

    series = procs.interleave([contender("a", "pass"), contender("b", "raise SystemExit(3)"),
                               contender("c", "print('ok')")], 3, tmp_path)
    assert order == ["a", "b", "c", "a", "c", "a", "c"]
    assert series["a"].ok and len(series["a"].timings) == 3
    assert not series["b"].ok and "exited with code 3" in (series["b"].error or "")
    assert series["c"].timings[0].facts["stdout_tail"] == "ok"
    assert series["a"].seconds is not None and series["a"].seconds > 0


def test_report_all_says_how_many_reports_it_wrote() -> None:
    timing = procs.Timing(1.0, 1.0, {"stdout_tail": "labmetrics: 9 of 9 report(s) written; "
                                                    "index at reports/index.html."})
    assert procs.reports_written(timing) == 9
    assert procs.reports_written(procs.Timing(1.0, 1.0, {"stdout_tail": ""})) is None


def test_the_stock_pipeline_renders_its_two_cell_notebook(tmp_path: Path) -> None:
    notebook = json.loads(STOCK_NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(code) == 2 and "parameters" in code[0]["metadata"]["tags"]
    assert {line.split()[1] for line in code[1]["source"]} == {
        "pandas", "geopandas", "matplotlib.pyplot", "networkx"}
    assert all(not c["outputs"] for c in code)
    timing = procs.run_commands(procs.stock_commands(tmp_path))
    html = (tmp_path / "stock.html").read_text(encoding="utf-8")
    assert "import geopandas" not in html  # --no-input
    assert timing.seconds > 0 and timing.cpu_seconds > 0


# ---------------------------------------------------------------------------- the page

def test_performance_page_is_generated_from_the_committed_results() -> None:
    result = json.loads(LATEST_JSON.read_text(encoding="utf-8"))
    expected = table.page(result, table.read_notes(), "benchmarks/results/latest.json")
    assert PERFORMANCE_DOC.read_text(encoding="utf-8") == expected, (
        "docs/performance.md differs from benchmarks/results/latest.json: run "
        f"`{table.COMMAND}`")
    assert result["settings"]["full"], "docs/performance.md must record a full make bench run"
    assert {g["id"] for g in result["goals"]} == set(table.read_notes()["goals"])


def _texts(value: object) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    return [value] if isinstance(value, str) else []


def test_notes_hold_words_and_no_figures() -> None:
    notes = table.read_notes()
    texts = _texts(notes)
    assert texts and not [t for t in texts if any(ch.isdigit() for ch in t)]
    for note in notes["goals"].values():
        assert note["why"].strip() and note["close"].strip()


def test_a_missed_target_is_explained_from_the_figures() -> None:
    rows = check([_m("io_floor", 100.0, 1.0), _m("build", 100.0, 4.0)], STEPS)
    profile = {"scale": 100.0, "total_own_seconds": 9.0, "seconds_under_profiler": 10.0,
               "by_cumulative": [], "by_own_time": [
                   {"function": "labmetrics/validate.py:1(f)", "calls": 1, "own_seconds": 2.0,
                    "cumulative_seconds": 3.0}]}
    result = {"goals": [g.as_dict() for g in goals(rows, {})], "profile": profile}
    text = table.missed_markdown(result["goals"], table.read_notes(), profile)
    assert "**build ≤ 3× its I/O floor at scale 100**: 4.00×" in text
    assert "`labmetrics/validate.py:1(f)` 2.00 s" in text
    assert "What would close it:" in text
    assert table.missed_markdown([], table.read_notes(), None).startswith("None")


def test_profile_leaves_out_the_waits_of_threads() -> None:
    assert profiling.is_wait(("~", 0, "<method 'acquire' of '_thread.lock' objects>"))
    assert profiling.is_wait(("/usr/lib/python3.11/concurrent/futures/thread.py", 69,
                              "_worker"))
    assert profiling.is_wait(("/usr/lib/python3.11/threading.py", 295, "wait"))
    assert not profiling.is_wait(("/work/labmetrics/validate.py", 467, "_parse_columns"))
    assert not profiling.is_wait(("~", 0, "<method 'replace' of 'bytes' objects>"))


def test_profile_names_functions_by_their_place_in_the_checkout() -> None:
    assert profiling.where(str(profiling.ROOT / "labmetrics" / "store.py"), 10, "build") == \
        "labmetrics/store.py:10(build)"
    site = profiling._PREFIXES[0]
    assert profiling.where(f"{site}/pandas/core/frame.py", 5, "take") == \
        "pandas/core/frame.py:5(take)"
    assert profiling.where("~", 0, "<built-in method posix.stat>") == \
        "<built-in method posix.stat>"


def test_the_build_setup_imports_only_what_a_build_imports(tmp_path):
    from benchmarks.steps import BUILD_IMPORTS

    # In a fresh process: each module is first imported by the build itself.
    script = (
        "import sys\n"
        "from labmetrics.schema import DATASETS, pandera_schema\n"
        "from labmetrics.store import build\n"
        "for name in DATASETS: pandera_schema(name)\n"
        f"before = [m for m in {BUILD_IMPORTS!r} if m in sys.modules]\n"
        f"build('data/raw/sample', {str(tmp_path / 'processed')!r})\n"
        f"after = [m for m in {BUILD_IMPORTS!r} if m in sys.modules]\n"
        "print(before, after)\n")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == f"[] {list(BUILD_IMPORTS)}"
