"""URLs of the orientation app (namespace `orientation`): the occupation pages, the
participant's path under /portal/ and the facilitator's view under /durchlaeufe/ (read
only, except exploring, saving and dismissing occupation suggestions with the participant)."""

from django.urls import path

from neue_wege.orientation import views_occupations as occupations
from neue_wege.orientation import views_portal as portal
from neue_wege.orientation import views_run as run

app_name = "orientation"
urlpatterns = [
    # the occupational classification (no personal data) and its sources and licences
    path("berufe/<uuid:occupation_id>/", occupations.occupation_detail,
         name="occupation-detail"),
    path("berufe/quellen-und-lizenzen/", occupations.attributions, name="attributions"),
    # the participant's path ("Mein Weg")
    path("portal/mein-weg/", portal.pathway_overview, name="pathway-overview"),
    path("portal/interessen/", portal.interests_page, name="interests"),
    path("portal/interessen/check/", portal.interest_check_create,
         name="interest-check-create"),
    path("portal/zielbild/", portal.vision, name="vision"),
    path("portal/hindernisse/", portal.obstacles, name="obstacles"),
    path("portal/hindernisse/neu/", portal.obstacle_create, name="obstacle-create"),
    path("portal/hindernisse/<uuid:obstacle_id>/strategie/", portal.strategy_create,
         name="strategy-create"),
    path("portal/hindernisse/<uuid:obstacle_id>/entfernen/", portal.obstacle_delete,
         name="obstacle-delete"),
    path("portal/strategien/<uuid:strategy_id>/stand/", portal.strategy_status,
         name="strategy-status"),
    path("portal/naechste-schritte/", portal.steps, name="steps"),
    path("portal/naechste-schritte/pdf/", portal.steps_pdf, name="steps-pdf"),
    path("portal/naechste-schritte/<uuid:step_id>/erledigt/", portal.step_done,
         name="step-done"),
    path("portal/berufe/", portal.suggestions, name="suggestions"),
    path("portal/berufe/<uuid:suggestion_id>/entscheiden/", portal.suggestion_decide,
         name="suggestion-decide"),
    path("portal/berufe/<uuid:suggestion_id>/schritte/", portal.suggestion_steps,
         name="suggestion-steps"),
    # the facilitator's view (suggestions: explore, save, dismiss with the participant)
    path("durchlaeufe/<uuid:run_id>/wege/", run.run_pathways, name="run-pathways"),
    path("durchlaeufe/<uuid:run_id>/wege/<uuid:enrollment_id>/", run.run_pathway_detail,
         name="run-pathway-detail"),
    path("durchlaeufe/<uuid:run_id>/wege/<uuid:enrollment_id>/berufe/",
         run.run_pathway_suggestions, name="run-pathway-suggestions"),
    path("durchlaeufe/<uuid:run_id>/wege/<uuid:enrollment_id>/berufe/<uuid:suggestion_id>/"
         "entscheiden/", run.run_suggestion_decide, name="run-suggestion-decide"),
]
