import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from feedback.models import (
    LIKERT_VALUES,
    Campaign,
    Question,
    QuestionKind,
    SurveyTemplate,
    SurveyVersion,
    Theme,
)
from feedback.seed_data import AGREE
from feedback.services import QuestionData, TemplateData
from portal.models import Unit

FREE_TEXT_MAX = 2000


class SurveyForm(forms.Form):
    """The respondent's answers: one field per question, named ``q<question id>``."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {"label": question.text, "required": question.required}
        if question.kind == QuestionKind.LIKERT:
            ends = {1: question.low_label, 5: question.high_label}
            return forms.TypedChoiceField(
                choices=[
                    (value, f"{value} – {ends[value]}" if value in ends else str(value))
                    for value in LIKERT_VALUES
                ],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                **common,
            )
        if question.has_choices:
            choices = [(c.pk, c.text) for c in question.choices.all()]
            if question.kind == QuestionKind.SINGLE:
                return forms.TypedChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    **common,
                )
            return forms.TypedMultipleChoiceField(
                choices=choices,
                coerce=int,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                **common,
            )
        return forms.CharField(
            max_length=FREE_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            **common,
        )

    def items(self):
        """(question, bound field) pairs in the survey's order, for the template."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]

    def answers(self) -> dict[int, object]:
        """Only what was answered: a score, a list of option ids, or a text."""
        result: dict[int, object] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == QuestionKind.SINGLE and value not in (None, ""):
                result[question.pk] = [value]
            elif isinstance(value, str):
                if value.strip():
                    result[question.pk] = value.strip()
            elif value not in (None, "", []):
                result[question.pk] = value
        return result


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.organisation.name} – {obj.name}"


