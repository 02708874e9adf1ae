"""Report jobs: their parameters and names, rendered in parallel, on Dask, from the command."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import pytest

from labmetrics import cli, config
from labmetrics.city import city_pack
from labmetrics.errors import ConfigError, ReportError
from labmetrics.report import jobs

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
ECHO = NOTEBOOKS / "echo_report.ipynb"
NETWORK_STEM = "network-all-spaces-2016-01-01_2018-12-31"

pytestmark = pytest.mark.xdist_group("report-jobs")


@pytest.fixture
def commitment_files(tmp_path: Path) -> tuple[Path, Path]:
    commitment = tmp_path / "SAO0005.yaml"
    assessment = tmp_path / "SAO0005-assessment.yaml"
    commitment.write_text("id: SAO0005\n", encoding="utf-8")
    assessment.write_text("commitment: SAO0005\n", encoding="utf-8")
    return commitment, assessment


def test_progress_job_passes_plain_parameters(tmp_path: Path,
                                              commitment_files: tuple[Path, Path]) -> None:
    commitment, assessment = commitment_files
    job = jobs.progress_job(
        commitment="SAO0005", data_path=tmp_path / "processed",
        period=("2017-01-01", "2017-12-31"), lang="en", out_dir=tmp_path / "reports",
        commitment_file=commitment, assessment=assessment,
        previous_period=("2016-01-01", "2016-12-31"), languages=["pt-BR", "en"],
        notebook=ECHO)
    stem = "progress-SAO0005-2017-01-01_2017-12-31"
    assert job.out_html == tmp_path / "reports" / f"{stem}.en.html"
    assert job.report_name == f"{stem}.en"
    assert job.parameters == {
        "commitment": "SAO0005", "data_path": str(tmp_path / "processed"),
        "period_start": "2017-01-01", "period_end": "2017-12-31", "stage": "end_of_term",
        "lang": "en", "assessment_path": str(assessment), "commitment_path": str(commitment),
        "ogp_data_path": str(config.OGP_DATA_FILE), "previous_period_start": "2016-01-01",
        "previous_period_end": "2016-12-31",
        "data_dir": str(tmp_path / "reports" / f"{stem}.en.data"),
    }
    assert job.title == "Progress report on commitment SAO0005, 1 Jan 2017 – 31 Dec 2017"
    assert job.meta["titles"]["pt-BR"] == ("Relatório de progresso do compromisso SAO0005, "
                                           "01/01/2017 – 31/12/2017")
    assert job.alternates == {"pt-BR": f"{stem}.pt-BR.html"}
    assert job.inputs == (*city_pack().files, commitment, assessment, config.OGP_DATA_FILE)
    assert job.credits == (city_pack().credit,)


def test_progress_job_finds_the_bundled_commitment_files(tmp_path: Path) -> None:
    job = jobs.progress_job(commitment="SAO0005", data_path=tmp_path,
                            period=jobs.PROGRESS_PERIOD, lang="pt-BR", out_dir=tmp_path,
                            notebook=ECHO)
    assert job.parameters["commitment_path"] == str(config.COMMITMENTS_DIR / "SAO0005.yaml")
    assert job.parameters["assessment_path"] == str(
        config.COMMITMENTS_DIR / "SAO0005-assessment.yaml")
    alone = jobs.progress_job(commitment="SAO0005", data_path=tmp_path,
                              period=jobs.PROGRESS_PERIOD, lang="pt-BR", out_dir=tmp_path,
                              commitment_file=tmp_path / "mine.yaml", notebook=ECHO)
    assert alone.parameters["assessment_path"] is None


def test_network_job_names_its_spaces(tmp_path: Path) -> None:
    job = jobs.network_job(data_path=tmp_path, period=("2016-01-01", "2018-12-31"),
                           lang="pt-BR", out_dir=tmp_path, freq="month",
                           spaces=["mobilab", " labprodam", ""], notebook=ECHO)
    assert job.out_html.name == "network-labprodam+mobilab-2016-01-01_2018-12-31.pt-BR.html"
    assert job.parameters["spaces"] == ["labprodam", "mobilab"]
    assert job.parameters["freq"] == "month"
    assert job.alternates == {}  # the English page neither rendered now nor on disk
    (tmp_path / "network-labprodam+mobilab-2016-01-01_2018-12-31.en.html").touch()
    again = jobs.network_job(data_path=tmp_path, period=("2016-01-01", "2018-12-31"),
                             lang="pt-BR", out_dir=tmp_path, spaces=["labprodam", "mobilab"],
                             freq="month", notebook=ECHO)
    assert again.alternates == {"en": "network-labprodam+mobilab-2016-01-01_2018-12-31.en.html"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"period": ("2018-01-01", "2017-01-01")}, "ends before it starts"),
    ({"period": ("2017-13-01", "2017-12-31")}, "not two ISO dates"),
    ({"freq": "week"}, "frequency 'week'"),
    ({"lang": "fr"}, "language 'fr'"),
    ({"notebook": Path("missing.ipynb")}, "notebook missing.ipynb is missing"),
])
def test_wrong_settings_are_config_errors(tmp_path: Path, kwargs: dict, message: str) -> None:
    settings = {"data_path": tmp_path, "period": ("2016-01-01", "2018-12-31"), "lang": "en",
                "out_dir": tmp_path, "notebook": ECHO, **kwargs}
    with pytest.raises(ConfigError, match=message):
        jobs.network_job(**settings)


def _network_jobs(out: Path, processed: Path) -> list[jobs.ReportJob]:
    return [jobs.network_job(data_path=processed, period=("2016-01-01", "2018-12-31"),
                             lang=lang, out_dir=out, languages=["pt-BR", "en"], notebook=ECHO)
            for lang in ("pt-BR", "en")]


def test_jobs_are_shared_among_processes_by_cost(tmp_path: Path) -> None:
    every = _network_jobs(tmp_path, tmp_path)
    every += [jobs.directory_job(data_path=tmp_path, lang=lang, out_dir=tmp_path)
              for lang in config.LANGUAGES]
    groups = jobs.share_jobs(every, 2)
    assert sorted(i for group in groups for i in group) == list(range(len(every)))
    costs = [sum(jobs._COST[every[i].kind] for i in group) for group in groups]
    assert max(costs) - min(costs) <= max(jobs._COST.values())
    assert jobs.share_jobs(every[:1], 4) == [[0]]
    assert jobs.share_jobs([], 2) == []


@pytest.mark.e2e
def test_two_reports_render_at_once(tmp_path: Path) -> None:
    outcomes = jobs.run_jobs(_network_jobs(tmp_path, tmp_path), n_jobs=2)
    assert [o.ok for o in outcomes] == [True, True]
    assert [o.result.html.name for o in outcomes] == [f"{NETWORK_STEM}.pt-BR.html",
                                                      f"{NETWORK_STEM}.en.html"]
    pt = (tmp_path / f"{NETWORK_STEM}.pt-BR.html").read_text(encoding="utf-8")
    assert f'href="{NETWORK_STEM}.en.html"' in pt and "2016-01-01 – 2018-12-31</h2>" in pt
    en_data = tmp_path / f"{NETWORK_STEM}.en.data" / "period.csv"
    assert en_data.read_text(encoding="utf-8") == "start,end\n2016-01-01,2018-12-31\n"
    record = json.loads((tmp_path / f"{NETWORK_STEM}.en.json").read_text(encoding="utf-8"))
    assert record["kind"] == "network" and record["period"] == {
        "start": "2016-01-01", "end": "2018-12-31"}


@pytest.mark.e2e
def test_jobs_go_to_a_dask_cluster_and_a_failure_stays_alone(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    good = _network_jobs(tmp_path, tmp_path)[0]
    # Refused before its kernel starts (an undeclared parameter): the cheapest failure.
    bad = jobs.ReportJob(kind="network", notebook=NOTEBOOKS / "failing_report.ipynb",
                         parameters={"colour": "red"}, out_html=tmp_path / "failing.html",
                         lang="en", title="Failing", report_name="failing")
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        outcomes = jobs.run_jobs([bad, good], dask_scheduler=cluster.scheduler_address)
    assert [o.ok for o in outcomes] == [False, True]
    assert outcomes[0].message.startswith("Report 'failing': ")
    assert "the notebook declares no parameter colour" in outcomes[0].message
    assert not (tmp_path / "failing.html").exists()
    assert outcomes[1].result.html.is_file()


def test_missing_dask_is_a_config_error_with_the_fix(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConfigError, match=r'pip install "labmetrics\[dask\]"'):
        jobs.run_jobs(_network_jobs(tmp_path, tmp_path), dask_scheduler="tcp://127.0.0.1:1")


@pytest.mark.e2e
def test_report_command_renders_and_writes_the_index(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    processed = tmp_path / "processed"
    processed.mkdir()
    manifest = {"source": "data/raw/sample",
                "inputs": [{"dataset": "groups", "file": "groups.csv", "sha256": "ab" * 32}]}
    (processed / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(jobs, "NETWORK_NOTEBOOK", ECHO)
    out = tmp_path / "reports"
    code = cli.main(["report", "network", "--data", str(processed), "--out", str(out),
                     "--period", "2017-01-01:2017-06-30", "--lang", "en"])
    printed = capsys.readouterr().out
    assert code == 0
    stem = "network-all-spaces-2017-01-01_2017-06-30.en"
    assert f"wrote {out / stem}.html + {stem}.data/" in printed
    assert "1 of 1 report(s) written" in printed
    page = (out / f"{stem}.html").read_text(encoding="utf-8")
    assert "data/raw/sample/groups.csv" in page and "ab" * 32 in page  # from the manifest
    assert f'href="{stem}.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_report_command_reports_a_failed_report_with_exit_code_1(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    # The failing notebook declares none of the network parameters: refused before running.
    monkeypatch.setattr(jobs, "NETWORK_NOTEBOOK", NOTEBOOKS / "failing_report.ipynb")
    code = cli.main(["report", "network", "--data", str(tmp_path), "--out",
                     str(tmp_path / "reports")])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith(
        "labmetrics: Report 'network-all-spaces-2016-01-01_2018-12-31.pt-BR': ")
    assert "the notebook declares no parameter data_path, freq" in captured.err
    assert "0 of 1 report(s) written" in captured.out
    assert (tmp_path / "reports" / "index.html").is_file()


@pytest.mark.e2e
def test_a_report_error_in_a_dask_worker_process_reaches_the_command_with_cell_and_fix(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    distributed = pytest.importorskip("distributed")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    # The jobs carry their notebook's path: patching here reaches the worker processes.
    raising = NOTEBOOKS / "raising_report.ipynb"
    monkeypatch.setattr(jobs, "PROGRESS_NOTEBOOK", raising)
    monkeypatch.setattr(jobs, "NETWORK_NOTEBOOK", raising)
    monkeypatch.setattr(jobs, "DIRECTORY_NOTEBOOK", raising)
    with distributed.LocalCluster(processes=True, n_workers=1, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        code = cli.main(["report", "all", "--data", str(tmp_path), "--out",
                         str(tmp_path / "reports"), "--dask-scheduler",
                         cluster.scheduler_address])
    err = capsys.readouterr().err.splitlines()
    langs = config.LANGUAGES
    stems = [f"progress-SAO0005-2017-01-01_2017-12-31.{lang}" for lang in langs]
    stems += [f"network-all-spaces-2016-01-01_2018-12-31.{lang}" for lang in langs]
    stems += [f"directory-partners.{lang}" for lang in langs]
    assert code == 1
    for line, stem in zip(err, stems, strict=True):
        assert line.startswith(
            f"labmetrics: Report '{stem}', cell 3: ConfigError: milestone 4 is not in the "
            "commitment. Fix: add milestone 4 to the YAML. (in `raise ConfigError(")
        assert line.endswith(f"{stem}.ipynb) Fix: open the kept notebook to see the "
                             "traceback, fix the cause and render again.")


def test_outcomes_keep_the_error_and_its_data_through_pickling(tmp_path: Path) -> None:
    job = _network_jobs(tmp_path, tmp_path)[0]
    error = ReportError("a cell failed.", report=job.report_name, cell=7, fix="fix it.")
    outcome = pickle.loads(pickle.dumps(jobs.JobOutcome(job, error=error)))
    assert isinstance(outcome.error, ReportError) and outcome.error.cell == 7
    assert outcome.message == f"Report '{job.report_name}', cell 7: a cell failed. Fix: fix it."
    other = jobs.JobOutcome(job, error=ConfigError("bad stage.", fix="use midterm."))
    assert pickle.loads(pickle.dumps(other)).message == (
        f"Report '{job.report_name}': bad stage. Fix: use midterm.")
