from django.urls import path

from portal.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.coordinator, name="coordinator"),
    path("print/", views.coordinator_print, name="coordinator_print"),
    path("export/all.xlsx", views.coordinator_export_all, name="coordinator_export_all"),
    path("export/<slug:table>.<str:fmt>", views.coordinator_export, name="coordinator_export"),
    path("employer/", views.employer, name="employer"),
    path("employer/print/", views.employer_print, name="employer_print"),
    path("employer/export/all.xlsx", views.employer_export_all, name="employer_export_all"),
    path("employer/export/<slug:table>.<str:fmt>", views.employer_export, name="employer_export"),
]
