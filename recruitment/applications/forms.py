from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.merge import MergingFormMixin
from recruitment import wording
from recruitment.forms import DateInput, DateTimeInput
from recruitment.hiring.forms import add_public_list_fields
from recruitment.models import (
    ApplicantProfile,
    ApplicationRound,
    ChoiceStatus,
    Document,
    LanguageLevel,
    LicenceStatus,
    Posting,
    Specialty,
)

SPECIALTY_CHOICES = [(value, label) for value, label in Specialty.choices if value]


class ProfileForm(forms.ModelForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    interests = forms.MultipleChoiceField(
        label=_("Career interests"),
        choices=SPECIALTY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hospital specialties and/or general practice (allmennmedisin)."),
    )

    class Meta:
        model = ApplicantProfile
        fields = [
            "phone",
            "university",
            "education_country",
            "graduation_date",
            "licence_status",
            "hpr_number",
            "norwegian_level",
            "grew_up_in_region",
            "studied_in_region",
            "family_in_region",
            "worked_in_region",
            "local_connection_details",
            "clinical_experience",
            "career_preference",
        ]
        widgets = {
            "graduation_date": DateInput(),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "hpr_number": forms.TextInput(attrs={"inputmode": "numeric"}),
            "local_connection_details": forms.Textarea(attrs={"rows": 3}),
            "clinical_experience": forms.Textarea(attrs={"rows": 5}),
            "career_preference": forms.RadioSelect,
        }
        error_messages = {
            "hpr_number": {"max_length": _("An HPR number has 7 to 9 digits and nothing else.")}
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["full_name"].initial = user.full_name
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["university"].widget.attrs["autocomplete"] = "organization"
        self.fields["career_preference"].choices = self.fields["career_preference"].choices[1:]
        if self.instance.pk:
            self.fields["interests"].initial = [i.specialty for i in self.instance.interests.all()]

    def clean_hpr_number(self):
        # People paste "123 45 67"; spaces are not part of the number.
        return "".join(self.cleaned_data["hpr_number"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("licence_status") in LicenceStatus.with_hpr_number() and not cleaned.get(
            "hpr_number"
        ):
            self.add_error(
                "hpr_number", _("With a licence you have an HPR number. Please enter it.")
            )
        return cleaned


class DocumentUploadForm(forms.Form):
    """The file is checked, and cleaned, by the service (upload_document), which stores
    the cleaned copy; its refusals come back to this form's file field."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class DocumentReplaceForm(forms.Form):
    """As DocumentUploadForm; checked by replace_document."""

    file = forms.FileField(
        label=_("New PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ApplicationForm(forms.Form):
    """The texts and attachments of an application; a motivation field per choice."""

    motivation = forms.CharField(
        label=_("Motivation for every employer you rank"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Every employer on your list sees this text."),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Attach documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, application, documents, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.choices = choices
        self.fields["documents"].queryset = documents
        self.fields["documents"].label_from_instance = lambda d: (
            f"{d.get_kind_display()}: {d.title}"
        )
        if not self.is_bound:
            self.fields["motivation"].initial = application.motivation
            self.fields["documents"].initial = [d.pk for d in application.documents.all()]
        for choice in choices:
            self.fields[self.choice_field(choice)] = forms.CharField(
                label=_("Motivation only for %(title)s") % {"title": choice.posting.title},
                required=False,
                max_length=5000,
                initial=choice.motivation,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        add_public_list_fields(self, application)

    def draft_fields(self) -> list[str]:
        """The fields a save of the draft may change (``services.save_draft_changes``)."""
        return [
            name
            for name in self.fields
            if name == "motivation"
            or name.startswith(("motivation_", "public_"))
            or name == "documents"
        ]

    def draft_changes(self, sent: Iterable[str] | None = None) -> dict:
        """The cleaned values of the draft's fields, as ``save_draft_changes`` takes them;
        only those named in ``sent`` (the autosave sends the fields changed on the page)."""
        names = self.draft_fields()
        if sent is not None:
            names = [name for name in names if name in set(sent)]
        changes = {}
        for name in names:
            value = self.cleaned_data.get(name)
            if name == "documents":
                changes[name] = {document.pk for document in value or []}
            elif name == "public_exemption":
                changes[name] = "1" if value else ""
            else:
                changes[name] = "" if value is None else str(value)
        return changes

    def draft_bases(self) -> dict[str, str]:
        """The version each field started from on the page that sent this form."""
        return {
            name: self.data[f"base_{name}"]
            for name in self.draft_fields()
            if f"base_{name}" in self.data
        }

    @staticmethod
    def choice_field(choice) -> str:
        return f"motivation_{choice.pk}"

    def bound_choice_field(self, choice):
        return self[self.choice_field(choice)]


class RoundForm(MergingFormMixin, forms.ModelForm):
    class Meta:
        model = ApplicationRound
        fields = [
            "name",
            "opens_at",
            "closes_at",
            "max_choices",
            "documents_required",
            "share_rank_with_employers",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}
        help_texts = {
            "name": _("For example “LIS1 høst 2027”."),
            "opens_at": _("Norwegian time (Europe/Oslo)."),
            "closes_at": _("Norwegian time (Europe/Oslo). No changes are accepted after this."),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        return cleaned


class RoundPostingsForm(forms.Form):
    postings = forms.ModelMultipleChoiceField(
        label=_("Add postings"),
        queryset=Posting.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Published postings that are not part of another round."),
    )

    def __init__(self, *args, available, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postings"].queryset = available
        self.fields["postings"].label_from_instance = lambda p: (
            f"{p.title} – {p.employer.name} ({p.get_kind_display()})"
        )


class ApplicantFilterForm(forms.Form):
    """Filters of an employer's applicant list (GET)."""

    local_connection = forms.ChoiceField(
        label=_("Local connection"),
        required=False,
        choices=[
            ("", _("Any")),
            ("any", _("Some connection to the region")),
            ("grew_up", _("Grew up here")),
            ("studied", _("Studied here")),
            ("family", _("Family here")),
            ("worked", _("Worked here")),
        ],
    )
    licence_status = forms.ChoiceField(
        label=_("Licence"), required=False, choices=[("", _("Any")), *LicenceStatus.choices]
    )
    min_language = forms.ChoiceField(
        label=_("Norwegian at least"),
        required=False,
        choices=[("", _("Any")), *LanguageLevel.choices],
    )
    interest = forms.ChoiceField(
        label=_("Interested in"), required=False, choices=[("", _("Any")), *SPECIALTY_CHOICES]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All but withdrawn")),
            *wording.choice_status_choices(
                [v for v in ChoiceStatus.values if v != ChoiceStatus.DRAFT],
                wording.Audience.EMPLOYER,
            ),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("submitted", _("Date submitted")),
            ("name", _("Name")),
            ("language", _("Norwegian level")),
            ("graduation", _("Graduation date")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args, show_rank: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if show_rank:
            self.fields["sort"].choices = [*self.fields["sort"].choices, ("rank", _("Rank"))]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Mark as"),
        choices=wording.choice_status_choices(
            [v for v in ChoiceStatus.values if v in ChoiceStatus.set_by_employer()],
            wording.Audience.EMPLOYER,
        ),
    )
    note = forms.CharField(
        label=_("Note (other employers do not see it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkStatusForm(StatusForm):
    choices = forms.TypedMultipleChoiceField(
        label=_("Candidates"),
        coerce=int,
        choices=[],
        error_messages={"required": _("Select at least one candidate.")},
    )

    def __init__(self, *args, available_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(pk, pk) for pk in available_ids]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note (other employers do not see it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def make_readonly(form: forms.Form) -> None:
    """Show ``form`` without letting it be changed (a closed or withdrawn application)."""
    for field in form.fields.values():
        field.widget.attrs["readonly"] = True
