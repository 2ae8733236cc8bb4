from django.urls import path  # noqa: F401

from neue_wege.clients import views

app_name = "clients"
urlpatterns: list = []
