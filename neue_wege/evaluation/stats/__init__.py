"""Pure statistics for the evaluation (no Django): matched comparison (`matching`), key figures
with small-cell suppression (`keyfigures`) and Kaplan–Meier curves (`survival`).

Only numpy, pandas, scipy, statsmodels and lifelines are imported here, so the code can be tested,
benchmarked and reused from the command line or a worker without a database.
"""

from neue_wege.evaluation.stats.matching import MatchingError, MatchResult, match_att

__all__ = ["MatchResult", "MatchingError", "match_att"]
