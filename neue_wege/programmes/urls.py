from django.urls import path  # noqa: F401

from neue_wege.programmes import views

app_name = "programmes"
urlpatterns: list = []
