"""The ``labmetrics`` command: parse, call the library, print, exit.

Exit codes: 0 when the data was read (quarantined rows included), 1 when a report failed,
2 when an input could not be used. Heavy libraries are imported inside each command so that
``labmetrics --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from labmetrics import config
from labmetrics.config import VERSION as __version__
from labmetrics.errors import LabmetricsError


def _period(text: str) -> tuple[str, str]:
    start, sep, end = text.partition(":")
    if not sep or not start or not end:
        raise argparse.ArgumentTypeError(
            f"period '{text}' must be START:END, for example 2017-01-01:2017-12-31"
        )
    return start, end


def _add_city(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--city", default=None, metavar="PACK",
                   help="city pack the data is matched and placed against: a pack of "
                   f"data/raw/cities/ or a folder holding a city.yaml (default: {default})")


def _add_report_common(p: argparse.ArgumentParser, default_period: str) -> None:
    p.add_argument("--data", type=Path, default=None,
                   help="data folder (read and validated on the way); default: the bundled sample")
    p.add_argument("--period", type=_period, default=_period(default_period),
                   help=f"START:END, ISO dates (default {default_period})")
    p.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANG,
                   help="language of the report (default pt-BR)")
    p.add_argument("--out", type=Path, default=config.REPORTS_DIR,
                   help="folder for the report (default reports/)")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``labmetrics`` command."""
    parser = argparse.ArgumentParser(
        prog="labmetrics",
        description="Evidence for OGP commitments on a city's innovation labs and spaces: "
        "read, validate and store their data, place it in the city (a city pack), and "
        "render IRM-style reports.",
    )
    parser.add_argument("--version", action="version", version=f"labmetrics {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("sample", help="write the deterministic sample data set",
                       description="Write a realistic, deterministic sample for 2016–2018.")
    p.add_argument("--scale", type=float, default=1.0, help="size multiplier (default 1)")
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    p.add_argument("--commitment", default=config.DEFAULT_COMMITMENT,
                   help="the commitment whose sample spec (data/raw/commitments/"
                   f"<ID>-sample.yaml) is drawn, or a spec file (default "
                   f"{config.DEFAULT_COMMITMENT})")
    # The sample is written where the user is: into the checkout's data/raw/<folder>, or
    # (installed without one) ./data/raw/<folder>, never into the installed package.
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default data/raw/ and the spec's folder: "
                   f"data/raw/sample for {config.DEFAULT_COMMITMENT})")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv",
                   help="file format of the sample (default csv)")

    p = sub.add_parser("validate", help="read and check a data folder; write nothing",
                       description="Read and validate a data folder and print, per file, "
                       "rows read = valid + quarantined, and the quarantined rows.")
    p.add_argument("data", nargs="?", type=Path, default=config.SAMPLE_DIR,
                   help="data folder (default: the bundled sample)")
    p.add_argument("--quarantine", type=Path, default=None,
                   help="also write the quarantine table to this CSV file")
    p.add_argument("--max-rows", type=int, default=20,
                   help="how many quarantined rows to print (default 20)")
    _add_city(p, config.DEFAULT_CITY)

    p = sub.add_parser("build", help="validate a data folder and write data/processed/",
                       description="Validate a data folder and write Parquet/GeoParquet, "
                       "quarantine.csv, validation.json and manifest.json.")
    p.add_argument("data", nargs="?", type=Path, default=config.SAMPLE_DIR,
                   help="data folder (default: the bundled sample)")
    p.add_argument("--out", type=Path, default=config.PROCESSED_DIR, help="output folder")
    p.add_argument("--include-contacts", action="store_true",
                   help="internal export only: keep contact fields (personal data)")
    _add_city(p, config.DEFAULT_CITY)

    p = sub.add_parser("check", help="check commitment and assessment files",
                       description="Read and check commitment and assessment YAML files, "
                       "as the reports do, and say what is wrong where (file, line, key, "
                       "fix). Exit 2 when a file has a problem.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="commitment or assessment files (YAML)")

    p = sub.add_parser("init", help="write the files to fill in for a new commitment",
                       description="Write a commented commitment file and assessment file, "
                       "a data folder with one CSV per data set (its header only) and a "
                       "folder holding one workbook with a sheet per data set (headers in "
                       "--lang, drop-down lists for coded columns, a read-me sheet), into a "
                       "new folder. Each is valid as it stands.")
    p.add_argument("folder", type=Path, help="a new or empty folder")
    _add_city(p, config.DEFAULT_CITY)
    p.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANG,
                   help="language of the workbook's sheets, headers and read-me "
                   f"(default {config.DEFAULT_LANG})")

    p = sub.add_parser("report", help="render reports",
                       description="Render IRM-style reports as self-contained HTML.")
    rsub = p.add_subparsers(dest="report", metavar="REPORT")
    rp = rsub.add_parser("progress", help="IRM-style progress report on a commitment")
    rp.add_argument("--commitment", default=None,
                    help="commitment id (default: the id in --commitment-file, else "
                    f"{config.DEFAULT_COMMITMENT})")
    _add_report_common(rp, ":".join(config.PROGRESS_PERIOD))
    _add_city(rp, "the commitment's city")
    rp.add_argument("--stage", choices=("midterm", "end_of_term"), default="end_of_term")
    rp.add_argument("--assessment", type=Path, default=None,
                    help="assessment file (default data/raw/commitments/<ID>-assessment.yaml)")
    rp.add_argument("--commitment-file", type=Path, default=None,
                    help="commitment file (default data/raw/commitments/<ID>.yaml)")
    rp.add_argument("--ogp-data", type=Path, default=None,
                    help="OGP commitment data export, to compare with commitments of its kind "
                    "(default: the bundled data/raw/ogp/open_parliament_0703.csv)")
    rp.add_argument("--previous-period", type=_period, default=None,
                    help="START:END of the previous period, to show change")
    rn = rsub.add_parser("network", help="network-growth report")
    _add_report_common(rn, ":".join(config.NETWORK_PERIOD))
    _add_city(rn, "the one the data was built for")
    rn.add_argument("--freq", choices=config.FREQUENCIES, default=config.DEFAULT_FREQ)
    rn.add_argument("--spaces", default=None,
                    help="comma-separated space ids to keep (default: every space)")
    rd = rsub.add_parser("directory", help="public directory of the network's partners",
                         description="Every network partner on a day (who opted out of the "
                         "listing is counted, not named), who joined and who left since an "
                         "earlier day, with filters that work offline.")
    rd.add_argument("--as-of", default=None,
                    help="the day of the directory, YYYY-MM-DD (default: the end of the data)")
    rd.add_argument("--previous", default=None,
                    help="the earlier day for who joined and who left (default: the last day "
                    "of the year before)")
    rd.add_argument("--commitment", default=config.DEFAULT_COMMITMENT)
    rd.add_argument("--data", type=Path, default=None,
                    help="data folder (read and validated on the way); default: the bundled "
                    "sample")
    rd.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANG,
                    help="language of the report (default pt-BR)")
    rd.add_argument("--out", type=Path, default=config.REPORTS_DIR,
                    help="folder for the report (default reports/)")
    _add_city(rd, "the one the data was built for")
    ra = rsub.add_parser("all", help="every report of a plan (default: the bundled "
                         "commitments in every language), and the index page",
                         description="Render every report a plan lists (commitments, "
                         "periods, languages, data folders; docs/report-plan.md), each "
                         "commitment into its own folder, and the index grouping them by "
                         "city and commitment.")
    ra.add_argument("--plan", type=Path, default=None,
                    help="the plan, a YAML file (default data/raw/plan.yaml: the bundled "
                    "commitments on their samples)")
    ra.add_argument("--data", type=Path, default=None,
                    help=f"without --plan: every report of {config.DEFAULT_COMMITMENT} on "
                    "this data folder, into --out itself")
    ra.add_argument("--out", type=Path, default=config.REPORTS_DIR)
    ra.add_argument("--jobs", type=int, default=None,
                    help="reports rendered at once (default: the number of cores)")
    ra.add_argument("--dask-scheduler", default=None,
                    help="address of a Dask distributed scheduler to send the jobs to")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "sample":
        from labmetrics.sample import write_sample
        from labmetrics.sample.spec import sample_spec

        spec = sample_spec(args.commitment)
        out = args.out if args.out is not None else config.DATA_DIR / "raw" / spec.folder
        summary = write_sample(out, scale=args.scale, seed=args.seed, fmt=args.format,
                               spec=spec)
        print(summary.describe())
        return 0
    if args.command == "validate":
        from labmetrics.dataset import read_folder

        data = read_folder(args.data, progress=sys.stderr.isatty(), check_usable=False,
                           city=args.city)
        print(data.describe_validation(max_rows=args.max_rows))
        if args.quarantine is not None:
            from labmetrics.publish import write_csv
            from labmetrics.store import public_quarantine

            # The quarantine file is often shared to get rows fixed: no contact values in it.
            write_csv(public_quarantine(data.quarantine), args.quarantine)
        data.check_usable()
        return 0
    if args.command == "check":
        return _check_files(args.files)
    if args.command == "init":
        from labmetrics.starter import write_starter

        print(write_starter(args.folder, city=args.city, lang=args.lang).describe())
        return 0
    if args.command == "build":
        from labmetrics.store import build

        result = build(args.data, args.out, include_contacts=args.include_contacts,
                       progress=sys.stderr.isatty(), city=args.city)
        print(result.describe())
        return 0
    if args.command == "report":
        return _report(args)
    build_parser().print_help()
    return 0


