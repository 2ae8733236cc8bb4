"""The pure matching core on synthetic data whose true effect is known by construction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from neue_wege.evaluation.stats import matching
from neue_wege.evaluation.stats.matching import MatchingError, match_att

TRUE_EFFECT = 3.0


def confounded(n: int = 4000, seed: int = 1, effect: float = TRUE_EFFECT) -> pd.DataFrame:
    """Older people with more schooling take part more often and also do better anyway."""
    rng = np.random.default_rng(seed)
    age = rng.normal(40, 10, n)
    school = rng.integers(8, 16, n).astype(float)
    woman = rng.integers(0, 2, n).astype(float)
    linear = -4.5 + 0.06 * age + 0.12 * school + 0.5 * woman
    treated = (rng.random(n) < 1 / (1 + np.exp(-linear))).astype(int)
    outcome = 0.3 * age + 1.5 * school - 2.0 * woman + effect * treated + rng.normal(0, 2, n)
    return pd.DataFrame(
        {"t": treated, "y": outcome, "age": age, "school": school, "woman": woman}
    )


COVARIATES = ["age", "school", "woman"]


def test_recovers_a_known_effect_that_the_raw_difference_misses() -> None:
    data = confounded()
    naive = data.loc[data.t == 1, "y"].mean() - data.loc[data.t == 0, "y"].mean()
    assert abs(naive - TRUE_EFFECT) > 2.0  # confounding is real in this data

    result = match_att(data, treatment="t", outcome="y", covariates=COVARIATES)

    assert abs(result.att - TRUE_EFFECT) < 0.3
    assert result.ci95[0] < TRUE_EFFECT < result.ci95[1]
    assert result.ci95[0] < result.att < result.ci95[1]
    assert result.raw_difference == pytest.approx(naive)
    assert result.max_abs_smd_after < 0.1 < result.max_abs_smd_before
    assert result.n_treated_total == int((data.t == 1).sum())
    assert result.n_treated + result.n_treated_unmatched == result.n_treated_total
    assert result.n_controls_total == int((data.t == 0).sum())
    assert 0 < result.n_matched_controls <= result.n_controls_total


def test_zero_effect_is_not_declared_significant_by_construction() -> None:
    result = match_att(confounded(effect=0.0, seed=7), treatment="t", outcome="y",
                       covariates=COVARIATES)
    assert abs(result.att) < 0.3
    assert result.ci95[0] < 0 < result.ci95[1]


def test_confidence_interval_covers_in_most_repetitions() -> None:
    """Abadie–Imbens variance: about 95 % coverage over independent samples."""
    covered = 0
    repetitions = 40
    for seed in range(repetitions):
        result = match_att(
            confounded(n=1500, seed=100 + seed),
            treatment="t",
            outcome="y",
            covariates=COVARIATES,
            n_neighbours=1,
            specs=[matching.SPEC_MAIN],
        )
        covered += result.ci95[0] < TRUE_EFFECT < result.ci95[1]
    assert covered >= 0.85 * repetitions


def test_bias_correction_removes_what_coarse_matching_leaves() -> None:
    # A very wide caliper and many neighbours make matches poor; the outcome depends steeply
    # on age, so the unadjusted difference is biased and the regression correction fixes it.
    rng = np.random.default_rng(3)
    n = 3000
    age = rng.normal(40, 10, n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-(-3 + 0.06 * age)))).astype(int)
    outcome = 10.0 * age + TRUE_EFFECT * treated + rng.normal(0, 1, n)
    data = pd.DataFrame({"t": treated, "y": outcome, "age": age})

    result = match_att(data, treatment="t", outcome="y", covariates=["age"], n_neighbours=100,
                       caliper_sd=5.0, specs=[matching.SPEC_MAIN])

    assert abs(result.att_unadjusted - TRUE_EFFECT) > 0.5
    assert abs(result.att - TRUE_EFFECT) < 0.2


def test_smd_matches_a_hand_computation() -> None:
    data = confounded(n=500, seed=5)
    result = match_att(data, treatment="t", outcome="y", covariates=COVARIATES)
    treated, controls = data[data.t == 1], data[data.t == 0]
    for name in COVARIATES:
        pooled = np.sqrt((treated[name].var() + controls[name].var()) / 2)
        expected = (treated[name].mean() - controls[name].mean()) / pooled
        assert result.smd_before[name] == pytest.approx(expected)
    assert set(result.smd_after) == set(COVARIATES)


def test_the_specification_is_chosen_by_balance() -> None:
    # Treatment depends on age squared: main effects cannot balance age's spread, squares can.
    rng = np.random.default_rng(11)
    n = 4000
    age = rng.normal(0, 1, n)
    other = rng.normal(0, 1, n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-(-2 + 1.5 * age**2)))).astype(int)
    data = pd.DataFrame({"t": treated, "y": age + rng.normal(0, 1, n), "age": age,
                         "age2": age**2, "other": other})
    result = match_att(data, treatment="t", outcome="y", covariates=["age", "age2", "other"])
    assert result.propensity_spec in matching.SPECS
    chosen = [v for k, v in result.specs_tried.items() if k.startswith(result.propensity_spec)]
    assert min(v for v in result.specs_tried.values() if v is not None) >= min(chosen) - 0.011
    assert result.max_abs_smd_after < 0.1


def test_nearest_search_agrees_with_brute_force() -> None:
    rng = np.random.default_rng(2)
    values = np.sort(rng.normal(size=300))
    queries = rng.normal(scale=1.5, size=200)
    for k in (1, 3, 5):
        positions, distances = matching._nearest(values, queries, k)
        brute = np.sort(np.abs(values[None, :] - queries[:, None]), axis=1)[:, :k]
        np.testing.assert_allclose(distances, brute)
        np.testing.assert_allclose(np.abs(values[positions] - queries[:, None]), brute)


def test_caliper_leaves_out_treated_without_a_close_control() -> None:
    rng = np.random.default_rng(4)
    control_x = rng.normal(0, 1, 500)
    treated_x = np.r_[rng.normal(0, 1, 40), [8.0, 9.0]]  # two far outside the controls
    x = np.r_[treated_x, control_x]
    t = np.r_[np.ones(len(treated_x)), np.zeros(len(control_x))].astype(int)
    data = pd.DataFrame({"t": t, "y": x + 1.0 * t, "x": x})
    result = match_att(data, treatment="t", outcome="y", covariates=["x"], n_neighbours=1,
                       specs=[matching.SPEC_MAIN])
    assert result.n_treated_unmatched >= 2
    assert result.n_treated == result.n_treated_total - result.n_treated_unmatched


def test_to_dict_has_the_command_line_contract() -> None:
    result = match_att(confounded(n=600), treatment="t", outcome="y", covariates=COVARIATES)
    figures = result.to_dict()
    assert list(figures)[:6] == [
        "att", "ci95", "n_treated", "n_matched_controls", "smd_before", "smd_after"
    ]
    assert isinstance(figures["n_treated"], int)
    assert figures["ci95"] == [result.ci95[0], result.ci95[1]]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d.drop(columns="age"), "fehlen"),
        (lambda d: d.assign(age=d.age.astype(object).where(d.index != 3, "vierzig")), "keine Zahlen"),
        (lambda d: d.assign(age=d.age.where(d.index != 3)), "fehlende"),
        (lambda d: d.assign(t=d.t.where(d.index != 3, 2)), "nur 0"),
        (lambda d: d.assign(t=1), "keine Vergleichspersonen"),
        (lambda d: d.assign(t=0), "keine Teilnehmenden"),
        (lambda d: d.iloc[0:0], "keine Zeilen"),
    ],
)
def test_bad_data_gives_a_german_error(change, needle: str) -> None:  # noqa: ANN001
    data = change(confounded(n=300))
    with pytest.raises(MatchingError, match=needle):
        match_att(data, treatment="t", outcome="y", covariates=COVARIATES)


def test_complete_separation_is_refused_in_german() -> None:
    x = np.r_[np.linspace(1, 2, 30), np.linspace(-2, -1, 60)]
    t = (x > 0).astype(int)
    data = pd.DataFrame({"t": t, "y": x, "x": x})
    with pytest.raises(MatchingError, match="gemeinsame Stützung"):
        match_att(data, treatment="t", outcome="y", covariates=["x"])


def test_covariate_may_not_be_the_treatment() -> None:
    with pytest.raises(MatchingError, match="nicht zugleich"):
        match_att(confounded(n=200), treatment="t", outcome="y", covariates=["t", "age"])


def test_the_core_is_pure() -> None:
    """The statistics import without Django (they run in a worker or a notebook as well)."""
    import subprocess
    import sys

    code = (
        "import sys, neue_wege.evaluation.stats.matching; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603
    assert done.returncode == 0


def test_large_data_fit_the_propensity_model_on_a_case_control_subsample() -> None:
    """Beyond ``fit_sample`` rows the logit is fitted on a subsample and applied to all rows:
    the slopes are the same, the intercept is shifted back by log(r0 / r1)."""
    data = confounded(n=6000, seed=11)
    treated = data.t.to_numpy() == 1
    x = data[COVARIATES].to_numpy(dtype=float)
    terms = matching._main_terms(x)
    everything = matching._propensity_logit(x, treated, terms, matching._Sample(None))
    sample = matching._fitting_sample(treated, 3000)
    assert sample.rows is not None and len(sample.rows) == 3000
    assert treated[sample.rows].sum() == min(treated.sum(), 1500)
    subsampled = matching._propensity_logit(x, treated, terms, sample)
    assert everything is not None and subsampled is not None
    assert np.corrcoef(everything, subsampled)[0, 1] > 0.98
    assert abs(subsampled.mean() - everything.mean()) < 0.3  # the offset puts it back in place
    via_matrix = matching._propensity_logit(x, treated, terms, sample, matching._balance_terms(x))
    assert via_matrix is not None and np.allclose(via_matrix, subsampled)

    result = match_att(data, treatment="t", outcome="y", covariates=COVARIATES,
                       fit_sample=3000)
    assert abs(result.att - TRUE_EFFECT) < 0.3
    assert result.ci95[0] < TRUE_EFFECT < result.ci95[1]


def test_balance_moments_equal_numpy_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "CHUNK", 7)
    rng = np.random.default_rng(2)
    x = rng.normal(50, 10, (100, 3))
    treated = rng.random(100) < 0.3
    mean_t, mean_c, var_t, var_c = matching._group_moments(x, treated)
    assert np.allclose(mean_t, x[treated].mean(axis=0))
    assert np.allclose(mean_c, x[~treated].mean(axis=0))
    assert np.allclose(var_t, x[treated].var(axis=0, ddof=1))
    assert np.allclose(var_c, x[~treated].var(axis=0, ddof=1))
