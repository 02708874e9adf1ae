"""The performance targets, and each measurement checked against its floor and target.

Targets are reported, never asserted in tests: the machine decides too much of a timing.

- the build within 3× its I/O floor at scale 100;
- each report within 1.5× the report floor at scale 1 and 3× at scale 100;
- ten times the data for at most twelve times the time (1.2× the data ratio in general);
- peak memory under 2 GB at scale 100.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from benchmarks.measure import Measurement
from benchmarks.samples import scale_label
from benchmarks.steps import Step

# (floor step, scale) -> the largest ratio of a step's seconds to its floor's.
FLOOR_RATIO: dict[tuple[str, float], float] = {
    ("io_floor", 100.0): 3.0,
    ("report_floor", 1.0): 1.5,
    ("report_floor", 100.0): 3.0,
}
# Time may grow at most this much faster than the data: 10× the data, 12× the time.
SCALING_SLACK = 1.2
MEMORY_SCALE = 100.0
MEMORY_LIMIT_MB = 2048.0

WITHIN, OVER, NO_TARGET, FAILED, FLOOR = "within", "over", "—", "failed", "floor"


@dataclass(frozen=True)
class Row:
    """One line of the results table.

    For a measurement ``floor`` names the floor step and ``ratio`` is seconds / floor
    seconds; for a scaling line (``scale`` like ``"10/1"``) ``floor`` is the time at the
    smaller scale and ``ratio`` the growth of the time. ``cpu_ratio`` is the same ratio of CPU
    seconds, steadier than wall-clock time on a busy machine (verdicts use ``ratio``).
    ``missed`` names the targets missed when a row has several.
    """

    step: str
    scale: str
    seconds: float | None
    cpu_seconds: float | None
    peak_mb: float | None
    floor: str | None
    floor_seconds: float | None
    ratio: float | None
    target: str
    verdict: str
    error: str | None = None
    missed: tuple[str, ...] = ()
    cpu_ratio: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The row for latest.json."""
        return asdict(self)


def _ratio(value: float | None, base: float | None) -> float | None:
    if value is None or base is None or base <= 0:
        return None
    return value / base


def _floor_of(m: Measurement, steps: Mapping[str, Step],
              by_key: Mapping[tuple[str, float | None], Measurement]) -> Measurement | None:
    name = steps[m.step].floor
    if name is None:
        return None
    return by_key.get((name, m.scale if steps[name].per_scale else None))


def _measurement_row(m: Measurement, steps: Mapping[str, Step],
                     by_key: Mapping[tuple[str, float | None], Measurement]) -> Row:
    step = steps[m.step]
    scale = scale_label(m.scale) if m.scale is not None else "any"
    if not m.ok:
        return Row(m.step, scale, None, None, None, step.floor, None, None, NO_TARGET, FAILED,
                   error=m.error)
    if step.is_floor:
        return Row(m.step, scale, m.seconds, m.cpu_seconds, m.peak_mb, None, None, None,
                   NO_TARGET, FLOOR)
    floor = _floor_of(m, steps, by_key)
    floor_seconds = floor.seconds if floor is not None else None
    ratio = _ratio(m.seconds, floor_seconds)
    cpu_ratio = _ratio(m.cpu_seconds, floor.cpu_seconds) if floor is not None else None
    targets, passed = [], []
    limit = FLOOR_RATIO.get((step.floor, m.scale)) if step.floor and m.scale else None
    # Without its floor (not run, or failed) a step cannot be judged against it.
    if limit is not None and ratio is not None:
        targets.append(f"≤{limit:g}× floor")
        passed.append(ratio is not None and ratio <= limit)
    if m.scale == MEMORY_SCALE:
        targets.append(f"<{MEMORY_LIMIT_MB:g} MB")
        passed.append(m.peak_mb is not None and m.peak_mb < MEMORY_LIMIT_MB)
    verdict = NO_TARGET if not passed else WITHIN if all(passed) else OVER
    missed = tuple(t for t, ok in zip(targets, passed, strict=True) if not ok)
    return Row(m.step, scale, m.seconds, m.cpu_seconds, m.peak_mb, step.floor, floor_seconds,
               ratio, "; ".join(targets) or NO_TARGET, verdict,
               missed=missed if len(targets) > 1 else (), cpu_ratio=cpu_ratio)


