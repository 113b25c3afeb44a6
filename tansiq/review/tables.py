"""Match decisions as a table for the linkage engine (must-link / cannot-link constraints)."""

from __future__ import annotations

import pandas as pd

from tansiq.review.models import MatchDecision

DECISION_COLUMNS = ("record_id_l", "record_id_r", "decision")


def decisions_table() -> pd.DataFrame:
    """Every match decision as `record_id_l, record_id_r, decision` (record ids are `uid`s).

    This is the `decisions` argument of `tansiq.linkage.cluster_pairs`: `same` is a must-link,
    `different` a cannot-link, `unsure` is ignored.
    """
    rows = MatchDecision.objects.order_by("pk").values_list(
        "record_a__uid", "record_b__uid", "decision"
    )
    return pd.DataFrame(list(rows), columns=list(DECISION_COLUMNS))
