"""``python -m benchmarks.run``: time labmetrics against its floors and print one table.

Generates (or reuses) the sample at each scale, runs every step in a fresh child process,
prints step, scale, seconds, peak MB, floor, ratio, target and verdict, and writes the same
with the machine's description to ``benchmarks/results/latest.json``. Targets are reported,
not enforced: the exit code is 1 only when a step failed to run.

Examples
--------
``python -m benchmarks.run`` (scales 1, 10 and 100, the whole-process comparisons and the
build's profile: what ``make bench`` runs), ``python -m benchmarks.run --scales 1,10 --repeat
3`` (median of three runs), ``python -m benchmarks.run --quick`` (scale 1, once, one round of
the single reports against the stock pipeline, no report all).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import DATA_ROOT, LATEST_JSON, RESULTS_DIR
from benchmarks import processes as procs
from benchmarks.machine import machine_info
from benchmarks.measure import CHILD_TIMEOUT_S, Measurement, Run, StepFailed, measure, run_once
from benchmarks.samples import SampleFolder, data_files, ensure_sample, scale_label
from benchmarks.steps import STEPS
from benchmarks.targets import (
    FLOOR_RATIO,
    MEMORY_LIMIT_MB,
    MEMORY_SCALE,
    SCALING_SLACK,
    Row,
    check,
    format_goals,
    format_table,
    goals,
)
from labmetrics import config

DEFAULT_SCALES = (1.0, 10.0, 100.0)
QUICK_SCALES = (1.0,)
# Turns of the whole-process comparisons: the single reports and --help, then report all.
DEFAULT_ROUNDS = 5
DEFAULT_ALL_ROUNDS = 2
PARTIAL_JSON = RESULTS_DIR / "partial.json"


def _scales(text: str) -> tuple[float, ...]:
    try:
        scales = tuple(sorted({float(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"scales '{text}' must be numbers separated by commas, for example 1,10,100"
        ) from None
    if not scales or min(scales) <= 0:
        raise argparse.ArgumentTypeError(f"scales '{text}' must be numbers above 0")
    return scales


def _steps(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [n for n in names if n not in STEPS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown step {', '.join(unknown) or text!r}; choose from {', '.join(STEPS)}"
        )
    # A step comes with its floor. Run them in the registry's order: floors first, the build
    # before what reads its output.
    wanted = set(names) | {STEPS[n].floor for n in names if STEPS[n].floor}
    return tuple(n for n in STEPS if n in wanted)


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m benchmarks.run``."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Time the build, the evidence engine, the network metrics and the "
        "reports at several sample scales against their floors.",
    )
    p.add_argument("--scales", type=_scales, default=DEFAULT_SCALES,
                   help="sample scales, comma-separated (default 1,10,100)")
    p.add_argument("--repeat", type=int, default=1,
                   help="runs per step; the median is kept (default 1)")
    p.add_argument("--quick", action="store_true",
                   help="a fast check: scale 1, one run of each step")
    p.add_argument("--steps", type=_steps, default=tuple(STEPS),
                   help=f"steps to run, comma-separated, each with its floor "
                   f"(default all: {','.join(STEPS)})")
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="sample seed")
    p.add_argument("--data-root", type=Path, default=DATA_ROOT,
                   help="where samples are generated and cached (default benchmarks/.data)")
    p.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                   help="turns of the single reports against the stock pipeline, and of "
                   f"--help (default {DEFAULT_ROUNDS}; 0 skips them)")
    p.add_argument("--all-rounds", type=int, default=DEFAULT_ALL_ROUNDS,
                   help="turns of report all against the stock pipeline once per report "
                   f"(default {DEFAULT_ALL_ROUNDS}; 0 skips them)")
    p.add_argument("--jobs", type=int, default=procs.default_jobs(),
                   help="report all's --jobs, as make reports gives it (default: the cores)")
    p.add_argument("--no-profile", action="store_true",
                   help="skip the profile of the build at the largest scale")
    p.add_argument("--out", type=Path, default=None,
                   help="results file (default benchmarks/results/latest.json for a full "
                   "run, benchmarks/results/partial.json otherwise)")
    p.add_argument("--timeout", type=float, default=CHILD_TIMEOUT_S,
                   help="seconds one run may take before it counts as failed")
    return p


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _prepare_samples(scales: Sequence[float], seed: int, root: Path
                     ) -> dict[float, SampleFolder]:
    folders = {}
    for scale in scales:
        started = time.perf_counter()
        folder, generated = ensure_sample(scale, seed, root)
        size = sum(p.stat().st_size for p in data_files(folder.raw)) / 1024**2
        state = (f"generated in {time.perf_counter() - started:.1f} s" if generated
                 else "cached")
        _say(f"sample at scale {scale_label(scale)}: {size:.1f} MB of CSV, {state}")
        folders[scale] = folder
    return folders


def _build_unmeasured(folder: SampleFolder, timeout: float) -> None:
    """Build the processed folder, unmeasured, for steps that read it without the build.

    Rebuilt every run: a processed folder left by an older labmetrics may not load.
    """
    _say(f"building scale {scale_label(folder.scale)} first (not measured)")
    run_once("build", folder, timeout)


def _plan(steps: Sequence[str], scales: Sequence[float]) -> list[tuple[str, float | None]]:
    plan: list[tuple[str, float | None]] = [(s, None) for s in steps if not STEPS[s].per_scale]
    plan += [(s, scale) for scale in scales for s in steps if STEPS[s].per_scale]
    return plan


def run_benchmarks(args: argparse.Namespace) -> tuple[list[Measurement], list[Row]]:
    """Generate the samples, measure every planned step and check them against targets."""
    scales, repeat = args.scales, args.repeat
    folders = _prepare_samples(scales, args.seed, args.data_root)
    plan = _plan(args.steps, scales)
    total = len(plan) * repeat
    done = 0
    measurements = []
    built: dict[float, str | None] = {}
    for step, scale in plan:
        folder = folders[scale if scale is not None else scales[0]]
        where = f"scale {scale_label(scale)}" if scale is not None else "any scale"
        if scale is not None and STEPS[step].processed and "build" not in args.steps:
            if scale not in built:
                try:
                    _build_unmeasured(folder, args.timeout)
                    built[scale] = None
                except StepFailed as exc:
                    built[scale] = str(exc)
            if built[scale] is not None:
                measurements.append(Measurement(step, scale, error=built[scale]))
                _say(f"{step} · {where}: FAILED (the build failed)")
                continue

        def progress(i: int, run: Run, step: str = step, where: str = where) -> None:
            nonlocal done
            done += 1
            _say(f"[{done:>{len(str(total))}}/{total}] {step} · {where} · run {i}/{repeat}: "
                 f"{run.seconds:.2f} s, {run.peak_mb:.0f} MB")

        m = measure(step, folder, scale, repeat, args.timeout, on_run=progress)
        if not m.ok:
            done += repeat - len(m.runs)
            _say(f"{step} · {where}: FAILED\n{m.error}")
        measurements.append(m)
    return measurements, check(measurements, STEPS)


def targets_description() -> dict[str, Any]:
    """The targets, for latest.json."""
    return {
        "floor_ratio": [{"floor": floor, "scale": scale, "limit": limit}
                        for (floor, scale), limit in FLOOR_RATIO.items()],
        "scaling_limit": f"{SCALING_SLACK:g} x data ratio (12x time for 10x data)",
        "memory_limit_mb": MEMORY_LIMIT_MB,
        "memory_scale": MEMORY_SCALE,
    }


def _bundled_processed(root: Path, timeout: float) -> Path:
    """Build the bundled sample as ``make processed`` does (not measured); return the folder."""
    processed = root / "bundled" / "processed"
    _say(f"building the bundled sample ({config.SAMPLE_DIR.name}) first (not measured)")
    procs.run_commands([[procs._tool("labmetrics"), "build", str(config.SAMPLE_DIR),
                         "--out", str(processed)]], timeout=timeout)
    return processed


def run_processes(args: argparse.Namespace) -> dict[str, procs.Series]:
    """The whole-process comparisons: single reports, --help, then report all."""
    if args.rounds < 1 and args.all_rounds < 1:
        return {}
    work = args.data_root / "bundled"
    try:
        processed = _bundled_processed(args.data_root, args.timeout)
    except procs.ProcessFailed as exc:
        _say(f"the bundled sample could not be built: {exc}")
        return {"stock": procs.Series("stock", "stock pipeline", error=str(exc))}

    def progress(i: int, name: str, timing: procs.Timing) -> None:
        _say(f"round {i} · {name}: {timing.seconds:.2f} s (CPU {timing.cpu_seconds:.2f} s)")

    series: dict[str, procs.Series] = {}
    if args.rounds > 0:
        _say(f"whole processes, {args.rounds} round(s): stock pipeline, report progress, "
             "report network, --help")
        series.update(procs.interleave([*procs.single_reports(processed),
                                        procs.help_command()],
                                       args.rounds, work / "runs", on_run=progress))
    if args.all_rounds > 0:
        _say(f"report all --plan --jobs {args.jobs} against the stock pipeline once per "
             "report, "
             f"{args.all_rounds} round(s)")
        series.update(procs.interleave(procs.all_reports(args.jobs),
                                       args.all_rounds, work / "runs", on_run=progress))
    for s in series.values():
        if s.error:
            _say(f"{s.name}: FAILED\n{s.error}")
    return series


def run_profile(args: argparse.Namespace) -> dict[str, Any] | None:
    """The build under cProfile at the largest scale, in a fresh process."""
    if args.no_profile or "build" not in args.steps:
        return None
    scale = max(args.scales)
    folder, _ = ensure_sample(scale, args.seed, args.data_root)
    _say(f"profiling the build at scale {scale_label(scale)}")
    out = args.data_root / "profile.json"
    try:
        procs.run_commands([[sys.executable, "-m", "benchmarks.profile", str(folder.raw),
                             str(folder.root / "profiled"), str(out)]], timeout=args.timeout)
    except procs.ProcessFailed as exc:
        return {"scale": scale, "error": str(exc)}
    return {"scale": scale, **json.loads(out.read_text(encoding="utf-8"))}


def is_full(args: argparse.Namespace) -> bool:
    """Whether the run measures every target as ``make bench`` does."""
    return (not args.quick and tuple(args.scales) == DEFAULT_SCALES
            and tuple(args.steps) == tuple(STEPS) and args.rounds > 0
            and args.all_rounds > 0 and not args.no_profile)


def write_results(path: Path, machine: dict[str, Any], args: argparse.Namespace,
                  measurements: Sequence[Measurement], rows: Sequence[Row],
                  processes: dict[str, procs.Series] | None = None,
                  profile: dict[str, Any] | None = None) -> None:
    """Write the machine, the settings, every measurement, the table, the whole-process
    comparisons, the targets of the issue and the build's profile to ``path``."""
    verdicts = [r.verdict for r in rows]
    series = {name: s.as_dict() for name, s in (processes or {}).items()}
    result = {
        "machine": machine,
        "settings": {
            "scales": list(args.scales), "repeat": args.repeat, "quick": args.quick,
            "seed": args.seed, "steps": list(args.steps), "rounds": args.rounds,
            "all_rounds": args.all_rounds, "jobs": args.jobs, "full": is_full(args),
        },
        "targets": targets_description(),
        "measurements": [m.as_dict() for m in measurements],
        "rows": [r.as_dict() for r in rows],
        "summary": {v: verdicts.count(v) for v in ("within", "over", "failed")},
        "processes": series,
        "goals": [g.as_dict() for g in goals(rows, series)],
        "profile": profile,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; return 1 when a step failed to run, else 0."""
    args = build_parser().parse_args(argv)
    if args.repeat < 1:
        build_parser().error("--repeat must be at least 1")
    if args.quick:
        args.scales, args.repeat = QUICK_SCALES, 1
        args.rounds, args.all_rounds = min(args.rounds, 1), 0
    if args.out is None:
        args.out = LATEST_JSON if is_full(args) else PARTIAL_JSON
    machine = machine_info()
    _say(f"{machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM, "
         f"Python {machine['python']}, load {machine['load_average']}")
    started = time.perf_counter()
    measurements, rows = run_benchmarks(args)
    processes = run_processes(args)
    profile = run_profile(args)
    machine["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    machine["bench_seconds"] = round(time.perf_counter() - started, 1)
    series = {name: s.as_dict() for name, s in processes.items()}
    print(format_table(rows))
    print()
    print(format_goals(goals(rows, series)))
    write_results(args.out, machine, args, measurements, rows, processes, profile)
    _say(f"results written to {args.out}")
    failed = any(not m.ok for m in measurements) or any(not s.ok for s in processes.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
