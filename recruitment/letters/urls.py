"""URLs of letters to applicants, included into the ``recruitment`` namespace."""

from django.urls import path

from recruitment.letters import views

urlpatterns = [
    path("manage/postings/<int:pk>/letters/", views.letters, name="letters"),
    path(
        "manage/postings/<int:pk>/letters/post-filled/",
        views.post_filled,
        name="letters_post_filled",
    ),
    path(
        "manage/organisations/<int:organisation_pk>/letter-templates/",
        views.templates,
        name="letter_templates",
    ),
    path(
        "manage/organisations/<int:organisation_pk>/letter-templates/<slug:kind>/",
        views.template_edit,
        name="letter_template_edit",
    ),
]