def _scaling_rows(measurements: Iterable[Measurement], steps: Mapping[str, Step]) -> list[Row]:
    by_step: dict[str, list[tuple[float, Measurement]]] = {}
    for m in measurements:
        if m.scale is not None and not steps[m.step].is_floor:
            by_step.setdefault(m.step, []).append((m.scale, m))
    rows = []
    for name, scaled in by_step.items():
        scaled.sort(key=lambda pair: pair[0])
        for (a, small), (b, large) in itertools.pairwise(scaled):
            limit = SCALING_SLACK * b / a
            ratio = _ratio(large.seconds, small.seconds)
            verdict = (FAILED if not (small.ok and large.ok)
                       else WITHIN if ratio is not None and ratio <= limit else OVER)
            rows.append(Row(name, f"{scale_label(b)}/{scale_label(a)}", large.seconds,
                            large.cpu_seconds, large.peak_mb, f"t({scale_label(a)})",
                            small.seconds, ratio, f"≤{limit:g}× (data ×{b / a:g})", verdict,
                            cpu_ratio=_ratio(large.cpu_seconds, small.cpu_seconds)))
    return rows


def check(measurements: Iterable[Measurement], steps: Mapping[str, Step]) -> list[Row]:
    """Every measurement against its floor and targets, then the scaling of each step."""
    measurements = list(measurements)
    by_key = {(m.step, m.scale): m for m in measurements}
    rows = [_measurement_row(m, steps, by_key) for m in measurements]
    return rows + _scaling_rows(measurements, steps)


