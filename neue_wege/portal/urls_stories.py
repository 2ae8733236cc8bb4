"""Portal URLs: stories (see portal/urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
