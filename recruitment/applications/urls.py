"""URLs of the application portal, included into the ``recruitment`` namespace."""

from django.urls import path

from recruitment.applications import views

urlpatterns = [
    # Applicant
    path("profile/", views.profile, name="profile"),
    path("profile/documents/", views.documents, name="documents"),
    path(
        "profile/documents/<uuid:uuid>/replace/",
        views.document_replace,
        name="document_replace",
    ),
    path("profile/documents/<uuid:uuid>/delete/", views.document_delete, name="document_delete"),
    path("documents/<uuid:uuid>/download/", views.document_download, name="document_download"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/autosave/",
        views.application_autosave,
        name="application_autosave",
    ),
    # The editor's buttons, one view each (the form's own button saves the draft).
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/find/", views.application_find, name="application_find"),
    path("applications/<int:pk>/reorder/", views.choices_reorder, name="choices_reorder"),
    path(
        "applications/<int:pk>/postings/<int:posting_pk>/add/",
        views.choice_add,
        name="choice_add",
    ),
    path(
        "applications/<int:pk>/choices/<int:choice_pk>/up/",
        views.choice_move_up,
        name="choice_move_up",
    ),
    path(
        "applications/<int:pk>/choices/<int:choice_pk>/down/",
        views.choice_move_down,
        name="choice_move_down",
    ),
    path(
        "applications/<int:pk>/choices/<int:choice_pk>/remove/",
        views.choice_remove,
        name="choice_remove",
    ),
    path(
        "applications/<int:pk>/conflicts/<str:field>/keep-theirs/",
        views.application_keep_theirs,
        name="application_keep_theirs",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/choices/<int:choice_pk>/withdraw/",
        views.choice_withdraw,
        name="choice_withdraw",
    ),
    path("applications/<int:pk>/delete/", views.application_delete, name="application_delete"),
    path("rounds/<int:pk>/apply/", views.round_apply, name="round_apply"),
    path("jobs/<slug:slug>/apply/", views.posting_apply, name="posting_apply"),
    # Employer
    path(
        "manage/postings/<int:pk>/applicants/",
        views.posting_applicants,
        name="posting_applicants",
    ),
    path(
        "manage/postings/<int:pk>/applicants.csv",
        views.posting_applicants_csv,
        name="posting_applicants_csv",
    ),
    path(
        "manage/postings/<int:pk>/applicants/bulk/",
        views.posting_applicants_bulk,
        name="posting_applicants_bulk",
    ),
    path("manage/applications/<int:pk>/", views.staff_application, name="staff_application"),
    path(
        "manage/applications/<int:pk>/documents/<uuid:uuid>/",
        views.staff_document,
        name="staff_document",
    ),
    path("manage/choices/<int:pk>/status/", views.staff_choice_status, name="staff_choice_status"),
    path("manage/choices/<int:pk>/notes/", views.staff_choice_note, name="staff_choice_note"),
    # Coordinator
    path("manage/rounds/", views.rounds, name="rounds"),
    path("manage/rounds/new/", views.round_create, name="round_create"),
    path("manage/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("manage/rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("manage/rounds/<int:pk>/postings/", views.round_postings, name="round_postings"),
    path(
        "manage/rounds/<int:pk>/postings/<int:posting_pk>/remove/",
        views.round_posting_remove,
        name="round_posting_remove",
    ),
]
