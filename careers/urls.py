from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("careers/", views.career_index, name="index"),
    path("careers/path/<slug:path>/", views.career_path, name="path"),
    path("careers/<slug:stage>/", views.career_stage, name="stage"),
    path("careers/<slug:stage>/edit/", views.career_stage_edit, name="stage_edit"),
    path("events/", views.event_list, name="event_list"),
    path("events/feed.ics", views.events_feed, name="events_feed"),
    path("events/new/", views.event_create, name="event_create"),
    path(
        "events/information-evenings/",
        views.information_evenings,
        name="information_evenings",
    ),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/attendees/", views.event_attendees, name="event_attendees"),
    path("events/<int:pk>/attendees.csv", views.event_attendees_csv, name="event_attendees_csv"),
    path("manage/events/", views.manage_events, name="manage_events"),
    path("onboarding/", views.my_onboarding, name="my_onboarding"),
    path("manage/onboarding/", views.manage_onboardings, name="manage_onboardings"),
    path("manage/onboarding/<int:pk>/", views.manage_onboarding, name="manage_onboarding"),
    path(
        "manage/onboarding/<int:pk>/items/<int:item_pk>/",
        views.onboarding_item_toggle,
        name="onboarding_item_toggle",
    ),
    path(
        "manage/onboarding/template/<int:organisation_pk>/",
        views.checklist_template,
        name="checklist_template",
    ),
]

# Coupled LIS1 → ALIS/LIS3 tracks (public scheme, candidate's path, pool and placements).
from careers.tracks.urls import urlpatterns as track_urlpatterns  # noqa: E402

urlpatterns += track_urlpatterns
