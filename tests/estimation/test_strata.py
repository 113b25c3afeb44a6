"""Strata: refusals with reasons, per-stratum estimates and their combination."""

from __future__ import annotations

import numpy as np
import pytest

from tansiq.estimation import CaptureTable, estimate_strata, refusal_reason

from .conftest import simulate_table


def stratified(*parts: tuple[str, CaptureTable]) -> CaptureTable:
    lists = parts[0][1].lists
    patterns = np.vstack([t.patterns for _, t in parts])
    counts = np.concatenate([t.counts for _, t in parts])
    values = tuple((label,) for label, t in parts for _ in range(len(t.counts)))
    return CaptureTable(lists, patterns, counts, ("governorate",), values)


def two_lists_only() -> CaptureTable:
    return CaptureTable(
        ("A", "B", "C"), np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0]]), np.array([40, 30, 10])
    )


def test_stratum_recorded_by_fewer_than_three_lists_is_refused() -> None:
    reason = refusal_reason(two_lists_only())
    assert reason is not None and "at least 3" in reason


def test_stratum_with_too_few_records_is_refused() -> None:
    table = CaptureTable(
        ("A", "B", "C"), np.array([[1, 0, 0], [0, 1, 1], [1, 1, 1]]), np.array([5, 3, 2])
    )
    reason = refusal_reason(table)
    assert reason is not None and "10 documented persons" in reason


def test_stratum_where_nobody_is_on_two_lists_is_refused() -> None:
    table = CaptureTable(("A", "B", "C"), np.eye(3, dtype=np.uint8), np.array([50, 40, 30]))
    reason = refusal_reason(table)
    assert reason is not None and "more than one list" in reason


def test_refused_strata_get_no_number_and_are_reported(independent_table: CaptureTable) -> None:
    table = stratified(("SY01", independent_table), ("SY09", two_lists_only()))
    result = estimate_strata(table, "loglinear", seed=1, bootstrap=30)
    assert set(result.estimates) == {"SY01"}
    assert [r.stratum for r in result.refusals] == ["SY09"]
    assert result.documented_refused == 80
    assert result.documented == independent_table.documented + 80
    summary = result.summary()
    assert summary["refused"][0]["refused"].startswith("only 2 list(s)")
    assert "SY09" not in summary["strata"]
    assert result.combined is not None
    assert any("80 documented persons in 1 refused" in w for w in result.combined.warnings)
    assert not any("refused" in w for w in result.estimates["SY01"].warnings)


def test_lcmcr_strata_combine_by_summing_posterior_draws() -> None:
    north = simulate_table(1500, [0.6, 0.4], [[0.2, 0.15, 0.2], [0.6, 0.5, 0.6]], seed=1)
    south = simulate_table(800, [1.0], [[0.35, 0.3, 0.4]], seed=2)
    table = stratified(("north", north), ("south", south))
    result = estimate_strata(table, "lcmcr", seed=3, iterations=4_000, burn_in=2_000, chains=2)
    combined = result.combined
    assert combined is not None and combined.draws is not None
    assert combined.documented == north.documented + south.documented
    parts = [result.estimates["north"], result.estimates["south"]]
    assert combined.estimate == pytest.approx(sum(p.estimate for p in parts), rel=0.03)
    # The sum's interval is narrower than the sum of the intervals (independent errors), on
    # both sides. (Not a check of the truth, 2,300: three lists cannot identify north's
    # heterogeneity, and its long-run posterior interval, about 1,100-1,460, misses its 1,500.)
    assert sum(p.lower for p in parts) < combined.lower
    assert combined.upper < sum(p.upper for p in parts)


def test_every_stratum_refused_gives_no_combined_estimate() -> None:
    table = stratified(("a", two_lists_only()), ("b", two_lists_only()))
    result = estimate_strata(table, "lcmcr", seed=1)
    assert result.combined is None
    assert len(result.refusals) == 2


def test_unknown_method_is_refused(independent_table: CaptureTable) -> None:
    with pytest.raises(ValueError, match="method"):
        estimate_strata(independent_table, "petersen")


def test_list_that_recorded_nobody_in_a_stratum_is_named_in_its_warnings() -> None:
    four = simulate_table(600, [1.0], [[0.4, 0.35, 0.45, 0.3]], seed=5, names="ABCD")
    empty_d = CaptureTable(
        four.lists,
        np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 1, 0], [1, 1, 0, 0]]),
        np.array([30, 25, 20, 8, 6]),
    )
    result = estimate_strata(
        stratified(("SY01", four), ("SY02", empty_d)), "loglinear", seed=1, bootstrap=20
    )
    assert result.estimates["SY02"].lists == ("A", "B", "C")
    assert "left out list(s) that recorded nobody here: D" in result.estimates["SY02"].warnings
    assert not any("left out" in w for w in result.estimates["SY01"].warnings)


def test_bound_on_n_is_applied_per_stratum() -> None:
    table = simulate_table(300, [1.0], [[0.1, 0.1, 0.1]], seed=4)
    result = estimate_strata(
        table, "lcmcr", seed=3, max_n_factor=2.0, iterations=1000, burn_in=200, chains=2
    )
    estimate = result.estimates["all"]
    assert estimate.diagnostics["max_n"] == 2.0 * table.documented
    assert estimate.draws is not None and estimate.draws.max() <= 2.0 * table.documented
