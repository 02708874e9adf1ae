"""Report plans (labmetrics.report.plan): what `report all` renders, read and checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labmetrics import config
from labmetrics.commitment.schema import schema_errors
from labmetrics.errors import ConfigError
from labmetrics.report import jobs
from labmetrics.report.plan import plan_schema, read_plan, single_entry_plan


def test_the_bundled_plan_renders_both_bundled_commitments_in_every_language() -> None:
    plan = read_plan(config.DEFAULT_PLAN)
    assert [(e.commitment, e.city, e.out) for e in plan.entries] == [
        ("SAO0005", "sao-paulo", "SAO0005"), ("MVD-EJEMPLO", "montevideo", "MVD-EJEMPLO")]
    assert all(e.languages == config.LANGUAGES for e in plan.entries)
    assert plan.entries[0].data == config.SAMPLE_DIR.resolve()
    assert plan.entries[1].progress == (("2017-07-01", "2018-06-30"),)
    assert plan.jobs == 2 * 3 * len(config.LANGUAGES)


def test_the_published_schema_is_what_the_code_builds_and_the_bundled_plan_passes() -> None:
    published = json.loads((config.DOCS_DIR / "schemas" / "plan.schema.json").read_text(
        encoding="utf-8"))
    assert published == plan_schema(), "run `make docs` to write docs/schemas/ again"
    import yaml

    data = yaml.safe_load(config.DEFAULT_PLAN.read_text(encoding="utf-8"))
    assert schema_errors(data, plan_schema()) == []
    assert schema_errors({"reports": [{"commitment": "X", "data": "d", "colour": 1}]},
                         plan_schema()) != []


def test_every_key_of_the_schema_is_documented() -> None:
    doc = (config.DOCS_DIR / "report-plan.md").read_text(encoding="utf-8")
    schema = plan_schema()
    keys = [*schema["properties"], *schema["properties"]["reports"]["items"]["properties"]]
    assert [k for k in keys if f"| `{k}` |" not in doc] == []


def _plan(tmp_path: Path, body: str) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    path = tmp_path / "plan.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_paths_are_read_from_the_plan_folder_and_entries_get_their_folder(tmp_path) -> None:
    commitment = tmp_path / "mine.yaml"
    commitment.write_text((config.COMMITMENTS_DIR / "MVD-EJEMPLO.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    plan = read_plan(_plan(tmp_path, """languages: [es]
reports:
  - commitment: mine.yaml
    data: data
    out: mvd
    network: ["2017-01-01:2017-12-31", "2018-01-01:2018-12-31"]
    directory: false
    freq: month
  - commitment: SAO0005
    data: data
    progress: ["2017-01-01:2017-06-30"]
    languages: [pt-BR, en]
    stage: midterm
"""))
    mine, sao = plan.entries
    assert (mine.commitment, mine.commitment_file, mine.assessment) == (
        "MVD-EJEMPLO", commitment, None)
    assert (mine.data, mine.out, mine.languages, mine.freq) == (
        tmp_path / "data", "mvd", ("es",), "month")
    assert mine.network == (("2017-01-01", "2017-12-31"), ("2018-01-01", "2018-12-31"))
    assert (sao.out, sao.stage, sao.languages, sao.directory) == (
        "SAO0005", "midterm", ("pt-BR", "en"), True)
    assert plan.jobs == 2 + 2 * 2
    built_for = tmp_path / "processed-mvd"  # a processed folder says its city
    built_for.mkdir()
    (built_for / "manifest.json").write_text('{"city": "montevideo"}', encoding="utf-8")
    built = jobs.plan_jobs(plan, {0: built_for, 1: tmp_path}, tmp_path / "out")
    assert [(j.kind, j.lang, j.out_html.parent.name, j.home) for j in built] == [
        ("network", "es", "mvd", "../index.html"), ("network", "es", "mvd", "../index.html"),
        ("progress", "pt-BR", "SAO0005", "../index.html"),
        ("progress", "en", "SAO0005", "../index.html"),
        ("directory", "pt-BR", "SAO0005", "../index.html"),
        ("directory", "en", "SAO0005", "../index.html")]
    assert built[0].meta["commitment"] == "MVD-EJEMPLO" and built[0].meta["city"] == "montevideo"


@pytest.mark.parametrize(("body", "key", "words"), [
    ("reports:\n  - commitment: XYZ0001\n    data: data\n"
     "    progress: [\"2017-01-01:2017-12-31\"]\n",
     "reports[0].commitment", "no commitment file"),
    ("reports:\n  - commitment: SAO0005\n    data: nowhere\n    directory: true\n",
     "reports[0].data", "does not exist"),
    ("reports:\n  - commitment: SAO0005\n    data: data\n    progress: [\"2017-01-01\"]\n",
     "reports[0].progress[0]", "is not a period"),
    ("reports:\n  - commitment: SAO0005\n    data: data\n"
     "    progress: [\"2017-12-01:2017-01-01\"]\n",
     "reports[0].progress[0]", "ends before it starts"),
    ("languages: [fr]\nreports:\n  - commitment: SAO0005\n    data: data\n",
     "languages[0]", "not a language"),
    ("reports:\n  - commitment: SAO0005\n    data: data\n    colour: blue\n",
     "reports[0].colour", "unknown key"),
    ("reports:\n  - commitment: SAO0005\n    data: data\n    directory: false\n",
     "reports[0]", "asks for no report"),
    ("reports:\n  - commitment: SAO0005\n    data: data\n  - commitment: SAO0005\n"
     "    data: data\n", "reports[1].out", "both write into"),
])
def test_a_wrong_plan_is_refused_with_its_line_key_and_fix(tmp_path, body, key, words) -> None:
    path = _plan(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        read_plan(path)
    error = info.value
    assert error.file == str(path) and error.line is not None and error.fix
    assert error.message.startswith(f"{key}:") and words in error.message


def test_report_all_refuses_a_plan_and_a_data_folder_together(tmp_path, capsys) -> None:
    from labmetrics import cli

    path = _plan(tmp_path, "reports:\n  - commitment: SAO0005\n    data: data\n")
    code = cli.main(["report", "all", "--plan", str(path), "--data", str(tmp_path)])
    assert code == 2
    assert "--plan and --data" in capsys.readouterr().err


def test_a_data_folder_alone_renders_the_default_commitment_into_the_folder(tmp_path) -> None:
    plan = single_entry_plan(data=tmp_path)
    (entry,) = plan.entries
    assert (entry.commitment, entry.out, entry.city) == ("SAO0005", "", None)
    built = jobs.plan_jobs(plan, {0: tmp_path}, tmp_path / "out")
    assert [j.kind for j in built] == ["progress"] * 3 + ["network"] * 3 + ["directory"] * 3
    assert {j.home for j in built} == {"index.html"}
    assert {j.out_html.parent for j in built} == {(tmp_path / "out").resolve()}
