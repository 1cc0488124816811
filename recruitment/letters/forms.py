"""Forms of the letters pages. Which applicants may be chosen is not the form's business:
the view hands the ids to ``permissions.chosen_for_employer``, which answers 404 for anyone
not on the posting's applicant list."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.merge import MergingFormMixin
from recruitment.letters.models import LetterKind, LetterTemplate
from recruitment.letters.render import FIELDS
from recruitment.letters.services import check_fields


def _ids(values: list[str]) -> list[int]:
    return sorted({int(value) for value in values if value.isdecimal() and len(value) <= 18})


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    subject = forms.CharField(label=_("Subject of a free message"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text of a free message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Only for a free message: the other letters use your templates."),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.chosen = _ids(data.getlist("choices")) if data is not None else []

    def clean(self):
        cleaned = super().clean()
        if not self.chosen:
            raise ValidationError(_("Select at least one applicant."))
        if cleaned.get("kind") == LetterKind.FREE:
            if not cleaned.get("subject") or not cleaned.get("body"):
                raise ValidationError(_("Write a subject and a text for a free message."))
            check_fields(cleaned["subject"], cleaned["body"])
        return cleaned


class SendForm(LetterForm):
    """The preview's form: what was previewed, with the preview's token and the version of
    the template it showed."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.CharField(max_length=64, widget=forms.HiddenInput)


class TemplateForm(MergingFormMixin, forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["subject_nb", "body_nb", "subject_en", "body_en"]
        widgets = {
            "body_nb": forms.Textarea(attrs={"rows": 12}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts = {
            "subject_en": _("Optional: applicants who chose English get the English text."),
        }

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("subject_en")) != bool(cleaned.get("body_en")):
            raise ValidationError(_("Write both the English subject and text, or neither."))
        check_fields(*(cleaned.get(name) or "" for name in self.Meta.fields))
        return cleaned


MERGE_FIELDS = [("{" + name + "}", label) for name, label in FIELDS.items()]