class CampaignForm(forms.Form):
    template = forms.ModelChoiceField(
        SurveyTemplate.objects.all(),
        label=_("Survey"),
        help_text=_("The campaign keeps the survey's current version, even if it is edited later."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=160, help_text=_("E.g. “LIS1 autumn 2026, hospital part”.")
    )
    units = UnitChoiceField(
        Unit.objects.select_related("organisation").order_by("organisation__name", "name"),
        label=_("Units"),
        help_text=_("Hold Ctrl (⌘ on Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    opens_on = forms.DateField(label=_("Opens"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes"), widget=DateInput())
    k = forms.IntegerField(
        label=_("Minimum respondents for scores (k)"),
        initial=5,
        min_value=3,
        max_value=50,
        help_text=_("No result is shown for a group with fewer answers than this."),
    )
    k_text = forms.IntegerField(
        label=_("Minimum respondents for free text"),
        initial=10,
        min_value=3,
        max_value=100,
    )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes:
            if closes < opens:
                self.add_error(
                    "closes_on", _("The closing date must be on or after the opening date.")
                )
            elif closes < timezone.localdate():
                self.add_error("closes_on", _("The closing date has already passed."))
        if data.get("k") and data.get("k_text") and data["k_text"] < data["k"]:
            self.add_error(
                "k_text", _("Free text needs at least as many respondents as scores (k).")
            )
        return data


EMAIL_SPLIT = re.compile(r"[\s,;]+")


class InviteForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Unit"))
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, or separated by commas."),
    )
    include_members = forms.BooleanField(
        label=_("Also invite everyone with a role in the unit's organisation"), required=False
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = campaign.units.select_related("organisation")

    def clean_emails(self) -> list[str]:
        emails = [e for e in EMAIL_SPLIT.split(self.cleaned_data["emails"]) if e]
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError(
                _("These are not valid e-mail addresses: %(list)s"),
                params={"list": ", ".join(invalid)},
            )
        return emails

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("emails") and not data.get("include_members"):
            raise ValidationError(_("Give at least one e-mail address or invite the members."))
        return data


class TemplateForm(forms.Form):
    name_nb = forms.CharField(label=_("Name (Norwegian)"), max_length=160)
    name_en = forms.CharField(label=_("Name (English)"), max_length=160, required=False)
    intro_nb = forms.CharField(
        label=_("Introduction (Norwegian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionForm(forms.Form):
    key = forms.SlugField(required=False, widget=forms.HiddenInput)
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    text_nb = forms.CharField(label=_("Question (Norwegian)"), max_length=400)
    text_en = forms.CharField(label=_("Question (English)"), max_length=400, required=False)
    low_label_nb = forms.CharField(
        label=_("Label for 1 (Norwegian)"),
        max_length=60,
        required=False,
        help_text=format_lazy(
            _("Scale questions only. Empty: “{label}”."), label=AGREE["low_label_nb"]
        ),
    )
    low_label_en = forms.CharField(label=_("Label for 1 (English)"), max_length=60, required=False)
    high_label_nb = forms.CharField(
        label=_("Label for 5 (Norwegian)"),
        max_length=60,
        required=False,
        help_text=format_lazy(
            _("Scale questions only. Empty: “{label}”."), label=AGREE["high_label_nb"]
        ),
    )
    high_label_en = forms.CharField(label=_("Label for 5 (English)"), max_length=60, required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Choice questions only. One option per line: Norwegian | English"),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        options = []
        for line in (data.get("options") or "").splitlines():
            if not line.strip():
                continue
            text_nb, _sep, text_en = line.partition("|")
            if not text_nb.strip():
                self.add_error("options", _("Each option needs a Norwegian text before the “|”."))
                break
            options.append((text_nb.strip()[:200], text_en.strip()[:200]))
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
            self.add_error("options", _("A choice question needs at least two options."))
        data["parsed_options"] = options
        if kind == QuestionKind.LIKERT:
            for end in ("low_label", "high_label"):
                if not data.get(f"{end}_nb"):
                    data[f"{end}_nb"] = AGREE[f"{end}_nb"]
                    data[f"{end}_en"] = data.get(f"{end}_en") or AGREE[f"{end}_en"]
        return data

    def to_data(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            key=data.get("key") or "",
            theme=data["theme"],
            kind=data["kind"],
            text_nb=data["text_nb"],
            text_en=data.get("text_en", ""),
            low_label_nb=data.get("low_label_nb", ""),
            low_label_en=data.get("low_label_en", ""),
            high_label_nb=data.get("high_label_nb", ""),
            high_label_en=data.get("high_label_en", ""),
            required=data.get("required", False),
            choices=data["parsed_options"],
        )

    @staticmethod
    def initial_for(question: QuestionData) -> dict:
        return {
            "key": question.key,
            "theme": question.theme,
            "kind": question.kind,
            "text_nb": question.text_nb,
            "text_en": question.text_en,
            "low_label_nb": question.low_label_nb,
            "low_label_en": question.low_label_en,
            "high_label_nb": question.high_label_nb,
            "high_label_en": question.high_label_en,
            "required": question.required,
            "options": "\n".join(f"{nb} | {en}" for nb, en in question.choices),
        }


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=1, can_delete=True, can_order=True, max_num=60, validate_max=True
)


def template_data(form: TemplateForm, formset) -> TemplateData:
    """The edited template from a valid form and question formset, in the chosen order."""
    questions = [f.to_data() for f in formset.ordered_forms]
    return TemplateData(
        name_nb=form.cleaned_data["name_nb"],
        name_en=form.cleaned_data["name_en"],
        intro_nb=form.cleaned_data["intro_nb"],
        intro_en=form.cleaned_data["intro_en"],
        questions=questions,
    )


def template_forms(
    data: Any,
    template: SurveyTemplate,
    version: SurveyVersion | None,
    questions: list[QuestionData],
) -> tuple[TemplateForm, Any]:
    """The survey editor's form and question formset, starting from ``version`` of
    ``template`` (its questions as ``services.question_data`` gives them)."""
    form = TemplateForm(
        data,
        initial={
            "name_nb": template.name_nb,
            "name_en": template.name_en,
            "intro_nb": version.intro_nb if version else "",
            "intro_en": version.intro_en if version else "",
        },
    )
    formset = QuestionFormSet(
        data,
        prefix="questions",
        initial=[{**QuestionForm.initial_for(q), "ORDER": n} for n, q in enumerate(questions, 1)],
    )
    return form, formset
