"""``python -m benchmarks.table [RESULTS_JSON] > docs/performance.md``: the page of a run.

Writes docs/performance.md from a results file written by ``benchmarks.run`` (default
``benchmarks/results/latest.json``) and the prose of ``benchmarks/notes.yaml``, without
running anything: the machine, each target of the issue with its verdict, for each target
missed the figures that say why and what would close it, every step against its floor, the
whole-process comparisons and the build's profile. Every figure comes from the results
file; the notes hold words only (tests/test_benchmarks.py checks both).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from benchmarks import LATEST_JSON, NOTES, ROOT_DIR
from benchmarks.targets import OVER, Row, format_markdown

COMMAND = "python -m benchmarks.table > docs/performance.md"
PROFILE_ROWS = 15


def rows_of(result: dict[str, Any]) -> list[Row]:
    """The table rows stored in a results file."""
    return [Row(**{**r, "missed": tuple(r.get("missed") or ())}) for r in result["rows"]]


def read_notes(path: Path = NOTES) -> dict[str, Any]:
    """The prose of docs/performance.md (benchmarks/notes.yaml)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def machine_markdown(machine: dict[str, Any], settings: dict[str, Any]) -> str:
    """The machine and the settings of a run as a Markdown list."""
    libs = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items() if v)
    git = machine.get("git") or {}
    dirty = " (with uncommitted changes)" if git.get("dirty") else ""
    lines = [
        f"- date: {machine['date']}",
        f"- CPU: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM",
        f"- load average (1, 5, 15 min) before: {machine.get('load_average')}, "
        f"after: {machine.get('load_average_after')}",
        f"- {machine['os']}, Python {machine['python']}, labmetrics {machine['labmetrics']}",
        f"- {libs}",
        f"- commit {git.get('commit')}{dirty}",
        f"- scales {settings['scales']}, {settings['repeat']} run(s) per step (median), "
        f"seed {settings['seed']}",
    ]
    if "rounds" in settings:
        lines.append(f"- whole processes: {settings['rounds']} round(s) of the single reports "
                     f"and --help, {settings['all_rounds']} of report all (--jobs "
                     f"{settings['jobs']}), medians")
    if machine.get("bench_seconds") is not None:
        lines.append(f"- the whole run took {machine['bench_seconds']:.0f} s"
                     + ("" if settings.get("full") else " (a partial run: not every target)"))
    return "\n".join(lines)


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def goals_markdown(goals: Sequence[Mapping[str, Any]]) -> str:
    """The targets of the issue as a Markdown table."""
    out = ["| target | measured | verdict |", "|---|---|---|"]
    out += [f"| {_cell(g['target'])} | {_cell(g['measured'])} | {g['verdict']} |"
            for g in goals]
    return "\n".join(out)


def _top_own(profile: Mapping[str, Any] | None, n: int = 5) -> str:
    if not profile or not profile.get("by_own_time"):
        return ""
    entries = ", ".join(f"`{e['function']}` {e['own_seconds']:.2f} s"
                        for e in profile["by_own_time"][:n])
    return (f" Under cProfile (scale {profile['scale']:g}, {profile['total_own_seconds']:.2f} s "
            f"in all) the entries with the most time of their own are {entries}.")


def measured_reason(goal: Mapping[str, Any], profile: Mapping[str, Any] | None) -> str:
    """The figures behind a verdict, in one or two sentences."""
    f = goal["facts"]
    if goal["id"].startswith("stock_"):
        text = (f"Median of {f['runs']} run(s): {_s(f['seconds'])} of wall clock "
                f"({_s(f['cpu_seconds'])} of CPU) against {_s(f['base_seconds'])} "
                f"({_s(f['base_cpu_seconds'])} of CPU) for the stock pipeline.")
        return text + (f" It failed: {f['error']}" if f.get("error") else "")
    if goal["id"].startswith(("floor_", "build_")):
        text = (f"{_s(f.get('seconds'))} against the floor's {_s(f.get('base_seconds'))}; "
                f"in CPU seconds {f.get('cpu_ratio') or 0:.2f}× the floor.")
        return text + (_top_own(profile) if goal["id"].startswith("build_") else "")
    return f"Measured: {goal['measured']}."