def _report(args: argparse.Namespace) -> int:
    # A single report's kernel starts before anything else is imported: it loads the
    # report's modules on one core while this process checks the arguments and the data on
    # the other. A check that fails stops it.
    kernel = None
    if getattr(args, "report", None) in config.REPORT_NOTEBOOKS:
        from labmetrics.report.kernel import free_cores, start_kernel

        # This process only waits while the kernel runs: the kernel has the cores.
        kernel = start_kernel(config.REPORT_NOTEBOOKS[args.report], single_use=True,
                              draw_processes=free_cores(1))
    try:
        from labmetrics.report.jobs import run_from_args

        return run_from_args(args, kernel=kernel)
    finally:
        if kernel is not None:
            kernel.stop()


def _check_files(files: Sequence[Path]) -> int:
    from labmetrics.commitment import Assessment, check_file

    failed = 0
    for path in files:
        try:
            checked = check_file(path)
        except LabmetricsError as exc:
            failed += 1
            print(f"labmetrics: {exc.describe()}", file=sys.stderr)
            continue
        if isinstance(checked, Assessment):
            print(f"{path}: the assessment of {checked.commitment_id} by {checked.assessor} "
                  "is valid.")
        else:
            n = len(checked.milestones)
            print(f"{path}: the commitment {checked.id} is valid ({n} milestone"
                  f"{'s' if n != 1 else ''}, {len(checked.indicator_ids)} indicator uses).")
    return 2 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``labmetrics`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except LabmetricsError as exc:
        print(f"labmetrics: {exc.describe()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("labmetrics: interrupted; nothing was replaced.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
