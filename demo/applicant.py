"""The demo applicant's own corner (AP, JB, EW): her profile, filled in through the profile
form and ``save_profile`` as on the profile page, complete enough to submit an application;
her job alerts, saved as the board saves them; and a direct application the municipality
answered with an offer she can accept or decline. Data in ``demo/data/applicant.py``. A
profile that is there already, job alerts she already has and an application she already
made are left as they are."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict

from demo.data import applicant as data
from demo.hiring import recruiter_of
from portal.models import User
from recruitment import alerts
from recruitment.applications import selectors as application_selectors
from recruitment.applications import services as application_services
from recruitment.applications.forms import ProfileForm
from recruitment.hiring import services as hiring_services
from recruitment.models import ApplicantProfile, Application, ChoiceStatus, Posting


@transaction.atomic
def seed_applicant_demo(applicant: User | None, now: datetime) -> int:
    """Returns how many job alerts were saved."""
    if applicant is None:
        return 0
    profile = ApplicantProfile.objects.filter(user=applicant).first()
    completeness = application_selectors.profile_completeness(applicant, profile)
    if profile is None or completeness.missing_required:
        _fill_in_profile(applicant, profile)
    saved = 0
    for filters, frequency in data.JOB_ALERTS:
        query = QueryDict(mutable=True)
        for name, values in filters.items():
            query.setlist(name, values)
        wanted = alerts.saved_query(query, now)
        if wanted is None:
            raise ValidationError(f"The board does not accept the demo alert {filters!r}.")
        if not alerts.alerts_of(applicant).filter(query=wanted).exists():
            alerts.create_for_user(applicant, wanted, frequency, now)
            saved += 1
    return saved


def _fill_in_profile(applicant: User, profile: ApplicantProfile | None) -> None:
    form_data = QueryDict(mutable=True)
    for name, value in data.PROFILE.items():
        if isinstance(value, list):
            form_data.setlist(name, value)
        else:
            form_data[name] = value
    form = ProfileForm(form_data, instance=profile, user=applicant)
    if not form.is_valid():
        raise ValidationError(f"The demo applicant's profile is refused: {form.errors.as_json()}")
    application_services.save_profile(
        user=applicant,
        profile=form.save(commit=False),
        full_name=form.cleaned_data["full_name"],
        interests=form.cleaned_data["interests"],
    )


@transaction.atomic
def seed_applicant_offer(applicant: User | None, now: datetime) -> bool:
    """She applies for the posting and sends the application; its employer's recruiter
    shortlists her and offers her the post. True when it was done now."""
    slug, title = data.OFFER_POSTING
    posting = Posting.objects.filter(employer__slug=slug, title=title).first()
    if applicant is None or posting is None:
        return False
    if Application.objects.filter(applicant=applicant, posting=posting).exists():
        return False
    recruiter = recruiter_of(posting)
    if recruiter is None:
        return False
    application = application_services.start_direct_application(
        user=applicant, posting=posting, now=now
    )
    application_services.submit_application(user=applicant, application=application, now=now)
    choice = application.choices.get()
    application_services.set_choice_status(
        user=recruiter, choices=[choice], status=ChoiceStatus.SHORTLISTED, note=data.SHORTLIST_NOTE
    )
    hiring_services.make_offer(user=recruiter, choice=choice, terms=data.OFFER_TERMS)
    return True
