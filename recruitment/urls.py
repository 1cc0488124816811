from django.urls import path

from recruitment import alert_views, feeds, views

app_name = "recruitment"

urlpatterns = [
    path("jobs/", views.board, name="board"),
    path("jobs/feed/", feeds.LatestPostingsFeed(), name="feed"),
    path("jobs/deadlines.ics", feeds.deadlines_ics, name="deadlines_ics"),
    path("jobs/alerts/", alert_views.my_alerts, name="my_alerts"),
    path("jobs/alerts/new/", alert_views.alert_new, name="alert_new"),
    path("jobs/alerts/confirm/<str:token>/", alert_views.alert_confirm, name="alert_confirm"),
    path("jobs/alerts/<int:pk>/delete/", alert_views.alert_delete, name="alert_delete"),
    path("jobs/<int:pk>/", views.posting_by_id, name="posting_by_id"),
    path("jobs/<slug:slug>/", views.posting_detail, name="posting_detail"),
    path("manage/postings/", views.manage_postings, name="manage_postings"),
    path("manage/postings/new/", views.create_posting, name="create_posting"),
    path("manage/postings/<int:pk>/", views.manage_posting, name="manage_posting"),
    path("manage/postings/<int:pk>/edit/", views.edit_posting, name="edit_posting"),
    path("manage/postings/<int:pk>/publish/", views.publish_posting, name="publish_posting"),
    path("manage/postings/<int:pk>/close/", views.close_posting, name="close_posting"),
]

# The application portal (profile, documents, rounds, applications, employer review).
from recruitment.applications.urls import urlpatterns as application_urlpatterns  # noqa: E402

urlpatterns += application_urlpatterns

# The employer workflow (interviews, offers, reserve lists, public applicant lists).
from recruitment.hiring.urls import urlpatterns as hiring_urlpatterns  # noqa: E402

urlpatterns += hiring_urlpatterns

# Letters to applicants (templates per organisation, choose, preview, send).
from recruitment.letters.urls import urlpatterns as letter_urlpatterns  # noqa: E402

urlpatterns += letter_urlpatterns
