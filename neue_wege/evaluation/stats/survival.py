"""Time to work: Kaplan–Meier curves with ``lifelines`` (no Django).

Time runs from the run start to the first start of employment, training, retraining or
self-employment (the event). A client without such a start is *right-censored*: at the data
date (still looking), or earlier at the day benefits ended for another reason (moved away,
partner's income, …) — after that the job centre no longer sees whether work follows. Censored
clients count as "at risk" until their censoring day and then leave the risk set; that is what
keeps the curve unbiased where a naive share "in work by day t" would not be.

The published curve shows the cumulative share in work or training, 1 − S(t), with the 95 %
band lifelines computes (exponential Greenwood, Kalbfleisch–Prentice). To protect small
numbers, each curve is cut where fewer than ``MIN_AT_RISK`` people remain at risk, and groups
with fewer than that many people get no curve at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter

MIN_AT_RISK = 5


@dataclass(frozen=True)
class Curve:
    """Cumulative share in work by day since run start, with a 95 % band (0..1)."""

    label: str
    n: int
    events: int
    days: list[float]
    share: list[float]
    low: list[float]
    high: list[float]
    median_days: float | None
    """Day by which half are in work (None: not reached within the follow-up)."""


def durations(frame: pd.DataFrame, data_date: pd.Timestamp | str) -> pd.DataFrame:
    """Duration (days) and event flag from ``run_start``, ``work_start``, ``benefit_exit_on``.

    A work start counts only if it lies on or before the data date. Without one, the client is
    censored at the earlier of the data date and the benefit exit. Negative durations (a work
    start recorded before the run began) are set to 0: the client was in work at once.
    """
    start = pd.to_datetime(frame["run_start"])
    work = pd.to_datetime(frame["work_start"])
    exit_ = pd.to_datetime(frame["benefit_exit_on"])
    cutoff = pd.Timestamp(data_date)
    event = work.notna() & (work <= cutoff)
    censor_at = exit_.where(exit_.notna() & (exit_ < cutoff), cutoff)
    end = work.where(event, censor_at)
    days = (end - start).dt.days.clip(lower=0).astype(float)
    return pd.DataFrame({"duration": days, "event": event.astype(int)}, index=frame.index)


def kaplan_meier(duration: np.ndarray | pd.Series, event: np.ndarray | pd.Series, *,
                 label: str = "", min_at_risk: int = MIN_AT_RISK) -> Curve | None:
    """Fit one curve; None when fewer than ``min_at_risk`` people are in the group."""
    duration = np.asarray(duration, dtype=float)
    event = np.asarray(event, dtype=int)
    n = len(duration)
    if n < min_at_risk or n == 0:
        return None
    fitter = KaplanMeierFitter()
    fitter.fit(duration, event_observed=event, label="km", alpha=0.05)
    table = fitter.event_table
    survival = fitter.survival_function_["km"]
    band = fitter.confidence_interval_survival_function_
    at_risk = table["at_risk"].reindex(survival.index).fillna(0)
    keep = at_risk >= min_at_risk
    keep.iloc[0] = True  # time 0: everybody is at risk
    days = survival.index[keep.to_numpy()]
    s = survival[keep.to_numpy()]
    low_s = band.iloc[:, 0][keep.to_numpy()]
    high_s = band.iloc[:, 1][keep.to_numpy()]
    median = fitter.median_survival_time_
    median_days = float(median) if np.isfinite(median) and median <= days.max() else None
    return Curve(
        label=label,
        n=n,
        events=int(event.sum()),
        days=[float(d) for d in days],
        share=[float(1 - v) for v in s],
        low=[float(1 - v) for v in high_s.fillna(1.0)],
        high=[float(1 - v) for v in low_s.fillna(0.0)],
        median_days=median_days,
    )


def curves_by(frame: pd.DataFrame, by: str | None, data_date: pd.Timestamp | str,
              *, limit: int = 6) -> list[Curve]:
    """One curve per group of ``by`` (the ``limit`` largest groups), or one overall curve."""
    spans = durations(frame, data_date)
    if by is None:
        curve = kaplan_meier(spans["duration"], spans["event"], label="Gesamt")
        return [curve] if curve else []
    groups = frame[by].astype(str)
    order = groups.value_counts().index[:limit]
    found = []
    for name in sorted(order):
        mask = (groups == name).to_numpy()
        curve = kaplan_meier(spans["duration"].to_numpy()[mask],
                             spans["event"].to_numpy()[mask], label=name)
        if curve is not None:
            found.append(curve)
    return found
