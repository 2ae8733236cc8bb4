"""The fit of a suggested occupation in words, for participants.

The assistant's score (0..1) means nothing to a participant ("Passung 0,57"); every page shows
these words instead, and staff find the number behind a "Details" toggle. One function, used
by every template through the ``fit_words`` filter (``orientation_tags``).

The thresholds come from the spread of the top 10 on the development stories (first place
0.37–0.71, tenth 0.28–0.56): about the upper third of what a first place reaches is
"passt gut", the middle "passt teilweise", below that "passt eher wenig".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

GOOD = 0.55
PARTLY = 0.40


def fit_words(score: float | None) -> str:
    """The score (0..1) in plain German words."""
    try:
        value = float(score)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if value >= GOOD:
        return str(_("passt gut"))
    if value >= PARTLY:
        return str(_("passt teilweise"))
    return str(_("passt eher wenig"))
