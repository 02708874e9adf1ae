"""The labmetrics command: help, validate and build, and their exit codes."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import MESSY_DIR

from labmetrics import config
from labmetrics.cli import main


def _one_paragraph(err: str) -> str:
    text = err.strip()
    assert text.startswith("labmetrics: ")
    assert "\n" not in text
    assert "Traceback" not in text
    assert "Fix: " in text
    return text


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("sample", "validate", "build", "report"):
        assert command in out


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "usage: labmetrics" in capsys.readouterr().out


def test_validate_prints_the_accounting_and_exits_0(capsys, tmp_path):
    quarantine = tmp_path / "q.csv"
    code = main(["validate", str(MESSY_DIR), "--max-rows", "2", "--quarantine", str(quarantine)])
    assert code == 0
    out = capsys.readouterr().out
    assert any(line.split() == ["total", "43", "18", "25"] for line in out.splitlines())
    assert "the first 2:" in out
    written = pd.read_csv(quarantine, dtype=str, keep_default_na=False)
    assert len(written) == 29
    assert written["line"].iloc[0] == "6"


def test_build_writes_the_output_and_exits_0(capsys, tmp_path):
    out_dir = tmp_path / "processed"
    assert main(["build", str(MESSY_DIR), "--out", str(out_dir)]) == 0
    assert (out_dir / "manifest.json").exists()
    out = capsys.readouterr().out
    assert f"Wrote {out_dir}" in out


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"spaces.csv": "space_id,name,host,kind,opened_on\n"}, "no file for the data set "
         "'groups'"),
        ({"spaces.csv": ""}, "spaces.csv: the file is empty."),
        ({"spaces.csv": "id,nome\nLAB,Lab\n"}, "the required column(s) host, kind, opened_on"),
        ({"spaces.csv": "space_id,name,host,kind,opened_on\n", "espacos.csv": "x"},
         "several files hold the data set 'spaces'"),
    ],
)
def test_unusable_input_exits_2_with_one_paragraph(capsys, tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for command in (["validate", str(tmp_path)],
                    ["build", str(tmp_path), "--out", str(tmp_path.parent / "out")]):
        assert main(command) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert message in _one_paragraph(captured.err)
    assert not (tmp_path.parent / "out").exists()


def test_missing_data_folder_exits_2(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "this data folder does not exist" in _one_paragraph(capsys.readouterr().err)


def test_build_into_the_raw_folder_exits_2(capsys, tiny_dir):
    assert main(["build", str(tiny_dir), "--out", str(tiny_dir)]) == 2
    assert "would overwrite input data" in _one_paragraph(capsys.readouterr().err)


def _broken_commitment(tmp_path):
    source = (config.COMMITMENTS_DIR / "SAO0005.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "SAO0005.yaml"
    broken.write_text(source.replace("      - groups_mapped_in_period\n",
                                     "      - groups_mapd\n", 1), encoding="utf-8")
    line = source.splitlines().index("      - groups_mapped_in_period") + 1
    return broken, line


def test_check_accepts_the_bundled_files(capsys):
    files = [config.COMMITMENTS_DIR / "SAO0005.yaml",
             config.COMMITMENTS_DIR / "SAO0005-assessment.yaml"]
    assert main(["check", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "the commitment SAO0005 is valid (3 milestones" in out
    assert "the assessment of SAO0005 by" in out


def test_check_names_file_line_key_and_fix_and_exits_2(capsys, tmp_path):
    broken, line = _broken_commitment(tmp_path)
    assert main(["check", str(broken)]) == 2
    text = _one_paragraph(capsys.readouterr().err)
    assert f"{broken}, line {line}: milestones[0].indicators[1]: unknown indicator " \
           "'groups_mapd'." in text


def test_report_progress_checks_the_commitment_before_reading_any_data(capsys, tmp_path):
    broken, line = _broken_commitment(tmp_path)
    # The data folder does not exist: only a check made before any build names the commitment.
    code = main(["report", "progress", "--commitment-file", str(broken),
                 "--data", str(tmp_path / "no-data"), "--out", str(tmp_path / "out")])
    assert code == 2
    text = _one_paragraph(capsys.readouterr().err)
    assert f"line {line}: milestones[0].indicators[1]" in text
    assert not (tmp_path / "out").exists()


def test_a_failing_check_stops_the_kernel_started_first(capsys, monkeypatch, tmp_path):
    from labmetrics.report import kernel as report_kernel

    started = []
    start = report_kernel.start_kernel

    def recording(notebook, **options):
        started.append(start(notebook, **options))
        return started[-1]

    monkeypatch.setattr(report_kernel, "start_kernel", recording)
    code = main(["report", "network", "--period", "2018-01-01:2017-01-01",
                 "--data", str(tmp_path / "no-data"), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "2018-01-01" in capsys.readouterr().err
    assert len(started) == 1
    assert not started[0].alive and not started[0].log.exists()


def test_the_commitment_id_comes_from_the_commitment_file(tmp_path):
    import argparse

    from labmetrics.errors import ConfigError
    from labmetrics.report.jobs import check_commitment_args

    copy = tmp_path / "mine.yaml"
    copy.write_text((config.COMMITMENTS_DIR / "SAO0005.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    args = argparse.Namespace(report="progress", commitment=None, commitment_file=copy,
                              assessment=None)
    check_commitment_args(args)
    assert args.commitment == "SAO0005"
    args = argparse.Namespace(report="progress", commitment="BUE0003", commitment_file=copy,
                              assessment=None)
    with pytest.raises(ConfigError, match="holds commitment SAO0005, not BUE0003"):
        check_commitment_args(args)


def test_an_assessment_of_another_commitment_is_refused_at_its_line(tmp_path):
    from labmetrics.commitment import read_pair
    from labmetrics.errors import ConfigError

    source = (config.COMMITMENTS_DIR / "SAO0005-assessment.yaml").read_text(encoding="utf-8")
    other = tmp_path / "other-assessment.yaml"
    other.write_text(source.replace("commitment: SAO0005", "commitment: BUE0003"),
                     encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_pair(config.COMMITMENTS_DIR / "SAO0005.yaml", other)
    assert info.value.line == source.splitlines().index("commitment: SAO0005") + 1


def test_sample_draws_the_named_commitments_spec(capsys, tmp_path):
    out = tmp_path / "mvd"
    assert main(["sample", "--commitment", "MVD-EJEMPLO", "--scale", "0.05", "--out",
                 str(out)]) == 0
    assert "(scale 0.05, seed 2017, csv)" in capsys.readouterr().out
    spaces = pd.read_csv(out / "spaces.csv", dtype=str)
    assert "Laboratorio Cívico del Cordón" in set(spaces["name"])
    assert main(["sample", "--commitment", "XYZ0001", "--out", str(tmp_path / "x")]) == 2
    assert "no sample spec" in _one_paragraph(capsys.readouterr().err)
