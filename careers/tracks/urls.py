"""URLs of coupled tracks, included into the ``careers`` namespace."""

from django.urls import path

from careers.tracks import views

urlpatterns = [
    # Public and candidate
    path("tracks/", views.track_list, name="track_list"),
    path("tracks/<slug:slug>/", views.track_detail, name="track_detail"),
    path("tracks/<slug:slug>/consent/", views.track_consent, name="track_consent"),
    path("my-path/", views.my_path, name="my_path"),
    path("my-path/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path(
        "my-path/invitations/<int:pk>/answer/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    # Coordinator and chief physicians
    path("manage/tracks/", views.manage_tracks, name="manage_tracks"),
    path("manage/tracks/new/", views.track_create, name="track_create"),
    path("manage/tracks/<int:pk>/", views.manage_track, name="manage_track"),
    path("manage/tracks/<int:pk>/edit/", views.track_edit, name="track_edit"),
    path(
        "manage/tracks/<int:pk>/municipalities/add/",
        views.track_municipality_add,
        name="track_municipality_add",
    ),
    path(
        "manage/tracks/<int:pk>/municipalities/<int:municipality_pk>/remove/",
        views.track_municipality_remove,
        name="track_municipality_remove",
    ),
    path(
        "manage/tracks/<int:pk>/municipalities/<int:municipality_pk>/terms/",
        views.track_terms,
        name="track_terms",
    ),
    path(
        "manage/tracks/<int:pk>/municipalities/<int:municipality_pk>/pool/",
        views.pool,
        name="track_pool",
    ),
    path(
        "manage/tracks/<int:pk>/municipalities/<int:municipality_pk>/pool/<int:candidate_pk>/",
        views.pool_candidate,
        name="track_pool_candidate",
    ),
    path(
        "manage/tracks/<int:pk>/municipalities/<int:municipality_pk>/invitations/",
        views.municipality_invitations,
        name="track_invitations",
    ),
    path("manage/invitations/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path(
        "manage/invitations/<int:pk>/accept-proposal/",
        views.invitation_accept_proposal,
        name="invitation_accept_proposal",
    ),
    path("manage/invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path(
        "manage/invitations/<int:pk>/outcome/", views.invitation_outcome, name="invitation_outcome"
    ),
    path("manage/invitations/<int:pk>/placement/", views.placement_create, name="placement_create"),
    path("manage/placements/", views.placements, name="placements"),
    path("manage/placements/<int:pk>/", views.placement_edit, name="placement_edit"),
]
