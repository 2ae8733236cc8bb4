"""Propensity-score matching for the average treatment effect on the treated (ATT).

Pure Python (numpy, pandas, scipy, statsmodels); no Django. The method, its choices and its
limits are written up in ``docs/evaluation.md``. In short:

1. **Propensity model, chosen by balance.** A logit of treatment on the covariates is fitted
   with statsmodels for four specifications — main effects; plus squares of the continuous
   covariates; plus all pairwise interactions; plus the second-order terms picked stepwise by a
   score test (Imbens & Rubin 2015). The specification and the number of neighbours (1–4, unless
   given) whose matched sample has the smallest maximum absolute standardised mean difference
   (SMD) — over the covariates, the squares of the continuous ones and all pairwise products,
   so the joint distribution and not only the means must agree — are kept; a simpler choice
   wins near-ties. The outcome is never looked at. A
   specification that does not converge or separates the groups is skipped.
2. **Matching.** Every treated unit gets its ``M`` nearest controls, with replacement, on the
   logit of the propensity score (a sorted search, ``O(n log n)``), within a caliper of
   ``caliper_sd`` (default 0.2) pooled standard deviations of that logit (Austin 2011). Treated
   units with no control inside the caliper are left out and counted.
3. **Bias correction** (Abadie & Imbens 2011): the imputed untreated outcome of a treated unit
   is its matched controls' outcome plus ``mu0(X_treated) - mu0(X_control)``, where ``mu0`` is a
   linear regression of the outcome on the covariates in the matched controls, weighted by how
   often each control is used. It removes the bias left by inexact matches.
4. **Variance** (Abadie & Imbens 2006, population ATT): the heterogeneity of the unit-level
   effects of the treated plus, for every control used ``K`` times, ``K(K-1)/M^2`` times its
   conditional outcome variance, estimated by matching it to its two nearest fellow controls.
   The bootstrap is not used: Abadie & Imbens (2008) show it is invalid for nearest-neighbour
   matching with replacement. The 95 % interval is ``att +/- 1.96 * se``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.discrete.discrete_model import Logit
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    HessianInversionWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

CALIPER_SD = 0.2
"""Caliper width in standard deviations of the propensity logit (Austin 2011)."""

VARIANCE_NEIGHBOURS = 2
"""Fellow controls used to estimate a control's conditional outcome variance (as Stata's nn(2))."""

SPEC_TIE_TOLERANCE = 0.01
"""A richer specification (or more neighbours) must beat a simpler one's max |SMD| by more."""

NEIGHBOUR_OPTIONS = (1, 2, 3, 4)
"""Numbers of neighbours tried when none is given; chosen by balance like the specification."""

SPEC_MAIN = "Haupteffekte"
SPEC_SQUARES = "Haupteffekte + Quadrate"
SPEC_INTERACTIONS = "Haupteffekte + Quadrate + Wechselwirkungen"
SPEC_STEPWISE = "Haupteffekte + schrittweise Terme (Imbens/Rubin)"
SPECS = (SPEC_MAIN, SPEC_SQUARES, SPEC_INTERACTIONS, SPEC_STEPWISE)

FIT_SAMPLE = 20_000
"""Largest number of rows a propensity model is fitted on; beyond it, a case-control subsample
(all or half of it treated) is used and the fitted model is applied to every row."""

STEPWISE_THRESHOLD = 2.71
"""Score statistic a second-order term needs to enter the stepwise specification (chi2(1), 10 %)."""


class MatchingError(ValueError):
    """The data cannot be analysed; the message is German and meant for the user."""


