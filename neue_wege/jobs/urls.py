from django.urls import path

from neue_wege.jobs import views

app_name = "jobs"
urlpatterns = [
    path("auftraege/", views.job_list, name="job-list"),
]
