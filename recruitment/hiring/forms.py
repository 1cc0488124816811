from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.merge import MergingFormMixin
from portal.models import Organisation
from recruitment.forms import DateInput, DateTimeInput
from recruitment.hiring import selectors, services
from recruitment.hiring.models import SCORE_FIELDS, SCORE_RANGE, Gender
from recruitment.hiring.selectors import PUBLIC_FIELDS
from recruitment.models import (
    InterviewAssessment,
    OfferWave,
)


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DateTimeInput(), help_text=_("Norwegian time (Europe/Oslo).")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=480, initial=30
    )
    count = forms.IntegerField(
        label=_("Number of back-to-back slots"),
        min_value=1,
        max_value=40,
        initial=1,
        help_text=_("For example 8 slots of 30 minutes from 09:00."),
    )
    capacity = forms.IntegerField(
        label=_("Candidates per slot"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=_("More than one for a group interview."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note to candidates"),
        max_length=500,
        required=False,
        help_text=_("For example what to bring, or where to meet."),
    )

    def __init__(self, *args, interviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = interviewers
        self.fields["interviewers"].label_from_instance = lambda u: u.full_name or u.email

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("video_url") and not self.errors:
            self.add_error("place", _("Give a place or a video link."))
        starts = cleaned.get("starts_at")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", _("The interview must be in the future."))
        return cleaned


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Municipality taking part"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name"),
    )


class InviteForm(forms.Form):
    choices = forms.TypedMultipleChoiceField(
        label=_("Candidates"),
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one candidate.")},
    )
    message = forms.CharField(
        label=_("Message to the candidates"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [
            (c.pk, c.application.applicant.full_name or c.application.applicant.email)
            for c in candidates
        ]


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = InterviewAssessment
        fields = [*SCORE_FIELDS, "primary_care_interest", "recommendation", "notes"]
        widgets = {
            "primary_care_interest": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [
            ("", _("No score")),
            *[(n, str(n)) for n in range(SCORE_RANGE[0], SCORE_RANGE[1] + 1)],
        ]
        for name in SCORE_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=scale,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("1 (weak) to 6 (excellent)"),
            )
        self.fields["primary_care_interest"].help_text = _(
            "What the candidate said about working in primary care (general practice)."
        )


class OfferForm(forms.Form):
    choice = forms.TypedChoiceField(
        label=_("Candidate"),
        coerce=int,
        choices=[],
        # Most often the same offer confirmed twice: the list of offers shows the first.
        error_messages={
            "invalid_choice": _(
                "This candidate cannot be offered the post now: they have an offer already, "
                "or their application has changed. See the offers below."
            )
        },
    )
    wave = forms.ModelChoiceField(
        label=_("Offer wave"),
        queryset=OfferWave.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("The offer stays invisible to the candidate until the wave is released."),
    )
    respond_by = forms.DateTimeField(
        label=_("Answer by"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Norwegian time (Europe/Oslo)."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput(), required=False)
    terms = forms.CharField(
        label=_("About the offer"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the candidate should know: rotation, salary terms, contact person."),
    )

    def __init__(self, *args, candidates, waves, default_respond_by, start_date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [
            (c.pk, c.application.applicant.full_name or c.application.applicant.email)
            for c in candidates
        ]
        if waves:
            self.fields["wave"].queryset = waves
            del self.fields["respond_by"]
        else:
            del self.fields["wave"]
            self.fields["respond_by"].initial = timezone.localtime(default_respond_by)
        self.fields["start_date"].initial = start_date


class ConfirmedOfferForm(forms.Form):
    """What an offer's confirmation page pinned (portal/confirmation.py): the answer
    deadline it showed and, for the reserve list, the candidate it named."""

    respond_by = forms.DateTimeField(required=False)
    choice = forms.IntegerField(required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the candidate sees it)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcceptForm(forms.Form):
    with_upgrade = forms.BooleanField(
        label=_("Accept with upgrade"),
        required=False,
        help_text=_(
            "Keep this post, but move automatically to a choice you ranked higher if it is "
            "offered to you in a later wave. This post is then given up."
        ),
    )


class WaveForm(MergingFormMixin, forms.ModelForm):
    """The coordinator's wave times. The calendar's rule is
    ``services.validate_wave_calendar``; its messages land on the fields here."""

    class Meta:
        model = OfferWave
        fields = ["offers_at", "answer_by", "marking_at"]
        widgets = {
            "offers_at": DateTimeInput(),
            "answer_by": DateTimeInput(),
            "marking_at": DateTimeInput(),
        }
        help_texts = {
            "offers_at": _("Norwegian time. Every employer's prepared offers are released then."),
            "answer_by": _(
                "The common answer deadline (svarfrist): every offer in the wave must be "
                "answered by then, and the portal keeps it exactly as set."
            ),
            "marking_at": _(
                "By then acceptances are marked for all employers. Left blank: noon the day "
                "after the answer deadline."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marking_at"].required = False

    def clean(self):
        cleaned = super().clean()
        blank_marking = not cleaned.get("marking_at") and "marking_at" not in self.errors
        if cleaned.get("answer_by") and blank_marking:
            cleaned["marking_at"] = services.default_marking_at(cleaned["answer_by"])
        times = [cleaned.get(k) for k in ("offers_at", "answer_by", "marking_at")]
        if all(times):
            offers_at, answer_by, marking_at = times
            wave = OfferWave(
                pk=self.instance.pk,
                round_id=self.instance.round_id,
                number=self.instance.number,
                offers_at=offers_at,
                answer_by=answer_by,
                marking_at=marking_at,
            )
            try:
                services.validate_wave_calendar(wave)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class UpgradePolicyForm(forms.Form):
    allow_upgrade = forms.BooleanField(
        label=_("Candidates may accept with upgrade"),
        required=False,
        help_text=_(
            "A candidate keeps the accepted post but is moved automatically to a "
            "higher-ranked choice offered in a later wave."
        ),
    )


class ExemptionDecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Leave off the list")), ("no", _("Keep on the list"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant is told)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- The public applicant list in the application form -------------------------------------
# ApplicationForm (recruitment/applications/forms.py) adds these fields, so the answers are
# saved with the application (also by autosave) and submitted with it.


def add_public_list_fields(form: forms.Form, application) -> None:
    this_year = timezone.localdate().year
    form.fields["public_birth_year"] = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1920, max_value=this_year - 16
    )
    form.fields["public_gender"] = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", "–"), *Gender.choices],
        help_text=_("Only counted in the list's totals, never shown by your name."),
    )
    form.fields["public_residence"] = forms.CharField(
        label=_("Municipality of residence"), required=False, max_length=100
    )
    form.fields["public_title"] = forms.CharField(
        label=_("Position or occupational title"),
        required=False,
        max_length=100,
        help_text=_("For example “Medical student” or “Doctor”."),
    )
    form.fields["public_exemption"] = forms.BooleanField(
        label=_("I ask to be left off the public applicant list"), required=False
    )
    form.fields["public_exemption_reason"] = forms.CharField(
        label=_("Why you ask"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Each employer decides, weighing your reasons against the public's right to "
            "know. You are told the decision before the list is published."
        ),
    )
    if form.is_bound:
        return
    details, request = selectors.public_list_state(application)
    for name, attribute in PUBLIC_FIELDS.items():
        form.fields[name].initial = getattr(details, attribute, None) if details else None
    form.fields["public_exemption"].initial = request is not None
    form.fields["public_exemption_reason"].initial = request.reason if request else ""
