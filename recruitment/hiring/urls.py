"""URLs of the employer workflow, included into the ``recruitment`` namespace."""

from django.urls import path

from recruitment.hiring import views

urlpatterns = [
    # Candidate
    path("interviews/<int:pk>/book/", views.book, name="hiring_book"),
    path(
        "interviews/bookings/<int:pk>/cancel/", views.booking_cancel, name="hiring_booking_cancel"
    ),
    path("interviews/bookings/<int:pk>.ics", views.booking_ics, name="hiring_booking_ics"),
    path("offers/", views.my_offers, name="my_offers"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="hiring_offer_accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="hiring_offer_decline"),
    # Public
    path("jobs/<slug:slug>/applicant-list/", views.public_list, name="public_applicant_list"),
    # Employer and interviewers
    path("manage/interviews/", views.staff_interviews, name="hiring_staff_interviews"),
    path("manage/postings/<int:pk>/interviews/", views.interviews, name="hiring_interviews"),
    path("manage/postings/<int:pk>/interviews/invite/", views.invite, name="hiring_invite"),
    path(
        "manage/postings/<int:pk>/interviews/participants/",
        views.participant_add,
        name="hiring_participant_add",
    ),
    path(
        "manage/postings/<int:pk>/interviews/participants/<int:participant_pk>/remove/",
        views.participant_remove,
        name="hiring_participant_remove",
    ),
    path("manage/interview-slots/<int:pk>/cancel/", views.slot_cancel, name="hiring_slot_cancel"),
    path("manage/interview-slots/<int:pk>.ics", views.slot_ics, name="hiring_slot_ics"),
    path("manage/choices/<int:pk>/assessment/", views.assessment, name="hiring_assessment"),
    path("manage/postings/<int:pk>/offers/", views.offers, name="hiring_offers"),
    path(
        "manage/postings/<int:pk>/offers/next-reserve/",
        views.offer_next_reserve,
        name="hiring_offer_next_reserve",
    ),
    path("manage/postings/<int:pk>/reserve/", views.reserve, name="hiring_reserve"),
    path("manage/postings/<int:pk>/last-list/", views.last_list, name="hiring_last_list"),
    path(
        "manage/postings/<int:pk>/last-list/<int:choice_pk>/offer/",
        views.offer_from_list,
        name="hiring_offer_from_list",
    ),
    path("manage/offers/<int:pk>/withdraw/", views.offer_withdraw, name="hiring_offer_withdraw"),
    path("manage/offers/<int:pk>/cancel/", views.offer_cancel, name="hiring_offer_cancel"),
    path(
        "manage/postings/<int:pk>/public-list/",
        views.public_list_manage,
        name="hiring_public_list_manage",
    ),
    path(
        "manage/postings/<int:pk>/public-list/<int:choice_pk>/decide/",
        views.exemption_decide,
        name="hiring_exemption_decide",
    ),
    path(
        "manage/postings/<int:pk>/public-list/publish/",
        views.public_list_publish,
        name="hiring_public_list_publish",
    ),
    # Coordinator
    path("manage/rounds/<int:pk>/waves/", views.waves, name="hiring_waves"),
    path("manage/rounds/<int:pk>/offer-rules/", views.upgrade_policy, name="hiring_upgrade_policy"),
    path("manage/waves/<int:pk>/edit/", views.wave_edit, name="hiring_wave_edit"),
    path("manage/waves/<int:pk>/delete/", views.wave_delete, name="hiring_wave_delete"),
]
