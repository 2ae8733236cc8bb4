from django.urls import path

from neue_wege.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("auswertung/", views.page, name="page"),
    path("auswertung/nichterscheinen/", views.noshow, name="noshow"),
    path("auswertung/neu-berechnen/", views.recompute, name="recompute"),
    path("auswertung/auswertung.xlsx", views.export_xlsx, name="export-xlsx"),
    path("auswertung/auswertung.csv", views.export_csv, name="export-csv"),
    path("auswertung/bericht.pdf", views.export_pdf, name="export-pdf"),
]
