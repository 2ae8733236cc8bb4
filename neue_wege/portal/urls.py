"""The participants' portal under /portal/: one URL module per part, joined here."""

from neue_wege.portal import urls_account, urls_data, urls_profile, urls_stories

app_name = "portal"
urlpatterns = [*urls_account.urlpatterns, *urls_stories.urlpatterns, *urls_profile.urlpatterns,
               *urls_data.urlpatterns]