def missed_markdown(goals: Sequence[Mapping[str, Any]], notes: Mapping[str, Any],
                    profile: Mapping[str, Any] | None) -> str:
    """For each target missed: the figures, why, and what would close it."""
    missed = [g for g in goals if g["verdict"] == OVER]
    if not missed:
        return notes["all_met"].strip()
    out = []
    for g in missed:
        note = notes["goals"].get(g["id"], {})
        out += [f"**{g['target']}**: {g['measured']}.", "",
                measured_reason(g, profile)]
        if note.get("why"):
            out += ["", " ".join(note["why"].split())]
        if note.get("close"):
            out += ["", "What would close it: " + " ".join(note["close"].split())]
        out.append("")
    return "\n".join(out).rstrip()


def processes_markdown(processes: Mapping[str, Mapping[str, Any]]) -> str:
    """The whole-process comparisons: every run of every contender."""
    out = ["| command | runs | median s | median CPU s | each run (s) |", "|---|---|---|---|---|"]
    for s in processes.values():
        runs = ", ".join(f"{r['seconds']:.2f}" for r in s["runs"]) or "—"
        median = "failed" if s.get("error") else _s(s["seconds"]).removesuffix(" s")
        cpu = _s(s["cpu_seconds"]).removesuffix(" s")
        out.append(f"| {_cell(s['label'])} | {len(s['runs'])} | {median} | {cpu} | {runs} |")
    return "\n".join(out)


def profile_markdown(profile: Mapping[str, Any] | None) -> str:
    """The build's profile: top entries by cumulative time, then by their own time."""
    if not profile:
        return "No profile in this run."
    if profile.get("error"):
        return f"The profile failed: {profile['error']}"
    out = [f"`store.build` at scale {profile['scale']:g} under cProfile: "
           f"{profile['seconds_under_profiler']:.2f} s of wall clock with the profiler on.", ""]
    for key, title in (("by_cumulative", "By cumulative time"), ("by_own_time",
                                                                  "By own time")):
        out += [f"{title}:", "", "| function | calls | own s | cumulative s |",
                "|---|---|---|---|"]
        out += [f"| `{_cell(e['function'])}` | {e['calls']} | {e['own_seconds']:.3f} | "
                f"{e['cumulative_seconds']:.3f} |" for e in profile[key][:PROFILE_ROWS]]
        out.append("")
    return "\n".join(out).rstrip()


def page(result: dict[str, Any], notes: Mapping[str, Any], source: str) -> str:
    """docs/performance.md for ``result``."""
    def para(key: str) -> str:
        return "\n".join(line.rstrip() for line in notes[key].strip().splitlines())

    goals = result.get("goals") or []
    return "\n".join([
        "# Performance", "",
        f"<!-- Generated by `{COMMAND}` from {source} and benchmarks/notes.yaml; "
        "`make bench` runs the benchmarks and then this command. Do not edit by hand. -->",
        "", para("intro"), "",
        "## The run", "", machine_markdown(result["machine"], result["settings"]), "",
        "## The targets", "", goals_markdown(goals), "",
        "## Where a target is missed", "", missed_markdown(goals, notes, result.get("profile")),
        "",
        "## Whole processes", "", para("processes"), "",
        processes_markdown(result.get("processes") or {}), "",
        "## Every step against its floor", "", para("steps"), "",
        format_markdown(rows_of(result)), "",
        "## Where the build's time goes", "", para("profile"), "",
        profile_markdown(result.get("profile")), "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    """Print docs/performance.md for a results file."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else LATEST_JSON
    result = json.loads(path.read_text(encoding="utf-8"))
    try:
        source = path.resolve().relative_to(ROOT_DIR).as_posix()
    except ValueError:
        source = path.name
    sys.stdout.write(page(result, read_notes(), source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
