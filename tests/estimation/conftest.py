"""Fixtures for the estimation engine: small simulated capture tables with known totals."""

from __future__ import annotations

import numpy as np
import pytest

from tansiq.estimation import CaptureTable


def simulate_table(
    total: int,
    class_share: list[float],
    capture: list[list[float]],
    seed: int,
    names: str = "ABCDEF",
) -> CaptureTable:
    """Capture histories of `total` persons from a latent-class world, tabulated by pattern.

    `capture[c][j]` is the probability that list j records a person of class c.
    """
    rng = np.random.default_rng(seed)
    probs = np.asarray(capture)
    classes = rng.choice(len(class_share), size=total, p=class_share)
    seen = (rng.random((total, probs.shape[1])) < probs[classes]).astype(np.uint8)
    seen = seen[seen.sum(axis=1) > 0]
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    return CaptureTable(tuple(names[: probs.shape[1]]), patterns, counts)


@pytest.fixture(scope="session")
def heterogeneous_table() -> CaptureTable:
    """2,000 persons, 4 lists; a hard-to-record majority (70%) and an easy minority."""
    return simulate_table(
        2000,
        [0.7, 0.3],
        [[0.15, 0.1, 0.2, 0.12], [0.6, 0.5, 0.7, 0.55]],
        seed=11,
    )


@pytest.fixture(scope="session")
def independent_table() -> CaptureTable:
    """3,000 persons, 3 independent lists."""
    return simulate_table(3000, [1.0], [[0.3, 0.25, 0.2]], seed=5)
