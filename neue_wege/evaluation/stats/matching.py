"""Propensity-score matching for the average treatment effect on the treated (ATT).

Pure Python (numpy, pandas, scipy, statsmodels); no Django. The method, its choices and its
limits are written up in ``docs/evaluation.md``. In short:

1. **Propensity model, chosen by balance.** A logit of treatment on the covariates is fitted
   with statsmodels for four specifications — main effects; plus squares of the continuous
   covariates; plus all pairwise interactions; plus the second-order terms picked stepwise by a
   score test (Imbens & Rubin 2015). The specification and the number of neighbours (1–4, unless
   given) whose matched sample has the smallest maximum absolute standardised mean difference
   (SMD) are kept; a simpler choice wins near-ties. The outcome is never looked at. A
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


def _pooled_sd(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """sqrt((s_t^2 + s_c^2) / 2) in the unmatched sample, per column (Austin 2009)."""
    var_t = x[treated].var(axis=0, ddof=1) if treated.sum() > 1 else np.zeros(x.shape[1])
    var_c = x[~treated].var(axis=0, ddof=1) if (~treated).sum() > 1 else np.zeros(x.shape[1])
    return np.sqrt((var_t + var_c) / 2)


def _standardise(diff: np.ndarray, sd: np.ndarray) -> np.ndarray:
    out = np.zeros_like(diff)
    ok = sd > 0
    out[ok] = diff[ok] / sd[ok]
    return out


def _smd_after(
    x_t: np.ndarray, x_c: np.ndarray, matches: _Matches, sd: np.ndarray
) -> np.ndarray:
    mean_t = x_t[matches.treated_matched].mean(axis=0)
    weights = np.bincount(matches.control, weights=matches.weight, minlength=len(x_c))
    mean_c = weights @ x_c / weights.sum()
    return _standardise(mean_t - mean_c, sd)


# --------------------------------------------------------------------------------------------
# Propensity model


def _is_continuous(column: np.ndarray) -> bool:
    return np.unique(column).size > 2


def _squares(x: np.ndarray) -> list[np.ndarray]:
    return [x[:, j] ** 2 for j in range(x.shape[1]) if _is_continuous(x[:, j])]


def _interactions(x: np.ndarray) -> list[np.ndarray]:
    k = x.shape[1]
    return [x[:, i] * x[:, j] for i in range(k) for j in range(i + 1, k)]


def _second_order_terms(x: np.ndarray) -> list[np.ndarray]:
    return _squares(x) + _interactions(x)


def _designs(
    x: np.ndarray, treated: np.ndarray
) -> list[tuple[str, Callable[[], np.ndarray]]]:
    """The propensity specifications, each a design matrix without intercept (built lazily)."""
    ladder: list[tuple[str, Callable[[], np.ndarray]]] = [
        (SPEC_MAIN, lambda: x),
        (SPEC_SQUARES, lambda: np.column_stack([x, *_squares(x)])),
        (SPEC_INTERACTIONS, lambda: np.column_stack([x, *_second_order_terms(x)])),
        (SPEC_STEPWISE, lambda: _stepwise_design(x, treated)),
    ]
    return ladder


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


def _standardised_design(design: np.ndarray) -> np.ndarray:
    """Centre and scale the columns, drop constant and collinear ones, prepend an intercept."""
    sd = design.std(axis=0)
    usable = sd > 0
    z = (design[:, usable] - design[:, usable].mean(axis=0)) / sd[usable]
    z = z[:, _independent_columns(z)]
    return np.column_stack([np.ones(len(z)), z])


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


def _propensity_logit(design: np.ndarray, treated: np.ndarray) -> np.ndarray | None:
    """Linear predictor (logit of the propensity score), or None if the fit fails."""
    exog = _standardised_design(design)
    params = _fit_logit(exog, treated)
    if params is None:
        return None
    linear = exog @ params
    return linear if np.isfinite(linear).all() else None


def _stepwise_design(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """Main effects plus the second-order terms chosen by Imbens & Rubin's (2015) procedure.

    Starting from all main effects, the square or pairwise interaction with the largest score
    (Lagrange multiplier) statistic is added while that statistic exceeds ``STEPWISE_THRESHOLD``
    (2.71, a chi-square(1) test at 10 %). The score test needs only the current fit, so each
    step costs one logit fit whatever the number of candidates.
    """
    candidates = [t for t in _second_order_terms(x) if t.std() > 0]
    if not candidates:
        return x
    pool = np.column_stack(candidates)
    pool = (pool - pool.mean(axis=0)) / pool.std(axis=0)
    exog = _standardised_design(x)
    params = _fit_logit(exog, treated)
    remaining = list(range(pool.shape[1]))
    chosen: list[int] = []
    while params is not None and remaining:
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
    if not chosen:
        return x
    return np.column_stack([x, pool[:, chosen]])


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
    logit_t: np.ndarray, logit_c: np.ndarray, k: int, caliper: float
) -> _Matches | None:
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
    sd = _pooled_sd(x, treated)
    smd_before = _standardise(x_t.mean(axis=0) - x_c.mean(axis=0), sd)

    neighbour_options = NEIGHBOUR_OPTIONS if n_neighbours is None else (n_neighbours,)
    tried: dict[str, float | None] = {}
    best: _Candidate | None = None
    for name, build in _designs(x, treated):
        if specs is not None and name not in specs:
            continue
        logit = _propensity_logit(build(), treated)
        caliper = _caliper(logit, treated, caliper_sd) if logit is not None else 0.0
        for k in neighbour_options:
            label = f"{name}, {k} Nachbar" + ("" if k == 1 else "n")
            matches = None
            if logit is not None:
                matches = _match(logit[treated], logit[~treated], k, caliper)
            if matches is None:
                tried[label] = None
                continue
            smd = _smd_after(x_t, x_c, matches, sd)
            worst = float(np.abs(smd).max())
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
