"""Benchmark: the matched comparison on 1,000,000 synthetic clients (5 % treated).

Run: .venv/bin/python bench/bench_matching.py [--clients N] [--share 0.05]

Prints wall time and peak memory (tracemalloc: peak of Python/numpy allocations during the
call; ru_maxrss: peak resident size of the whole process) for
1. the nearest-neighbour search alone (sorted search on the propensity logit), and
2. the whole estimate: four propensity specifications x four neighbour counts chosen by balance,
   bias correction and Abadie–Imbens variance.
The synthetic effect is known (2.0), so the printed estimate doubles as a sanity check.
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

from neue_wege.evaluation.stats import matching

TRUE_EFFECT = 2.0


def clients(n: int, share: float, seed: int = 20250101) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.normal(40, 11, n)
    months_unemployed = rng.gamma(2.0, 8.0, n)
    woman = rng.integers(0, 2, n).astype(float)
    no_degree = (rng.random(n) < 0.3).astype(float)
    children = rng.poisson(1.0, n).astype(float)
    linear = 0.02 * (age - 40) + 0.03 * months_unemployed + 0.3 * woman + 0.4 * no_degree
    # Shift the intercept so that about `share` of the clients take part.
    intercept = np.log(share / (1 - share)) - float(np.mean(linear))
    treated = (rng.random(n) < 1 / (1 + np.exp(-(intercept + linear)))).astype(int)
    outcome = (
        0.05 * age - 0.04 * months_unemployed + 0.5 * woman - 0.8 * no_degree
        + 0.1 * children + TRUE_EFFECT * treated + rng.normal(0, 2, n)
    )
    return pd.DataFrame({"treated": treated, "outcome": outcome, "age": age,
                         "months_unemployed": months_unemployed, "woman": woman,
                         "no_degree": no_degree, "children": children})


def measure(label: str, work: Callable[[], object]) -> object:
    tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{label:<45} {seconds:8.2f} s   peak traced {peak / 2**20:8.1f} MiB   "
          f"max RSS {rss:8.1f} MiB")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--share", type=float, default=0.05)
    args = parser.parse_args(argv)

    data = clients(args.clients, args.share)
    n_treated = int(data.treated.sum())
    print(f"{args.clients:,} clients, {n_treated:,} treated, {args.clients - n_treated:,} controls"
          f"; Python {sys.version.split()[0]}, numpy {np.__version__}")

    rng = np.random.default_rng(1)
    logit_c = np.sort(rng.normal(size=args.clients - n_treated))
    logit_t = rng.normal(0.5, 1, n_treated)
    measure("nearest-neighbour search (4 neighbours)",
            lambda: matching._nearest(logit_c, logit_t, 4))

    covariates = ["age", "months_unemployed", "woman", "no_degree", "children"]
    result = measure(
        "whole estimate (4 specs x 4 neighbour counts)",
        lambda: matching.match_att(data, treatment="treated", outcome="outcome",
                                   covariates=covariates),
    )
    assert isinstance(result, matching.MatchResult)
    print(f"ATT {result.att:.3f} (true {TRUE_EFFECT}), 95 % CI {result.ci95[0]:.3f} to "
          f"{result.ci95[1]:.3f}; spec: {result.propensity_spec}, {result.n_neighbours} "
          f"neighbour(s); matched treated {result.n_treated:,}, distinct controls "
          f"{result.n_matched_controls:,}; max |SMD| before {result.max_abs_smd_before:.3f}, "
          f"after {result.max_abs_smd_after:.3f}")


if __name__ == "__main__":
    main()
