"""URLs of the orientation app (namespace `orientation`): the occupation pages and the
facilitator's view under /durchlaeufe/ (read only, except exploring, saving and dismissing
occupation suggestions with the participant). The participant's path lives in the portal
(`portal/views/orientation.py`, namespace `portal`)."""

from django.urls import path

from neue_wege.orientation.views import occupations, run

app_name = "orientation"
urlpatterns = [
    # the occupational classification (no personal data) and its sources and licences
    path("berufe/<uuid:occupation_id>/", occupations.occupation_detail,
         name="occupation-detail"),
    path("berufe/quellen-und-lizenzen/", occupations.attributions, name="attributions"),
    # the facilitator's view (suggestions: explore, save, dismiss with the participant)
    path("durchlaeufe/<uuid:run_id>/wege/", run.run_pathways, name="run-pathways"),
    path("durchlaeufe/<uuid:run_id>/wege/<uuid:enrollment_id>/", run.run_pathway_detail,
         name="run-pathway-detail"),
    path("durchlaeufe/<uuid:run_id>/wege/<uuid:enrollment_id>/berufe/",
         run.run_pathway_suggestions, name="run-pathway-suggestions"),
    path("durchlaeufe/<uuid:run_id>/wege/<uuid:enrollment_id>/berufe/<uuid:suggestion_id>/"
         "entscheiden/", run.run_suggestion_decide, name="run-suggestion-decide"),
]
