"""``python -m benchmarks.table [RESULTS_JSON]``: a results file as Markdown, for the docs.

Prints the machine, the settings and the table of a run written by ``benchmarks.run``
(default ``benchmarks/results/latest.json``), without running anything.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import LATEST_JSON
from benchmarks.targets import Row, format_markdown


def rows_of(result: dict[str, Any]) -> list[Row]:
    """The table rows stored in a results file."""
    return [Row(**{**r, "missed": tuple(r.get("missed") or ())}) for r in result["rows"]]


def machine_markdown(machine: dict[str, Any], settings: dict[str, Any]) -> str:
    """The machine and the settings of a run as a Markdown list."""
    libs = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items() if v)
    git = machine.get("git") or {}
    dirty = " (with uncommitted changes)" if git.get("dirty") else ""
    return "\n".join([
        f"- date: {machine['date']}",
        f"- CPU: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM",
        f"- load average (1, 5, 15 min) before: {machine.get('load_average')}, "
        f"after: {machine.get('load_average_after')}",
        f"- {machine['os']}, Python {machine['python']}, labmetrics {machine['labmetrics']}",
        f"- {libs}",
        f"- commit {git.get('commit')}{dirty}",
        f"- scales {settings['scales']}, {settings['repeat']} run(s) per step (median), "
        f"seed {settings['seed']}",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    """Print the Markdown of a results file."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else LATEST_JSON
    result = json.loads(path.read_text(encoding="utf-8"))
    print(machine_markdown(result["machine"], result["settings"]))
    print()
    print(format_markdown(rows_of(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
