from django.urls import path

from neue_wege.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
]
