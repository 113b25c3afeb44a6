"""tansiq's estimates on published capture-recapture tables, beside the published figures.

Tables and citations: tansiq/estimation/data/SOURCES.md.

    .venv/bin/python bench/bench_estimation_published.py
"""

from __future__ import annotations

import csv
from importlib.resources import files

from tansiq.estimation import CaptureTable, estimate_lcmcr, estimate_loglinear, fit_loglinear

DATA = files("tansiq.estimation") / "data"


def load(name: str) -> CaptureTable:
    return CaptureTable.from_patterns_csv(str(DATA / name))


def published_fits() -> None:
    """Every model of published_fits.csv: the printed figures beside tansiq's fit of that model."""
    rows = list(
        csv.DictReader((DATA / "published_fits.csv").read_text(encoding="utf-8").splitlines())
    )
    print("Log-linear models as published (same model; N in persons, deviance on df)")
    print(f"  {'table':<26} {'model':<44} {'published N':>11} {'tansiq N':>9} "
          f"{'pub. dev':>8} {'dev':>7} {'df':>3}")  # fmt: skip
    for row in rows:
        table = load(row["table"])
        terms = [t.split(":") for t in filter(None, row["interactions"].split("+"))]
        fit = fit_loglinear(table, [tuple(table.lists.index(n) for n in t) for t in terms])
        assert fit is not None
        model = row["interactions"] or "independence (Mt)"
        model = model if len(model) <= 44 else model[:41] + "..."
        print(
            f"  {row['table']:<26} {model:<44} {row['N'] or '-':>11} {fit.N:>9.1f} "
            f"{row['deviance'] or '-':>8} {abs(fit.deviance):>7.2f} {fit.df:>3}"
        )
    print()


def seber() -> None:
    table = load("seber_1982_p107.csv")
    fit = fit_loglinear(table)
    assert fit is not None
    print("Seber (1982) p.107, 2 lists, 1,202 documented")
    print("  published  Lincoln-Petersen / Mt (Rcapture)   2389.9")
    print(f"  tansiq     independence log-linear model        {fit.N:.1f}")


def diabetes() -> None:
    table = load("diabetes_casale_1988.csv")
    print(f"\nDiabetes, Casale Monferrato 1988, 4 lists, {table.documented:,} documented")
    print("  published  Bruno et al.: completeness 91%                       ~2274")
    print(
        "  published  Rivest (2011), Mth normal + c1:c3 c2:c4 c3:c4         2763.5 (2592.3-2990.8)"
    )
    fixed = fit_loglinear(table, [(0, 2), (1, 3), (2, 3)])
    assert fixed is not None
    print(f"  tansiq     log-linear c1:c3 c2:c4 c3:c4, no heterogeneity     {fixed.N:.1f}")
    for criterion in ("bic", "aic"):
        e = estimate_loglinear(table, criterion, bootstrap=500, seed=1)
        d = e.diagnostics
        print(
            f"  tansiq     log-linear {criterion.upper()}-selected {d['selected_model_rcapture']:<18}"
            f"{e.estimate:.1f} ({e.lower:.1f}-{e.upper:.1f}, profile); "
            f"{criterion.upper()}-averaged {d['averaged_estimate']:.1f}"
        )
    e = estimate_lcmcr(
        table,
        K=10,
        iterations=200_000,
        burn_in=50_000,
        thin=100,
        chains=4,
        seed=1,
        max_iterations=200_000,
    )
    print(
        f"  tansiq     LCMCR K=10, 4 chains x 2,000 draws                 "
        f"{e.estimate:.1f} ({e.lower:.1f}-{e.upper:.1f}); R-hat {e.diagnostics['rhat']:.3f}, "
        f"ESS {e.diagnostics['ess']:.0f}"
    )
    for w in e.warnings:
        print(f"             warning: {w}")


if __name__ == "__main__":
    published_fits()
    seber()
    diabetes()
