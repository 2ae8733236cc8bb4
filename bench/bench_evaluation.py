"""Benchmark: the whole evaluation on 1,000,000 synthetic clients, in memory (no database).

Run: .venv/bin/python bench/bench_evaluation.py [--clients N] [--share 0.1]

The clients are generated as pandas frames the way the selectors deliver them from the
database (`neue_wege.evaluation.selectors`): one row per enrollment for the key figures and the
Kaplan–Meier curves, and one row per client with the twelve covariates of the page's matched
comparison. Then it times, with wall clock and peak memory (ru_maxrss: the whole process;
with ``--traced`` also tracemalloc's peak of Python/numpy allocations):

1. the key figures by programme, version, run, location, target group and year, with primary
   and secondary suppression;
2. Kaplan–Meier curves of the time to work by programme (lifelines, with 95 % bands);
3. the matched comparison (four propensity specifications x four neighbour counts chosen by
   balance, bias correction, Abadie–Imbens variance).

Goal (issue 6): under 60 s and under 4 GB for all three. The synthetic effect of taking part
on "in work within 12 months" is known (+0.10), so the estimate doubles as a sanity check.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd

from neue_wege.evaluation.stats import keyfigures, matching, survival

TRUE_EFFECT = 0.10
COVARIATES = ["age", "female", "months_on_benefits", "qual_none", "qual_academic",
              "qual_foreign", "children", "single_parent", "health_limits", "german_basic",
              "prior_work", "in_county"]
"""The twelve of the page's comparison (`selectors.COVARIATE_LABELS`; no Django import here)."""
DATA_DATE = pd.Timestamp("2026-06-30")


