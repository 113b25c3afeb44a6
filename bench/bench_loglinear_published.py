"""Log-linear models on the published tables: the published best model, N and deviance beside
the model tansiq selects (BIC, every hierarchical model up to (t-1)-way terms as Rcapture's
closedpMS.t, stepwise beyond five lists), its N, deviance, profile interval and the AIC/BIC
model averages; then every published fit beside tansiq's fit of the same model.

Tables and citations: tansiq/estimation/data/SOURCES.md; published figures:
tansiq/estimation/data/published_fits.csv.

    nice -n 10 .venv/bin/python bench/bench_loglinear_published.py
"""

from __future__ import annotations

import csv
import time
from importlib.resources import files

from tansiq.estimation import CaptureTable, estimate_loglinear, fit_loglinear

DATA = files("tansiq.estimation") / "data"
ROWS = list(csv.DictReader((DATA / "published_fits.csv").read_text(encoding="utf-8").splitlines()))


def load(name: str) -> CaptureTable:
    return CaptureTable.from_patterns_csv(str(DATA / name))


def terms_of(table: CaptureTable, spec: str) -> list[tuple[int, ...]]:
    return [
        tuple(table.lists.index(n) for n in t.split(":")) for t in filter(None, spec.split("+"))
    ]


def rcapture_name(table: CaptureTable, spec: str) -> str:
    fit = fit_loglinear(table, terms_of(table, spec))
    return fit.rcapture_name() if fit is not None else "(no estimate)"


def selected_models() -> None:
    print(
        "Selected model per table (tansiq: BIC; published: the source's choice where it made one)"
    )
    head = f"  {'table':<26} {'':<9} {'model':<22} {'N':>9} {'deviance':>9} {'df':>4}"
    print(head + f"  {'95% interval':<19} {'BIC avg':>8} {'AIC avg':>8} {'models':>6} {'s':>5}")
    for name in dict.fromkeys(r["table"] for r in ROWS):
        table = load(name)
        if table.n_lists < 3:
            continue
        label = name
        for row in (r for r in ROWS if r["table"] == name and r["selected"] == "yes"):
            model = rcapture_name(table, row["interactions"])
            print(f"  {label:<26} {'published':<9} {model:<22} {row['N']:>9} "
                  f"{row['deviance'] or '-':>9} {row['df']:>4}")  # fmt: skip
            label = ""
        start = time.perf_counter()
        e = estimate_loglinear(table, "bic", bootstrap=200, seed=1)
        seconds = time.perf_counter() - start
        aic = estimate_loglinear(table, "aic", bootstrap=20, seed=1)
        d = e.diagnostics
        interval = f"{e.lower:,.1f}-{e.upper:,.1f}"
        print(f"  {label:<26} {'tansiq':<9} {d['selected_model_rcapture']:<22} {e.estimate:>9.1f} "
              f"{d['selected_deviance']:>9.3f} {d['selected_df']:>4}  {interval:<19} "
              f"{d['averaged_estimate']:>8.1f} {aic.diagnostics['averaged_estimate']:>8.1f} "
              f"{d['models_fitted']:>6} {seconds:>5.1f}")  # fmt: skip
        if aic.diagnostics["selected_model_rcapture"] != d["selected_model_rcapture"]:
            print(f"  {'':<26} {'(AIC)':<9} {aic.diagnostics['selected_model_rcapture']:<22} "
                  f"{aic.estimate:>9.1f} {aic.diagnostics['selected_deviance']:>9.3f} "
                  f"{aic.diagnostics['selected_df']:>4}")  # fmt: skip
        for w in e.warnings:
            print(f"  {'':<36} warning: {w[:110]}")
    print()


def published_fits() -> None:
    print("Every published fit beside tansiq's fit of the same model (N in persons)")
    print(f"  {'table':<26} {'model':<22} {'published N':>11} {'tansiq N':>9} "
          f"{'pub. dev':>9} {'dev':>8} {'df':>4}")  # fmt: skip
    for row in ROWS:
        table = load(row["table"])
        fit = fit_loglinear(table, terms_of(table, row["interactions"]))
        assert fit is not None
        print(f"  {row['table']:<26} {fit.rcapture_name():<22} {row['N'] or '-':>11} "
              f"{fit.N:>9.1f} {row['deviance'] or '-':>9} {abs(fit.deviance):>8.3f} {fit.df:>4}")  # fmt: skip


if __name__ == "__main__":
    selected_models()
    published_fits()
