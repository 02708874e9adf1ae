"""The data model is the data dictionary: the committed Markdown matches the code."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

from labmetrics import config, schema


def test_data_dictionary_is_rendered_from_the_schema() -> None:
    committed = (config.DOCS_DIR / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == schema.render_data_dictionary(), "run `make docs` and commit the result"


def test_every_column_and_alias_is_documented() -> None:
    text = schema.render_data_dictionary()
    for ds in schema.DATASETS.values():
        for col in ds.columns:
            assert f"`{col.name}`" in text
            for alias in col.aliases:
                assert f"`{alias}`" in text


def test_contact_columns_are_personal_and_never_public() -> None:
    assert schema.DATASETS["groups"].personal == ["contact_name", "contact_email",
                                                  "contact_phone"]
    public = schema.public_columns("groups")
    assert not set(public) & {"contact_name", "contact_email", "contact_phone"}
    assert "name" in public


def test_aliases_do_not_collide_within_a_dataset() -> None:
    for ds in schema.DATASETS.values():
        owners: dict[str, set[str]] = {}
        for c in ds.columns:
            for n in (c.name, *c.aliases):
                owners.setdefault(schema.fold(n), set()).add(c.name)
        shared = {n: cols for n, cols in owners.items() if len(cols) > 1}
        assert shared == {}, ds.name


def test_portuguese_values_map_to_known_codes() -> None:
    known = {code for ds in schema.DATASETS.values() for c in ds.columns for code in c.codes}
    assert set(schema.VALUE_ALIASES.values()) <= known


def test_pandera_schema_rejects_a_code_outside_the_list() -> None:
    usage = pd.DataFrame({
        "date": pd.to_datetime(["2017-05-02"]).astype("datetime64[ns]"),
        "space_id": pd.array(["mobilab"], dtype="string"),
        "group_id": pd.array(["G1"], dtype="string"),
        "format": pd.array(["party"], dtype="string"),
        "hours": [2.0],
        "participants": pd.array([3], dtype="Int64"),
    })
    with pytest.raises(pandera.errors.SchemaError):
        schema.pandera_schema("usage").validate(usage)
    usage["format"] = pd.array(["coworking"], dtype="string")
    assert len(schema.pandera_schema("usage").validate(usage)) == 1