def clients(n: int, share: float, seed: int = 2026) -> pd.DataFrame:
    """One row per client: covariates, participation and the 12-month outcome."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 63, n)
    months = rng.gamma(2.0, 14.0, n)
    qualification = rng.choice(4, n, p=[0.4, 0.4, 0.1, 0.1])
    frame = pd.DataFrame({
        "age": age,
        "female": rng.integers(0, 2, n),
        "months_on_benefits": months,
        "qual_none": (qualification == 0).astype(int),
        "qual_academic": (qualification == 2).astype(int),
        "qual_foreign": (qualification == 3).astype(int),
        "children": rng.poisson(0.8, n),
        "single_parent": (rng.random(n) < 0.12).astype(int),
        "health_limits": (rng.random(n) < 0.2).astype(int),
        "german_basic": (rng.random(n) < 0.15).astype(int),
        "prior_work": (rng.random(n) < 0.5).astype(int),
        "in_county": (rng.random(n) < 0.93).astype(int),
    })
    linear = (-0.03 * (age - 40) - 0.01 * (months - 28) + 0.3 * frame.single_parent
              + 0.2 * frame.qual_none)
    intercept = np.log(share / (1 - share)) - float(linear.mean())
    treated = rng.random(n) < 1 / (1 + np.exp(-(intercept + linear)))
    base = np.clip(0.45 - 0.006 * np.maximum(age - 30, 0) - 0.004 * np.minimum(months, 60)
                   + 0.1 * frame.prior_work - 0.1 * frame.german_basic, 0.03, 0.85)
    frame.insert(0, "treated", treated.astype(int))
    frame.insert(1, "in_work", (rng.random(n) < base + TRUE_EFFECT * treated).astype(int))
    return frame


def enrollments(people: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """One row per participant in the selectors' enrollment format (keyfigures' columns)."""
    rng = np.random.default_rng(seed)
    part = people[people.treated == 1]
    n = len(part)
    runs = max(n // 12, 1)
    run = rng.integers(0, runs, n)
    programme = run % 8
    run_start = (pd.Timestamp("2015-01-05")
                 + pd.to_timedelta((run * 3652 // runs).astype("int64"), unit="D"))
    run_end = run_start + pd.Timedelta(days=84)
    works = part.in_work.to_numpy() == 1
    work_start = run_start + pd.to_timedelta(rng.integers(20, 365, n), unit="D")
    exit_on = run_start + pd.to_timedelta(rng.integers(30, 700, n), unit="D")
    completed = rng.random(n) < 0.8
    sa_start = rng.uniform(1.5, 3.5, n)
    return pd.DataFrame({
        "programme": np.char.add("Projekt ", programme.astype(str)),
        "version": 1 + (run % 3),
        "run": np.char.add("Durchlauf ", run.astype(str)),
        "location": np.char.add("Standort ", (run % 6).astype(str)),
        "target_group": np.array(["unter 25", "ab 50", "Alleinerziehende",
                                  "Langzeitleistungsbeziehende", "alle Erwachsenen"])[run % 5],
        "year": run_start.year,
        "completed": np.where(rng.random(n) < 0.05, None, completed),
        "attendance": rng.beta(6, 2, n),
        "run_start": run_start,
        "run_end": run_end,
        "work_start": work_start.where(works),
        "benefit_exit_on": exit_on.where(rng.random(n) < 0.3),
        "in_work_12m": np.where(works, rng.random(n) < 0.8, False),
        "sa_start": sa_start,
        "sa_end": np.where(completed, sa_start + rng.normal(0.3, 0.5, n), np.nan),
    })


TRACE = False


def measure(label: str, work: Callable[[], object]) -> tuple[object, float, float]:
    """Wall time and memory of one step. Peak memory is the process's max RSS (what the goal
    is about); with ``--traced`` also tracemalloc's peak, which slows Python-heavy steps."""
    if TRACE:
        tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    peak = 0
    if TRACE:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    traced = f"   peak traced {peak / 2**20:8.1f} MiB" if TRACE else ""
    print(f"{label:<52} {seconds:7.2f} s{traced}   max RSS {rss:8.1f} MiB", flush=True)
    return result, seconds, peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--traced", action="store_true",
                        help="also trace Python allocations (slower)")
    args = parser.parse_args(argv)
    global TRACE  # noqa: PLW0603
    TRACE = args.traced

    started = time.perf_counter()
    people = clients(args.clients, args.share)
    frame = enrollments(people)
    print(f"{args.clients:,} clients, {len(frame):,} participants, "
          f"{frame['run'].nunique():,} runs; generated in {time.perf_counter() - started:.1f} s;"
          f" Python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}",
          flush=True)

    def tables() -> list[keyfigures.Table]:
        prepared = keyfigures.prepare(frame)
        return [keyfigures.key_figures_prepared(prepared, by) for by in keyfigures.DIMENSIONS]

    built, t1, m1 = measure("key figures (6 tables, with suppression)", tables)
    assert isinstance(built, list)
    leaks = sum(len(keyfigures.derivable_cells(t)) for t in built)
    curves, t2, m2 = measure("Kaplan-Meier by programme (8 curves, 95 % bands)",
                             lambda: survival.curves_by(frame, "programme", DATA_DATE, limit=8))
    assert isinstance(curves, list)
    covariates = COVARIATES
    result, t3, m3 = measure(
        "matched comparison (12 covariates, 4 x 4 candidates)",
        lambda: matching.match_att(people, treatment="treated", outcome="in_work",
                                   covariates=covariates))
    assert isinstance(result, matching.MatchResult)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    traced = f"; largest traced peak {max(m1, m2, m3) / 2**20:.0f} MiB" if TRACE else ""
    print(f"total {t1 + t2 + t3:.1f} s{traced}; process max RSS {rss:.0f} MiB")
    print(f"key figures: {sum(len(t.rows) for t in built):,} rows, derivable hidden cells: "
          f"{leaks}; KM: {len(curves)} curves, median days "
          f"{[c.median_days for c in curves][:3]}...")
    print(f"ATT {result.att:.4f} (true {TRUE_EFFECT}), 95 % CI {result.ci95[0]:.4f} to "
          f"{result.ci95[1]:.4f}; raw difference {result.raw_difference:.4f}; spec: "
          f"{result.propensity_spec}, {result.n_neighbours} neighbour(s); max |SMD| before "
          f"{result.max_abs_smd_before:.3f}, after {result.max_abs_smd_after:.3f}")


if __name__ == "__main__":
    main()