@dataclass(frozen=True)
class MatchResult:
    """The matched comparison of treated units with their nearest controls."""

    att: float
    """Bias-corrected average effect on the treated (outcome units)."""
    ci95: tuple[float, float]
    standard_error: float
    att_unadjusted: float
    """The same matched comparison without the bias correction."""
    raw_difference: float
    """Mean outcome of all treated minus mean outcome of all controls, before matching."""
    n_treated: int
    """Treated units in the estimate (those with a control inside the caliper)."""
    n_treated_total: int
    n_treated_unmatched: int
    n_controls_total: int
    n_matched_controls: int
    """Distinct controls used at least once."""
    n_neighbours: int
    caliper: float
    """Caliper on the logit scale."""
    propensity_spec: str
    smd_before: dict[str, float]
    smd_after: dict[str, float]
    specs_tried: dict[str, float | None] = field(default_factory=dict)
    """Every specification tried with its max |SMD| after matching (None: could not be fitted)."""

    @property
    def max_abs_smd_before(self) -> float:
        return max((abs(v) for v in self.smd_before.values()), default=0.0)

    @property
    def max_abs_smd_after(self) -> float:
        return max((abs(v) for v in self.smd_after.values()), default=0.0)

    def to_dict(self) -> dict:
        """JSON-ready figures; the first six keys are the command line's contract."""
        return {
            "att": self.att,
            "ci95": [self.ci95[0], self.ci95[1]],
            "n_treated": self.n_treated,
            "n_matched_controls": self.n_matched_controls,
            "smd_before": dict(self.smd_before),
            "smd_after": dict(self.smd_after),
            "standard_error": self.standard_error,
            "att_unadjusted": self.att_unadjusted,
            "raw_difference": self.raw_difference,
            "n_treated_total": self.n_treated_total,
            "n_treated_unmatched": self.n_treated_unmatched,
            "n_controls_total": self.n_controls_total,
            "propensity_spec": self.propensity_spec,
            "caliper": self.caliper,
            "specs_tried": dict(self.specs_tried),
        }


@dataclass(frozen=True)
class _Matches:
    """Matched pairs: treated row, control row, weight ``1/M_i`` (indices into the groups)."""

    treated: np.ndarray
    control: np.ndarray
    weight: np.ndarray
    n_treated_matched: int
    treated_matched: np.ndarray
    """Indices (into the treated group) of the treated units with at least one match."""


# --------------------------------------------------------------------------------------------
# Input checks


