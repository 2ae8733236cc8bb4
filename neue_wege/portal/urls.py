"""URLs of the participants' portal (namespace `portal`), all under /portal/: account,
stories and the group space, strengths profile, my data and releases, the path ("Mein Weg",
views from the orientation app's services) and the self-assessment (outcomes)."""

from django.urls import path

from neue_wege.portal.views import account, data, orientation, outcomes, profile, stories

app_name = "portal"
urlpatterns = [
    # account
    path("portal/", account.home, name="home"),
    path("portal/willkommen/", account.account_activate, name="account-activate"),
    path("portal/teilnahmen/<uuid:enrollment_id>/einladung/", account.invitation_create,
         name="invitation-create"),
    path("portal/einladungen/<uuid:invitation_id>/pdf/", account.invitation_pdf,
         name="invitation-pdf"),
    # stories, sharing, the group space, feedback, the assistant
    path("portal/geschichten/", stories.story_list, name="story-list"),
    path("portal/geschichten/neu/", stories.story_create, name="story-create"),
    path("portal/geschichten/entwurf/", stories.story_autosave, name="story-autosave"),
    path("portal/geschichten/<uuid:story_id>/", stories.story_detail, name="story-detail"),
    path("portal/geschichten/<uuid:story_id>/bearbeiten/", stories.story_edit,
         name="story-edit"),
    path("portal/geschichten/<uuid:story_id>/teilen/", stories.story_share,
         name="story-share"),
    path("portal/geschichten/<uuid:story_id>/zuruecknehmen/", stories.story_withdraw,
         name="story-withdraw"),
    path("portal/geschichten/<uuid:story_id>/rueckmeldung/", stories.feedback_create,
         name="feedback-create"),
    path("portal/geschichten/<uuid:story_id>/meine-staerken/", stories.feedback_self,
         name="feedback-self"),
    path("portal/geschichten/<uuid:story_id>/vorschlaege/", stories.story_suggestions,
         name="story-suggestions"),
    path("portal/geschichten/<uuid:story_id>/vorschlaege/entscheiden/",
         stories.suggestion_decide, name="suggestion-decide"),
    path("portal/gruppe/", stories.group_stories, name="group-stories"),
    path("portal/assistent/", stories.assistant_help, name="assistant-help"),
    # the strengths profile
    path("portal/staerken/", profile.profile, name="profile"),
    path("portal/staerken/pdf/", profile.profile_pdf, name="profile-pdf"),
    path("portal/staerken/einwilligung-export/", profile.profile_export_consent,
         name="profile-export-consent"),
    # my data, downloads and releases
    path("portal/meine-daten/", data.my_data, name="my-data"),
    path("portal/meine-daten/anfrage/", data.data_request_create,
         name="data-request-create"),
    path("portal/meine-daten/json/", data.my_data_json, name="my-data-json"),
    path("portal/meine-daten/pdf/", data.my_data_pdf, name="my-data-pdf"),
    path("portal/freigaben/", data.release_list, name="releases"),
    path("portal/freigaben/<slug:item_key>/", data.release_change, name="release-change"),
    path("portal/freigaben/<slug:item_key>/vorschau/", data.release_preview,
         name="release-preview"),
    # the path ("Mein Weg"): interests, vision, obstacles and strategies, steps, occupations
    path("portal/mein-weg/", orientation.pathway_overview, name="pathway-overview"),
    path("portal/interessen/", orientation.interests_page, name="pathway-interests"),
    path("portal/interessen/check/", orientation.interest_check_create,
         name="pathway-interest-check-create"),
    path("portal/zielbild/", orientation.vision, name="pathway-vision"),
    path("portal/hindernisse/", orientation.obstacles, name="pathway-obstacles"),
    path("portal/hindernisse/neu/", orientation.obstacle_create, name="pathway-obstacle-create"),
    path("portal/hindernisse/<uuid:obstacle_id>/strategie/", orientation.strategy_create,
         name="pathway-strategy-create"),
    path("portal/hindernisse/<uuid:obstacle_id>/entfernen/", orientation.obstacle_delete,
         name="pathway-obstacle-delete"),
    path("portal/strategien/<uuid:strategy_id>/stand/", orientation.strategy_status,
         name="pathway-strategy-status"),
    path("portal/naechste-schritte/", orientation.steps, name="pathway-steps"),
    path("portal/naechste-schritte/pdf/", orientation.steps_pdf, name="pathway-steps-pdf"),
    path("portal/naechste-schritte/<uuid:step_id>/erledigt/", orientation.step_done,
         name="pathway-step-done"),
    path("portal/berufe/", orientation.suggestions, name="pathway-suggestions"),
    path("portal/berufe/<uuid:suggestion_id>/entscheiden/", orientation.suggestion_decide,
         name="pathway-suggestion-decide"),
    path("portal/berufe/<uuid:suggestion_id>/schritte/", orientation.suggestion_steps,
         name="pathway-suggestion-steps"),
    # the self-assessment
    path("portal/selbsteinschaetzung/", outcomes.self_assessment, name="self-assessment"),
]
