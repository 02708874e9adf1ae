"""Milestone 1's indicators: the collaborative mapping of groups and the network of partners.

Cumulative figures (groups mapped, network partners, contributors) count rows dated on or
before the end of the period; "in period" figures count rows dated inside it.
"""

from __future__ import annotations

from labmetrics.evidence.results import Indicator
from labmetrics.evidence.window import (
    DAY,
    Window,
    count_by,
    id_pairs,
    make_indicator,
    public_rows,
)
from labmetrics.schema import GROUP_KINDS

# The indicators compute_milestone_1 computes, in the order it returns them: the evidence computes
# a milestone's indicators only when one of them is asked for.
INDICATOR_IDS = (
    "groups_mapped",
    "groups_mapped_in_period",
    "mapping_contributors",
    "network_partners",
    "spaces_with_partners",
)


def compute_milestone_1(w: Window) -> list[Indicator]:
    """The mapping and network indicators of the period ``w``, in registry order."""
    mapped, partners = w.groups, w.partners
    new = mapped.loc[mapped["mapped_on"] >= w.start]
    by = mapped["mapped_by"].astype("string").str.strip()
    contributed = mapped.loc[by.notna() & (by != "")]
    contributors = (contributed.assign(mapped_by=by)
                    .groupby("mapped_by", sort=True).size().rename("groups").reset_index())

    pairs = id_pairs(partners, "group_id", "partner_space_ids", "space_id")
    per_space = pairs.groupby("space_id").size().rename("network_partners")
    spaces = w.all_spaces.loc[w.all_spaces["opened_on"] < w.end + DAY]
    spaces = spaces.assign(network_partners=spaces["space_id"].map(per_space)
                           .fillna(0).astype("int64"))
    partner_rows = public_rows(spaces, "spaces", "network_partners")
    return [
        make_indicator("groups_mapped", len(mapped), public_rows(mapped, "groups"),
                       count_by(mapped, "kind", GROUP_KINDS, "groups")),
        make_indicator("groups_mapped_in_period", len(new), public_rows(new, "groups"),
                       count_by(new, "kind", GROUP_KINDS, "groups")),
        # One row per contributor, as the indicator counts them (not per group mapped).
        make_indicator("mapping_contributors", len(contributors), contributors,
                       contributors),
        make_indicator("network_partners", len(partners), public_rows(partners, "groups"),
                       count_by(partners, "kind", GROUP_KINDS, "groups")),
        make_indicator("spaces_with_partners", int((spaces["network_partners"] > 0).sum()),
                       partner_rows,
                       partner_rows[["space_id", "name", "network_partners"]]
                       .sort_values(["network_partners", "space_id"], ascending=[False, True])
                       .reset_index(drop=True),
                       distinct=int(pairs.loc[pairs["space_id"].isin(spaces["space_id"]),
                                              "group_id"].nunique())),
    ]
