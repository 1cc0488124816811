from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("survey/thanks/", views.thanks, name="thanks"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("feedback/", views.campaign_list, name="campaign_list"),
    path("feedback/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("feedback/campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("feedback/campaigns/<int:pk>/invite/", views.campaign_invite, name="campaign_invite"),
    path("feedback/campaigns/<int:pk>/results/", views.campaign_results, name="campaign_results"),
    path(
        "feedback/campaigns/<int:pk>/results.csv",
        views.campaign_results_csv,
        name="campaign_results_csv",
    ),
    path("feedback/templates/", views.template_list, name="template_list"),
    path("feedback/templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("feedback/templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("feedback/templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("feedback/templates/<int:pk>/trends/", views.template_trends, name="template_trends"),
]