def _cell(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


COLUMNS = ("step", "scale", "seconds", "cpu s", "peak MB", "floor", "floor s", "ratio",
           "cpu ratio", "target", "verdict")


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _cells(r: Row) -> tuple[str, ...]:
    return (r.step, r.scale, _cell(r.seconds, ".2f"), _cell(r.cpu_seconds, ".2f"),
            _cell(r.peak_mb, ".0f"), r.floor or "—",
            _cell(r.floor_seconds, ".2f"), _times(r.ratio), _times(r.cpu_ratio), r.target,
            f"{r.verdict} ({'; '.join(r.missed)})" if r.missed else r.verdict)


def format_table(rows: Iterable[Row]) -> str:
    """The rows as a plain-text table with aligned columns."""
    lines = [COLUMNS, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    numeric = {2, 3, 4, 6, 7, 8}
    out = []
    for n, line in enumerate(lines):
        cells = [c.rjust(w) if i in numeric else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def format_markdown(rows: Iterable[Row]) -> str:
    """The rows as a Markdown table (for docs/performance.md)."""
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    out += ["| " + " | ".join(_cells(r)) + " |" for r in rows]
    return "\n".join(out)


# --- the targets of the issue, one line each ------------------------------------------------

# Whole processes against the stock pipeline (papermill CLI + nbconvert CLI): at most 1.0×.
STOCK_RATIO = 1.0
HELP_LIMIT_S = 0.5
NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class Goal:
    """One target of the issue and how this run met it.

    ``value`` is the measured ratio (or seconds, or MB) compared with ``limit``; ``facts``
    the figures it came from, which the notes of docs/performance.md quote.
    """

    id: str
    target: str
    value: float | None
    limit: float
    unit: str
    verdict: str
    measured: str
    facts: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The goal for latest.json."""
        return asdict(self)


def _judge(value: float | None, limit: float, strict: bool = False) -> str:
    if value is None:
        return NOT_MEASURED
    return WITHIN if (value < limit if strict else value <= limit) else OVER


def _series_goal(gid: str, target: str, name: str, base: str,
                 processes: Mapping[str, Mapping[str, Any]]) -> Goal:
    a, b = processes.get(name) or {}, processes.get(base) or {}
    value = _ratio(a.get("seconds"), b.get("seconds"))
    facts = {"seconds": a.get("seconds"), "cpu_seconds": a.get("cpu_seconds"),
             "base_seconds": b.get("seconds"), "base_cpu_seconds": b.get("cpu_seconds"),
             "cpu_ratio": _ratio(a.get("cpu_seconds"), b.get("cpu_seconds")),
             "runs": len(a.get("runs") or ()), "error": a.get("error") or b.get("error")}
    measured = (NOT_MEASURED if value is None else
                f"{value:.2f}× ({a['seconds']:.2f} s against {b['seconds']:.2f} s; "
                f"CPU {facts['cpu_ratio']:.2f}×)")
    return Goal(gid, target, value, STOCK_RATIO, "×", _judge(value, STOCK_RATIO), measured,
                facts)


def _row_goal(gid: str, target: str, rows: Sequence[Row], step: str, scale: str,
              limit: float) -> Goal:
    row = next((r for r in rows if r.step == step and r.scale == scale), None)
    value = row.ratio if row is not None else None
    facts = {} if row is None else {"seconds": row.seconds, "cpu_seconds": row.cpu_seconds,
                                    "base_seconds": row.floor_seconds,
                                    "cpu_ratio": row.cpu_ratio}
    measured = (NOT_MEASURED if value is None or row is None else
                f"{value:.2f}× ({row.seconds:.2f} s against {row.floor_seconds:.2f} s; "
                f"CPU {_times(row.cpu_ratio)})")
    return Goal(gid, target, value, limit, "×", _judge(value, limit), measured, facts)


def goals(rows: Sequence[Row], processes: Mapping[str, Mapping[str, Any]]) -> list[Goal]:
    """Every target of the issue, in its order, judged on this run's rows and processes."""
    out = [
        _series_goal("stock_progress", "labmetrics report progress ≤ 1.0× the stock pipeline "
                     "(whole processes)", "cli_progress", "stock", processes),
        _series_goal("stock_network", "labmetrics report network ≤ 1.0× the stock pipeline "
                     "(whole processes)", "cli_network", "stock", processes),
    ]
    for step, name in (("report_progress", "progress"), ("report_network", "network")):
        for scale, limit in (("1", FLOOR_RATIO[("report_floor", 1.0)]),
                             ("100", FLOOR_RATIO[("report_floor", 100.0)])):
            out.append(_row_goal(f"floor_{name}_{scale}", f"{name} report ≤ {limit:g}× the "
                                 f"report floor at scale {scale}", rows, step, scale, limit))
    build_limit = FLOOR_RATIO[("io_floor", 100.0)]
    out.append(_row_goal("build_100", f"build ≤ {build_limit:g}× its I/O floor at scale 100",
                         rows, "build", "100", build_limit))
    out.append(_series_goal("stock_all", "labmetrics report all ≤ 1.0× the stock pipeline "
                            "run once per report (whole processes)", "cli_all", "stock_each",
                            processes))
    scaling = [r for r in rows if "/" in r.scale and r.ratio is not None]
    worst = max(scaling, key=lambda r: r.ratio / _scaling_limit(r), default=None)
    out.append(Goal(
        "scaling", f"10× the data in ≤ {SCALING_SLACK * 10:g}× the time (every step, each "
        "pair of scales)", worst.ratio if worst else None,
        _scaling_limit(worst) if worst else SCALING_SLACK * 10, "×",
        NOT_MEASURED if worst is None else
        WITHIN if all(r.verdict == WITHIN for r in scaling) else OVER,
        NOT_MEASURED if worst is None else
        f"largest {worst.ratio:.2f}× ({worst.step}, scale {worst.scale})",
        {"pairs": len(scaling), "worst_step": worst.step if worst else None}))
    big = [r for r in rows if r.scale == f"{MEMORY_SCALE:g}" and r.peak_mb is not None
           and r.verdict != FLOOR]
    peak = max(big, key=lambda r: r.peak_mb or 0.0, default=None)
    out.append(Goal(
        "memory", f"peak memory < {MEMORY_LIMIT_MB:g} MB at scale {MEMORY_SCALE:g}",
        peak.peak_mb if peak else None, MEMORY_LIMIT_MB, "MB",
        _judge(peak.peak_mb if peak else None, MEMORY_LIMIT_MB, strict=True),
        NOT_MEASURED if peak is None else f"largest {peak.peak_mb:.0f} MB ({peak.step})",
        {"step": peak.step if peak else None}))
    helper = processes.get("cli_help") or {}
    seconds = helper.get("seconds")
    out.append(Goal("help", f"labmetrics --help < {HELP_LIMIT_S:g} s", seconds, HELP_LIMIT_S,
                    "s", _judge(seconds, HELP_LIMIT_S, strict=True),
                    NOT_MEASURED if seconds is None else f"{seconds:.2f} s",
                    {"runs": len(helper.get("runs") or ())}))
    return out


def _scaling_limit(row: Row) -> float:
    a, b = (float(x) for x in row.scale.split("/")[::-1])
    return SCALING_SLACK * b / a


def format_goals(items: Iterable[Goal]) -> str:
    """The targets of the issue as a plain-text table."""
    lines = [("target", "measured", "verdict")]
    lines += [(g.target, g.measured, g.verdict) for g in items]
    widths = [max(len(line[i]) for line in lines) for i in range(3)]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
           for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)
