"""Client for the Federal Employment Agency's public APIs (Jobsuche, Weiterbildungssuche).

Off by default (``NW_BA_API_ENABLED``); when on, answers are cached (``NW_BA_CACHE_SECONDS``)
and any network or format error gives ``None`` – pages never fail because the BA is
unreachable. Tests inject a transport that serves the spec-derived fixtures
(``fixtures/README.md``); nothing here ever reaches the network in tests.
"""

from neue_wege.orientation.ba.client import (
    BAClient,
    JobOffer,
    JobSearch,
    TrainingOffer,
    TrainingSearch,
    get_client,
    search_term,
)

__all__ = ["BAClient", "JobOffer", "JobSearch", "TrainingOffer", "TrainingSearch",
           "get_client", "search_term"]
