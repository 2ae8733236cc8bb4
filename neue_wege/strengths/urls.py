"""Staff pages of the strengths app (namespace `strengths`)."""

from django.urls import path

from neue_wege.strengths.views import catalogue, run_space

app_name = "strengths"
urlpatterns = [
    # the facilitator's run space
    path("durchlaeufe/<uuid:run_id>/staerken/", run_space.run_space, name="run-space"),
    path("durchlaeufe/<uuid:run_id>/staerken/rueckmeldungen/<uuid:feedback_id>/freigeben/",
         run_space.feedback_release, name="feedback-release"),
    path("durchlaeufe/<uuid:run_id>/staerken/rueckmeldungen/<uuid:feedback_id>/entfernen/",
         run_space.feedback_remove, name="feedback-remove"),
    path("durchlaeufe/<uuid:run_id>/staerken/geschichten/<uuid:story_id>/rueckmeldung/",
         run_space.feedback_create, name="feedback-create"),
    path("durchlaeufe/<uuid:run_id>/staerken/teilnehmende/<uuid:enrollment_id>/profil.pdf",
         run_space.profile_export, name="profile-export"),
    # the strength catalogue
    path("staerkenkatalog/", catalogue.catalogue_detail, name="catalogue-detail"),
    path("staerkenkatalog/versionen/", catalogue.catalogue_history, name="catalogue-history"),
    path("staerkenkatalog/versionen/neu/", catalogue.catalogue_version_create,
         name="catalogue-version-create"),
    path("staerkenkatalog/versionen/<uuid:catalogue_id>/", catalogue.catalogue_version_detail,
         name="catalogue-version-detail"),
    path("staerkenkatalog/versionen/<uuid:catalogue_id>/staerken/neu/",
         catalogue.strength_create, name="strength-create"),
    path("staerkenkatalog/versionen/<uuid:catalogue_id>/staerken/<uuid:strength_id>/"
         "bearbeiten/", catalogue.strength_update, name="strength-update"),
    path("staerkenkatalog/versionen/<uuid:catalogue_id>/staerken/<uuid:strength_id>/"
         "entfernen/", catalogue.strength_delete, name="strength-delete"),
]
