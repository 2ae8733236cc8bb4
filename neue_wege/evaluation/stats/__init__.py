"""Pure statistics for the evaluation (no Django): matched comparison, later survival curves.

Only numpy, pandas, scipy and statsmodels are imported here, so the code can be tested,
benchmarked and reused from the command line or a worker without a database.
"""

from neue_wege.evaluation.stats.matching import MatchingError, MatchResult, match_att

__all__ = ["MatchResult", "MatchingError", "match_att"]
