"""Portal URLs: stories, sharing, the group space, feedback, the assistant (see portal/urls.py)."""

from django.urls import path

from neue_wege.portal import views_stories as views

urlpatterns: list = [
    path("portal/geschichten/", views.story_list, name="story-list"),
    path("portal/geschichten/neu/", views.story_create, name="story-create"),
    path("portal/geschichten/entwurf/", views.story_autosave, name="story-autosave"),
    path("portal/geschichten/<uuid:story_id>/", views.story_detail, name="story-detail"),
    path("portal/geschichten/<uuid:story_id>/bearbeiten/", views.story_edit,
         name="story-edit"),
    path("portal/geschichten/<uuid:story_id>/teilen/", views.story_share, name="story-share"),
    path("portal/geschichten/<uuid:story_id>/zuruecknehmen/", views.story_withdraw,
         name="story-withdraw"),
    path("portal/geschichten/<uuid:story_id>/rueckmeldung/", views.feedback_create,
         name="feedback-create"),
    path("portal/geschichten/<uuid:story_id>/meine-staerken/", views.feedback_self,
         name="feedback-self"),
    path("portal/geschichten/<uuid:story_id>/vorschlaege/", views.story_suggestions,
         name="story-suggestions"),
    path("portal/geschichten/<uuid:story_id>/vorschlaege/entscheiden/",
         views.suggestion_decide, name="suggestion-decide"),
    path("portal/gruppe/", views.group_stories, name="group-stories"),
    path("portal/assistent/", views.assistant_help, name="assistant-help"),
]
