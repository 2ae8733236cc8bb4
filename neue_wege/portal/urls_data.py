"""Portal URLs: my data, downloads and releases (see portal/urls.py)."""

from django.urls import path

from neue_wege.portal import views_data

urlpatterns: list = [
    path("portal/meine-daten/", views_data.my_data, name="my-data"),
    path("portal/meine-daten/anfrage/", views_data.data_request_create,
         name="data-request-create"),
    path("portal/meine-daten/json/", views_data.my_data_json, name="my-data-json"),
    path("portal/meine-daten/pdf/", views_data.my_data_pdf, name="my-data-pdf"),
    path("portal/freigaben/", views_data.release_list, name="releases"),
    path("portal/freigaben/<slug:item_key>/", views_data.release_change, name="release-change"),
]