def _prepare(
    data: pd.DataFrame, treatment: str, outcome: str, covariates: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    covariates = list(covariates)
    if not covariates:
        raise MatchingError("Es wurde keine Kovariate angegeben (mindestens eine ist nötig).")
    if treatment == outcome:
        raise MatchingError("Behandlung und Ergebnis müssen verschiedene Spalten sein.")
    clash = [c for c in covariates if c in (treatment, outcome)]
    if clash:
        raise MatchingError(
            "Behandlung oder Ergebnis dürfen nicht zugleich Kovariate sein: " + ", ".join(clash)
        )
    doubled = sorted({c for c in covariates if covariates.count(c) > 1})
    if doubled:
        raise MatchingError("Kovariate doppelt angegeben: " + ", ".join(doubled))
    wanted = [treatment, outcome, *covariates]
    missing = [c for c in wanted if c not in data.columns]
    if missing:
        raise MatchingError(
            "Diese Spalten fehlen in den Daten: "
            + ", ".join(missing)
            + ". Vorhanden sind: "
            + ", ".join(map(str, data.columns))
            + "."
        )
    if len(data) == 0:
        raise MatchingError("Die Daten enthalten keine Zeilen.")

    numeric = {}
    for column in wanted:
        raw = data[column]
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.isna() & raw.notna()
        if bad.any():
            position = int(np.flatnonzero(bad.to_numpy())[0])
            raise MatchingError(
                f"Die Spalte „{column}“ enthält Werte, die keine Zahlen sind "
                f"(z. B. „{raw.iloc[position]}“ in Datensatz {position + 1})."
            )
        array = values.to_numpy(dtype=float)
        if not np.isfinite(array).all():
            count = int((~np.isfinite(array)).sum())
            raise MatchingError(
                f"Die Spalte „{column}“ enthält {count} fehlende oder unendliche Werte. "
                "Bitte die Daten vollständig liefern oder die Zeilen vorher entfernen."
            )
        numeric[column] = array

    t = numeric[treatment]
    other = np.unique(t[(t != 0) & (t != 1)])
    if other.size:
        shown = ", ".join(f"{v:g}" for v in other[:5])
        raise MatchingError(
            f"Die Behandlungsspalte „{treatment}“ darf nur 0 (Vergleich) und 1 (Teilnahme) "
            f"enthalten; gefunden wurde auch: {shown}."
        )
    if not (t == 1).any():
        raise MatchingError(
            f"In der Spalte „{treatment}“ gibt es keine Teilnehmenden (Wert 1) — "
            "ohne sie gibt es nichts zu vergleichen."
        )
    if not (t == 0).any():
        raise MatchingError(
            f"In der Spalte „{treatment}“ gibt es keine Vergleichspersonen (Wert 0) — "
            "ohne sie gibt es nichts zu vergleichen."
        )
    x = np.column_stack([numeric[c] for c in covariates])
    return t == 1, numeric[outcome], x, covariates


# --------------------------------------------------------------------------------------------
# Balance


CHUNK = 100_000
"""Rows per block in passes over large matrices (bounds the temporary memory)."""


def _group_moments(
    x: np.ndarray, treated: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Means and variances (ddof 1) of the columns among treated and controls.

    Two passes in blocks of ``CHUNK`` rows (sums, then squared deviations from the group
    means): exact like ``np.var``, but without copying the groups out of a large matrix.
    """
    n_t = int(treated.sum())
    n_c = len(treated) - n_t
    k = x.shape[1]
    sum_t, sum_all = np.zeros(k), np.zeros(k)
    for start in range(0, len(x), CHUNK):
        block = x[start:start + CHUNK]
        sum_t += treated[start:start + CHUNK].astype(float) @ block
        sum_all += block.sum(axis=0)
    mean_t = sum_t / max(n_t, 1)
    mean_c = (sum_all - sum_t) / max(n_c, 1)
    ss_t, ss_c = np.zeros(k), np.zeros(k)
    for start in range(0, len(x), CHUNK):
        block = x[start:start + CHUNK]
        mask = treated[start:start + CHUNK].astype(float)
        ss_t += mask @ (block - mean_t) ** 2
        ss_c += (1 - mask) @ (block - mean_c) ** 2
    var_t = ss_t / (n_t - 1) if n_t > 1 else np.zeros(k)
    var_c = ss_c / (n_c - 1) if n_c > 1 else np.zeros(k)
    return mean_t, mean_c, var_t, var_c


def _pooled_sd(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """sqrt((s_t^2 + s_c^2) / 2) in the unmatched sample, per column (Austin 2009)."""
    _, _, var_t, var_c = _group_moments(x, treated)
    return np.sqrt((var_t + var_c) / 2)


def _standardise(diff: np.ndarray, sd: np.ndarray) -> np.ndarray:
    out = np.zeros_like(diff)
    ok = sd > 0
    out[ok] = diff[ok] / sd[ok]
    return out


@dataclass(frozen=True)
class _Balance:
    """SMDs of the columns of a matrix, before and after matching, without copying groups."""

    matrix: np.ndarray
    treated_rows: np.ndarray
    control_rows: np.ndarray
    sd: np.ndarray
    before: np.ndarray
    mean_treated: np.ndarray

    @classmethod
    def of(cls, matrix: np.ndarray, treated: np.ndarray) -> _Balance:
        mean_t, mean_c, var_t, var_c = _group_moments(matrix, treated)
        sd = np.sqrt((var_t + var_c) / 2)
        return cls(matrix, np.flatnonzero(treated), np.flatnonzero(~treated), sd,
                   _standardise(mean_t - mean_c, sd), mean_t)

    def after(self, matches: _Matches) -> np.ndarray:
        """Matched treated against their controls weighted by use (columns of sd 0 give 0).

        Weighted means as one matrix-vector product over all rows (a weight of 0 for rows not
        in the group): no rows are copied out of the matrix.
        """
        if len(matches.treated_matched) == len(self.treated_rows):
            mean_t = self.mean_treated
        else:
            pick = np.zeros(len(self.matrix))
            pick[self.treated_rows[matches.treated_matched]] = 1.0
            mean_t = pick @ self.matrix / pick.sum()
        weights = np.zeros(len(self.matrix))
        weights[self.control_rows] = np.bincount(matches.control, weights=matches.weight,
                                                 minlength=len(self.control_rows))
        mean_c = weights @ self.matrix / weights.sum()
        return _standardise(mean_t - mean_c, self.sd)


# --------------------------------------------------------------------------------------------
# Propensity model


Term = tuple[int, ...]
"""A column of a design: ``(i,)`` covariate i, ``(i, j)`` the product of covariates i and j."""


def _is_continuous(column: np.ndarray) -> bool:
    """More than two distinct values (linear time, no sort)."""
    rest = column[column != column[0]]
    return rest.size > 0 and bool(np.any(rest != rest[0]))


def _square_terms(x: np.ndarray) -> list[Term]:
    return [(j, j) for j in range(x.shape[1]) if _is_continuous(x[:, j])]


def _interaction_terms(x: np.ndarray) -> list[Term]:
    k = x.shape[1]
    return [(i, j) for i in range(k) for j in range(i + 1, k)]


def _main_terms(x: np.ndarray) -> list[Term]:
    return [(j,) for j in range(x.shape[1])]


def _build(x: np.ndarray, terms: Sequence[Term]) -> np.ndarray:
    """The design matrix of ``terms`` for the rows of ``x`` (no intercept), built in place."""
    design = np.empty((len(x), len(terms)))
    for column, term in enumerate(terms):
        if len(term) == 1:
            design[:, column] = x[:, term[0]]
        else:
            np.multiply(x[:, term[0]], x[:, term[1]], out=design[:, column])
    return design


def _balance_terms(x: np.ndarray) -> tuple[np.ndarray, dict[Term, int]]:
    """Covariates, squares of the continuous ones and pairwise products, and each's column.

    Constant products (e.g. of exclusive dummies) stay in: their SD is 0, so their SMD is 0
    and they never decide anything. Every propensity specification uses a subset of these
    terms, so the same matrix also serves to apply a fitted model to all rows.
    """
    terms = _main_terms(x) + _square_terms(x) + _interaction_terms(x)
    return _build(x, terms), {term: column for column, term in enumerate(terms)}


def _independent_columns(z: np.ndarray, tolerance: float = 1e-8) -> np.ndarray:
    """Greedy choice of columns of a standardised matrix that are not (nearly) collinear."""
    gram = z.T @ z / len(z)
    kept: list[int] = []
    for k in range(z.shape[1]):
        if gram[k, k] <= tolerance:
            continue
        if kept:
            g_ss = gram[np.ix_(kept, kept)]
            g_sk = gram[kept, k]
            residual = gram[k, k] - g_sk @ np.linalg.solve(g_ss, g_sk)
            if residual <= tolerance * gram[k, k]:
                continue
        kept.append(k)
    return np.asarray(kept, dtype=int)


@dataclass(frozen=True)
class _Scaling:
    """Centring and scaling of a design's usable columns, learnt on the fitting rows."""

    usable: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    kept: np.ndarray

    def exog(self, design: np.ndarray) -> np.ndarray:
        z = (design[:, self.usable] - self.mean) / self.sd
        return np.column_stack([np.ones(len(z)), z[:, self.kept]])


def _scaling(design: np.ndarray) -> _Scaling:
    """Centre and scale the columns, drop constant and collinear ones (intercept prepended)."""
    sd = design.std(axis=0)
    usable = sd > 0
    mean = design[:, usable].mean(axis=0)
    z = (design[:, usable] - mean) / sd[usable]
    return _Scaling(usable, mean, sd[usable], _independent_columns(z))


def _fit_logit(exog: np.ndarray, treated: np.ndarray) -> np.ndarray | None:
    """Coefficients of the logit of treatment on ``exog``, or None if the fit fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", HessianInversionWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            fit = Logit(treated.astype(float), exog).fit(method="newton", maxiter=100, disp=False)
        except (PerfectSeparationError, PerfectSeparationWarning, np.linalg.LinAlgError):
            return None
    if not fit.mle_retvals.get("converged", False) or not np.isfinite(fit.params).all():
        return None
    return np.asarray(fit.params)


@dataclass(frozen=True)
class _Sample:
    """The rows the propensity models are fitted on: all, or a case-control subsample.

    ``offset`` is log(r0 / r1) for sampling rates r1 (treated) and r0 (controls): the logit in
    the whole population is the subsample's logit plus this constant (Prentice & Pyke 1979).
    """

    rows: np.ndarray | None
    offset: float = 0.0

    def take(self, array: np.ndarray) -> np.ndarray:
        return array if self.rows is None else array[self.rows]


def _fitting_sample(treated: np.ndarray, size: int, seed: int = 0) -> _Sample:
    """All rows up to ``size``; beyond it, up to half treated and the rest controls, drawn
    at random with a fixed seed (the result does not change from run to run)."""
    n = len(treated)
    if n <= size:
        return _Sample(None)
    rng = np.random.default_rng(seed)
    t_rows = np.flatnonzero(treated)
    c_rows = np.flatnonzero(~treated)
    n_t = min(len(t_rows), size // 2)
    n_c = min(len(c_rows), size - n_t)
    picked_t = np.sort(rng.choice(t_rows, n_t, replace=False))
    picked_c = np.sort(rng.choice(c_rows, n_c, replace=False))
    offset = math.log((n_c / len(c_rows)) / (n_t / len(t_rows)))
    return _Sample(np.concatenate([picked_t, picked_c]), offset)


PREDICT_CHUNK = 250_000


def _propensity_logit(
    x: np.ndarray, treated: np.ndarray, terms: Sequence[Term], sample: _Sample,
    all_terms: tuple[np.ndarray, dict[Term, int]] | None = None,
) -> np.ndarray | None:
    """Linear predictor (logit of the propensity score) for every row, or None if the fit fails.

    The model is fitted on the sample's rows and then applied to all rows: as one
    matrix-vector product with ``all_terms`` (a matrix of every candidate term and the column
    of each) when given, else in chunks, so that no new design of all rows is held at once.
    """
    design = _build(sample.take(x), terms)
    scaling = _scaling(design)
    exog = scaling.exog(design)
    params = _fit_logit(exog, sample.take(treated))
    if params is None:
        return None
    if sample.rows is None:
        linear = exog @ params
    else:
        # Fold the centring and scaling into the coefficients: no standardised copy needed.
        columns = np.flatnonzero(scaling.usable)[scaling.kept]
        slopes = params[1:] / scaling.sd[scaling.kept]
        intercept = params[0] - scaling.mean[scaling.kept] @ slopes + sample.offset
        chosen = [terms[c] for c in columns]
        if all_terms is not None:
            matrix, column_of = all_terms
            full = np.zeros(matrix.shape[1])
            np.add.at(full, [column_of[t] for t in chosen], slopes)
            linear = matrix @ full + intercept
        else:
            linear = np.concatenate([
                _build(x[start:start + PREDICT_CHUNK], chosen) @ slopes
                for start in range(0, len(x), PREDICT_CHUNK)
            ]) + intercept
    return linear if np.isfinite(linear).all() else None


def _stepwise_terms(x: np.ndarray, treated: np.ndarray) -> list[Term]:
    """Main effects plus the second-order terms chosen by Imbens & Rubin's (2015) procedure.

    Starting from all main effects, the square or pairwise interaction with the largest score
    (Lagrange multiplier) statistic is added while that statistic exceeds ``STEPWISE_THRESHOLD``
    (2.71, a chi-square(1) test at 10 %). The score test needs only the current fit, so each
    step costs one logit fit whatever the number of candidates.
    """
    main = _main_terms(x)
    candidates = [t for t in _square_terms(x) + _interaction_terms(x)
                  if _build(x, [t])[:, 0].std() > 0]
    if not candidates:
        return main
    pool = _build(x, candidates)
    pool = (pool - pool.mean(axis=0)) / pool.std(axis=0)
    exog = _scaling(x).exog(x)
    params = _fit_logit(exog, treated)
    remaining = list(range(pool.shape[1]))
    chosen: list[int] = []
    while params is not None and remaining:
        with np.errstate(over="ignore"):  # exp overflow gives p = 0, which is right
            p = 1 / (1 + np.exp(-(exog @ params)))
        w = p * (1 - p)
        residual = treated - p
        c = pool[:, remaining]
        cross = exog.T @ (c * w[:, None])
        information = np.einsum("ij,ij->j", c * w[:, None], c) - np.einsum(
            "ij,ij->j", cross, np.linalg.solve(exog.T @ (exog * w[:, None]), cross)
        )
        score = c.T @ residual
        with np.errstate(divide="ignore", invalid="ignore"):
            statistic = np.where(information > 1e-9 * len(c), score**2 / information, 0.0)
        best = int(np.argmax(statistic))
        if statistic[best] < STEPWISE_THRESHOLD:
            break
        term = remaining.pop(best)
        trial = np.column_stack([exog, pool[:, term]])
        trial_params = _fit_logit(trial, treated)
        if trial_params is None:
            continue
        exog, params = trial, trial_params
        chosen.append(term)
    return main + [candidates[k] for k in chosen]


def _specifications(
    x: np.ndarray, treated: np.ndarray, sample: _Sample
) -> list[tuple[str, Callable[[], list[Term]]]]:
    """The propensity specifications as term lists (the stepwise one chosen on the sample)."""
    return [
        (SPEC_MAIN, lambda: _main_terms(x)),
        (SPEC_SQUARES, lambda: _main_terms(x) + _square_terms(x)),
        (SPEC_INTERACTIONS, lambda: _main_terms(x) + _square_terms(x) + _interaction_terms(x)),
        (SPEC_STEPWISE, lambda: _stepwise_terms(sample.take(x), sample.take(treated))),
    ]


# --------------------------------------------------------------------------------------------
# Matching on a scalar


def _nearest(sorted_values: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest positions in ``sorted_values`` for each query, and their distances.

    The ``k`` nearest points of a sorted array lie among the ``k`` on either side of the
    insertion point, so one ``searchsorted`` and a window of ``2k`` candidates suffice:
    ``O((n + q) log n)`` instead of comparing every query with every value. Missing neighbours
    (near the ends of the array) have distance inf.
    """
    n = len(sorted_values)
    position = np.searchsorted(sorted_values, queries)
    candidates = position[:, None] + np.arange(-k, k)[None, :]
    valid = (candidates >= 0) & (candidates < n)
    clipped = np.clip(candidates, 0, n - 1)
    distance = np.where(valid, np.abs(sorted_values[clipped] - queries[:, None]), np.inf)
    order = np.argsort(distance, axis=1, kind="stable")[:, :k]
    rows = np.arange(len(queries))[:, None]
    return clipped[rows, order], distance[rows, order]


def _caliper(logit: np.ndarray, treated: np.ndarray, caliper_sd: float) -> float:
    """``caliper_sd`` times the pooled SD of the logit, sqrt((s_t^2 + s_c^2) / 2) (Austin 2011)."""
    return caliper_sd * float(_pooled_sd(logit[:, None], treated)[0])


def _match(
    logit_t: np.ndarray, logit_c: np.ndarray, k: int, caliper: float,
    order: np.ndarray | None = None,
) -> _Matches | None:
    """``order``: ``argsort`` of ``logit_c`` if already known (one sort per specification)."""
    if order is None:
        order = np.argsort(logit_c, kind="stable")
    positions, distance = _nearest(logit_c[order], logit_t, min(k, len(logit_c)))
    inside = distance <= caliper
    per_treated = inside.sum(axis=1)
    matched = np.flatnonzero(per_treated > 0)
    if matched.size == 0:
        return None
    rows, cols = np.nonzero(inside)
    return _Matches(
        treated=rows,
        control=order[positions[rows, cols]],
        weight=1.0 / per_treated[rows],
        n_treated_matched=int(matched.size),
        treated_matched=matched,
    )


# --------------------------------------------------------------------------------------------
# Estimation


@dataclass(frozen=True)
class _Candidate:
    spec: str
    n_neighbours: int
    logit: np.ndarray
    caliper: float
    matches: _Matches
    smd: np.ndarray
    worst: float


def _bias_coefficients(x_c: np.ndarray, y_c: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Slopes of a weighted linear regression of the outcome on the covariates (controls)."""
    used = weights > 0
    w = weights[used]
    xs, ys = x_c[used], y_c[used]
    centre = w @ xs / w.sum()
    root = np.sqrt(w)[:, None]
    design = np.column_stack([np.ones(len(xs)), xs - centre]) * root
    coefficients, *_ = np.linalg.lstsq(design, ys * root[:, 0], rcond=None)
    return coefficients[1:]


def _control_variance(
    logit_c: np.ndarray, y_c: np.ndarray, which: np.ndarray, neighbours: int
) -> np.ndarray:
    """Conditional outcome variance of the given controls, by matching among the controls."""
    if len(logit_c) < 2:
        return np.zeros(len(which))
    j = min(neighbours, len(logit_c) - 1)
    order = np.argsort(logit_c, kind="stable")
    sorted_logit = logit_c[order]
    sorted_y = y_c[order]
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    position = rank[which]
    offsets = np.concatenate([np.arange(-j, 0), np.arange(1, j + 1)])
    candidates = position[:, None] + offsets[None, :]
    valid = (candidates >= 0) & (candidates < len(order))
    clipped = np.clip(candidates, 0, len(order) - 1)
    distance = np.where(
        valid, np.abs(sorted_logit[clipped] - sorted_logit[position][:, None]), np.inf
    )
    nearest = np.argsort(distance, axis=1, kind="stable")[:, :j]
    rows = np.arange(len(which))[:, None]
    fellows = sorted_y[clipped[rows, nearest]].mean(axis=1)
    return j / (j + 1) * (y_c[which] - fellows) ** 2


def match_att(
    data: pd.DataFrame,
    *,
    treatment: str,
    outcome: str,
    covariates: Sequence[str],
    n_neighbours: int | None = None,
    caliper_sd: float = CALIPER_SD,
    specs: Sequence[str] | None = None,
    fit_sample: int = FIT_SAMPLE,
) -> MatchResult:
    """Estimate the ATT by bias-corrected propensity-score matching; see the module docstring.

    Raises ``MatchingError`` (German message) when the data cannot be analysed.
    """
    if n_neighbours is not None and n_neighbours < 1:
        raise MatchingError("Die Zahl der Nachbarn muss mindestens 1 sein.")
    if not caliper_sd > 0:
        raise MatchingError("Der Caliper muss größer als 0 sein.")
    treated, y, x, names = _prepare(data, treatment, outcome, covariates)
    x_t, x_c, y_t, y_c = x[treated], x[~treated], y[treated], y[~treated]
    covariate_balance = _Balance.of(x, treated)
    smd_before = covariate_balance.before
    # Balance is judged on the joint distribution, not only the means: the covariates, the
    # squares of the continuous ones and all pairwise products (Imbens & Rubin 2015, ch. 14;
    # Ho et al. 2007). Constant terms (e.g. the product of exclusive dummies) carry no
    # information and are left out.
    all_terms = _balance_terms(x)
    term_balance = _Balance.of(all_terms[0], treated)

    neighbour_options = NEIGHBOUR_OPTIONS if n_neighbours is None else (n_neighbours,)
    tried: dict[str, float | None] = {}
    best: _Candidate | None = None
    sample = _fitting_sample(treated, fit_sample)
    for name, terms in _specifications(x, treated, sample):
        if specs is not None and name not in specs:
            continue
        logit = _propensity_logit(x, treated, terms(), sample, all_terms)
        caliper = _caliper(logit, treated, caliper_sd) if logit is not None else 0.0
        order = np.argsort(logit[~treated], kind="stable") if logit is not None else None
        for k in neighbour_options:
            label = f"{name}, {k} Nachbar" + ("" if k == 1 else "n")
            matches = None
            if logit is not None:
                matches = _match(logit[treated], logit[~treated], k, caliper, order)
            if matches is None:
                tried[label] = None
                continue
            smd = covariate_balance.after(matches)
            worst = float(np.abs(term_balance.after(matches)).max())
            tried[label] = worst
            if best is None or worst < best.worst - SPEC_TIE_TOLERANCE:
                best = _Candidate(name, k, logit, caliper, matches, smd, worst)
    if best is None:
        raise MatchingError(
            "Das Propensity-Modell ließ sich nicht schätzen oder fand keine vergleichbaren "
            "Personen: Die Kovariaten trennen Teilnehmende und Vergleichsgruppe vollständig "
            "(keine gemeinsame Stützung). Ein Vergleich ist mit diesen Daten nicht möglich."
        )
    logit, matches, smd_after = best.logit, best.matches, best.smd
    logit_c = logit[~treated]

    # Bias-corrected imputation of each matched treated unit's untreated outcome.
    control_weight = np.bincount(matches.control, weights=matches.weight, minlength=len(y_c))
    beta = _bias_coefficients(x_c, y_c, control_weight)
    pair_y0 = y_c[matches.control]
    pair_correction = (x_t[matches.treated] - x_c[matches.control]) @ beta
    n_t = len(y_t)
    y0_raw = np.bincount(matches.treated, weights=matches.weight * pair_y0, minlength=n_t)
    y0_corrected = np.bincount(
        matches.treated, weights=matches.weight * (pair_y0 + pair_correction), minlength=n_t
    )
    m_idx = matches.treated_matched
    effects = y_t[m_idx] - y0_corrected[m_idx]
    att = float(effects.mean())
    att_unadjusted = float((y_t[m_idx] - y0_raw[m_idx]).mean())

    # Abadie–Imbens (2006) variance of the population ATT, generalised to 1/M_i weights.
    n1 = matches.n_treated_matched
    used = np.flatnonzero(control_weight > 0)
    squared_weights = np.bincount(
        matches.control, weights=matches.weight**2, minlength=len(y_c)
    )
    reuse = control_weight[used] ** 2 - squared_weights[used]
    sigma2 = _control_variance(logit_c, y_c, used, VARIANCE_NEIGHBOURS)
    variance = (((effects - att) ** 2).sum() + (reuse * sigma2).sum()) / n1**2
    se = math.sqrt(max(float(variance), 0.0))
    z = float(stats.norm.ppf(0.975))

    return MatchResult(
        att=att,
        ci95=(att - z * se, att + z * se),
        standard_error=se,
        att_unadjusted=att_unadjusted,
        raw_difference=float(y_t.mean() - y_c.mean()),
        n_treated=n1,
        n_treated_total=n_t,
        n_treated_unmatched=n_t - n1,
        n_controls_total=len(y_c),
        n_matched_controls=int(used.size),
        n_neighbours=best.n_neighbours,
        caliper=best.caliper,
        propensity_spec=best.spec,
        smd_before=dict(zip(names, map(float, smd_before), strict=True)),
        smd_after=dict(zip(names, map(float, smd_after), strict=True)),
        specs_tried=tried,
    )
