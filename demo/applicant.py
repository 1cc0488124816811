"""The demo applicant's own corner (AP, JB): her profile, filled in through the profile
form and ``save_profile`` as on the profile page, complete enough to submit an application;
and her job alerts, saved as the board saves them. Data in ``demo/data/applicant.py``. A
profile that is there already and job alerts she already has are left as they are."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict

from demo.data import applicant as data
from portal.models import User
from recruitment import alerts
from recruitment.applications import selectors as application_selectors
from recruitment.applications import services as application_services
from recruitment.applications.forms import ProfileForm
from recruitment.models import ApplicantProfile


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
