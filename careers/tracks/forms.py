from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from careers.models import Invitation, InvitationKind, Placement, Track, TrackMunicipality
from careers.tracks.services import Answer
from portal.merge import MergingFormMixin
from portal.models import Organisation
from recruitment.forms import DateInput, DateTimeInput
from recruitment.models import CareerPreference, Posting, PostingKind


class TrackForm(MergingFormMixin, forms.ModelForm):
    """The coordinator's form. The postings offered are the LIS1 postings of hospital trusts
    and their hospitals; the service checks that they belong to the chosen trust."""

    class Meta:
        model = Track
        fields = [
            "name",
            "hospital_trust",
            "summary",
            "description",
            "postings",
            "coupled_places",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "postings": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hospital_trust"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.HOSPITAL_TRUST
        ).order_by("name")
        self.fields["postings"].queryset = (
            Posting.objects.filter(kind=PostingKind.LIS1)
            .exclude(status=Posting.Status.CLOSED)
            .select_related("employer__parent")
            .with_deadline()
            .order_by("employer__name", "application_deadline_at", "title")
        )
        self.fields["postings"].label_from_instance = lambda p: (
            f"{p.title} – {p.employer.name} ({p.number_of_posts})"
        )
        self.fields["postings"].help_text = _(
            "The LIS1 postings whose accepted candidates the municipalities may meet. The "
            "number of posts is in brackets."
        )


class AddMunicipalityForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Add a municipality"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, track: Track, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = (
            Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
            .exclude(track_participations__track=track)
            .order_by("name")
        )


class TermsForm(MergingFormMixin, forms.ModelForm):
    class Meta:
        model = TrackMunicipality
        fields = ["salary_model", "supervision", "education_plan", "housing", "other_terms"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("salary_model", "supervision", "education_plan", "housing", "other_terms")
        }


class ConsentForm(forms.Form):
    """The candidate's preference and, separately, their consent. Neither box is ever
    ticked for them: ``consent`` starts ticked only when they hold an active consent."""

    preference = forms.ChoiceField(
        label=_("After LIS1, where would you rather work?"),
        choices=CareerPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose hospital, primary care or undecided.")},
    )
    consent = forms.BooleanField(
        label=_("I consent to sharing my profile with the municipalities named above."),
        required=False,
    )
    share_documents = forms.BooleanField(
        label=_("I also consent to sharing my documents (optional)."),
        required=False,
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"
            # The checkboxes are described by the consent texts shown above them.
            self.fields["consent"].widget.attrs["aria-describedby"] = f"{prefix_id}-consent-text"
            self.fields["share_documents"].widget.attrs["aria-describedby"] = (
                f"{prefix_id}-documents-text"
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("share_documents") and not cleaned.get("consent"):
            self.add_error(
                "share_documents",
                _("Documents can only be shared together with your profile: tick both, or none."),
            )
        return cleaned


class PoolFilterForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("local", _("Local connection")),
            ("name", _("Name")),
            ("graduation", _("Graduation date")),
            ("lis1_start", _("LIS1 start")),
            ("consent", _("Newest in the pool")),
        ],
    )
    local_only = forms.BooleanField(label=_("Only with local connection"), required=False)

    def values(self) -> dict:
        if not self.is_valid():
            return {"sort": "local", "local_only": False}
        return {
            "sort": self.cleaned_data["sort"] or "local",
            "local_only": self.cleaned_data["local_only"],
        }


class InviteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Invite to"), choices=InvitationKind.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message to the candidate"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you would like to show or talk about, and who they will meet."),
    )
    place = forms.CharField(
        label=_("Place"), max_length=300, required=False, help_text=_("Address, or “by video”.")
    )
    time_1 = forms.DateTimeField(label=_("Proposed time 1"), widget=DateTimeInput())
    time_2 = forms.DateTimeField(label=_("Proposed time 2"), required=False, widget=DateTimeInput())
    time_3 = forms.DateTimeField(label=_("Proposed time 3"), required=False, widget=DateTimeInput())

    def times(self) -> list:
        return [
            self.cleaned_data[name]
            for name in ("time_1", "time_2", "time_3")
            if self.cleaned_data.get(name)
        ]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Answer.ACCEPT, _("I accept this time")),
            (Answer.PROPOSE, _("I propose another time")),
            (Answer.DECLINE, _("No, thank you")),
        ],
        widget=forms.RadioSelect,
    )
    time = forms.ModelChoiceField(
        label=_("Time"),
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    proposed_time = forms.DateTimeField(
        label=_("Another time that suits you"), required=False, widget=DateTimeInput()
    )
    message = forms.CharField(
        label=_("Message to the municipality (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"id_inv{invitation.pk}_%s"
        self.fields["time"].queryset = invitation.times.all()
        self.fields["time"].label_from_instance = lambda t: _date_time(t.starts_at)

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer")
        if answer == Answer.ACCEPT and not cleaned.get("time"):
            self.add_error("time", _("Choose one of the proposed times."))
        if answer == Answer.PROPOSE and not cleaned.get("proposed_time"):
            self.add_error("proposed_time", _("Give the time you propose."))
        return cleaned


def _date_time(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(v, label) for v, label in Invitation.Outcome.choices if v],
    )


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["lis1_start", "municipal_lis1_start", "municipal_lis1_end", "alis_start"]
        widgets = {name: DateInput() for name in fields}
        help_texts = {
            "municipal_lis1_start": _("The six months of LIS1 in the municipality, if known."),
        }


class PlacementEditForm(MergingFormMixin, PlacementForm):
    class Meta(PlacementForm.Meta):
        fields = [*PlacementForm.Meta.fields, "status"]
