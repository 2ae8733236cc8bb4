"""The occupation detail page and the sources-and-licences page.

The classification holds no personal data: every logged-in participant and staff member may
read an occupation (no audit row); other accounts get 404. Vacancies and training offers
come from the BA client, which answers ``None`` when it is switched off or offline; the page
then says so calmly instead of failing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from neue_wege.orientation import selectors
from neue_wege.orientation.ba import get_client, search_term
from neue_wege.orientation.models import ClassificationVersion, Occupation
from neue_wege.orientation.models.occupations import MIN_GERMAN_SKILLS, RIASEC_ORDER
from neue_wege.privacy import access

RIASEC_LABELS = {  # plain-German theme names
    "R": _("praktisch-technisch"), "I": _("forschend"), "A": _("künstlerisch-kreativ"),
    "S": _("sozial"), "E": _("unternehmerisch"), "C": _("ordnend-verwaltend"),
}
MAX_SKILLS = 40


def _base_template(request: HttpRequest) -> str:
    return "portal/base_portal.html" if access.is_participant(request.user) else "base.html"


@require_GET
def occupation_detail(request: HttpRequest, occupation_id: str) -> HttpResponse:
    if not access.can_read_occupations(request.user):
        raise Http404("Nicht gefunden")
    try:
        occupation = Occupation.objects.select_related("classification_version").get(
            pk=occupation_id)
    except (Occupation.DoesNotExist, ValueError) as error:
        raise Http404("Nicht gefunden") from error
    client = get_client()
    jobs = trainings = None
    places: list[str] = []
    if client.enabled:
        term = search_term(occupation.label)
        places = selectors.vacancy_places_for(user=request.user)
        jobs = client.jobs(term, places[0], size=5) if places else client.jobs(term, size=5)
        trainings = client.trainings(term)
    riasec = [{"letter": d, "label": RIASEC_LABELS[d], "score": float(occupation.riasec[d]),
               "percent": round((float(occupation.riasec[d]) - 1) / 6 * 100)}
              for d in RIASEC_ORDER if d in occupation.riasec]
    skills = occupation.german_skills  # never English: participants read German
    return render(request, "orientation/occupation_detail.html", {
        "base_template": _base_template(request),
        "staff": not access.is_participant(request.user),
        "occupation": occupation,
        "forms": [f.strip() for f in occupation.label.split("/") if f.strip()],
        "skills": skills[:MAX_SKILLS],
        "more_skills": max(len(skills) - MAX_SKILLS, 0),
        "show_activities": len(skills) < MIN_GERMAN_SKILLS and bool(occupation.kldb_activities),
        "riasec": riasec,
        "ba_enabled": client.enabled,
        "ba_online": client.enabled and (jobs is not None or trainings is not None),
        "jobs": jobs, "trainings": trainings, "place": places[0] if places else "",
        "radius": settings.NW_BA_RADIUS_KM,
    })


@login_not_required
@require_GET
def attributions(request: HttpRequest) -> HttpResponse:
    """Sources and licences of the classifications (required attributions); public."""
    return render(request, "orientation/attributions.html", {
        "base_template": _base_template(request),
        "versions": ClassificationVersion.objects.order_by("name"),
    })
