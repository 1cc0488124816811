from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careers.models import CareerStage, ChecklistTemplateItem, Event, EventKind
from portal import permissions
from portal.merge import MergingFormMixin
from portal.models import Organisation


class CareerStageForm(MergingFormMixin, forms.ModelForm):
    class Meta:
        model = CareerStage
        fields = [
            "title_nb",
            "title_en",
            "summary_nb",
            "summary_en",
            "what_nb",
            "what_en",
            "who_nb",
            "who_en",
            "rounds_nb",
            "rounds_en",
            "offers_nb",
            "offers_en",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in (
                *("what_nb", "what_en", "who_nb", "who_en"),
                *("rounds_nb", "rounds_en", "offers_nb", "offers_en"),
            )
        }


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(MergingFormMixin, forms.ModelForm):
    """Staff create events for the organisations they act for; the coordinator for all."""

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "capacity",
            "organisers",
            "target_stages",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "target_stages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = permissions.acting_organisations(user).order_by("name")
        self.fields["organisers"].help_text = _("Hold Ctrl (Cmd on a Mac) to choose several.")
        self.fields["target_stages"].queryset = CareerStage.objects.order_by("order")
        self.fields["target_stages"].label_from_instance = lambda stage: stage.title

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if not cleaned.get("place") and not cleaned.get("video_url"):
            self.add_error("place", _("Give a place, a video link, or both."))
        return cleaned


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        required=False,
        choices=[("", _("All kinds")), *EventKind.choices],
    )
    stage = forms.ChoiceField(label=_("For"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("Everyone"))] + [
            (stage.key, stage.title) for stage in CareerStage.objects.order_by("order")
        ]


class InformationEveningsForm(forms.Form):
    """The coordinator names the application deadline; the evenings are placed before it.
    (To be fed from an application round once rounds exist.)"""

    deadline = forms.DateField(
        label=_("Application deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The deadline is taken as 23:59 that day."),
    )
    first_weeks_before = forms.IntegerField(
        label=_("First evening, weeks before the deadline"), min_value=1, max_value=26, initial=6
    )
    second_weeks_before = forms.IntegerField(
        label=_("Second evening, weeks before the deadline"), min_value=1, max_value=26, initial=3
    )
    starts = forms.TimeField(
        label=_("Starts at"),
        initial=time(18, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, initial=100)
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("first_weeks_before"), cleaned.get("second_weeks_before")
        if first and second and first == second:
            self.add_error("second_weeks_before", _("Choose two different weeks."))
        if not cleaned.get("place") and not cleaned.get("video_url"):
            self.add_error("place", _("Give a place, a video link, or both."))
        return cleaned

    @property
    def deadline_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["deadline"], time(23, 59)))


class BuddyForm(forms.Form):
    buddy = forms.ModelChoiceField(label=_("Buddy"), queryset=None, empty_label=None)
    contact = forms.CharField(
        label=_("How to reach the buddy"),
        max_length=300,
        required=False,
        help_text=_("Phone, office, when they are on duty – what the newcomer needs."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buddy"].queryset = candidates
        self.fields["buddy"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )


class ChecklistTemplateItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistTemplateItem
        fields = ["title", "description", "days_before_start", "order"]


class BaseTemplateFormSet(forms.BaseModelFormSet):
    """Task titles are unique per organisation (a named constraint); say so on the form,
    also against stored tasks that this post did not include."""

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        in_post = [form.instance.pk for form in self.forms if form.instance.pk]
        seen = {
            title.strip().lower()
            for title in ChecklistTemplateItem.objects.filter(organisation=self.organisation)
            .exclude(pk__in=in_post)
            .values_list("title", flat=True)
        }
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            title = (form.cleaned_data.get("title") or "").strip().lower()
            if title in seen:
                form.add_error("title", _("This task is already on the list."))
            seen.add(title)


ChecklistTemplateFormSet = forms.modelformset_factory(
    ChecklistTemplateItem,
    form=ChecklistTemplateItemForm,
    formset=BaseTemplateFormSet,
    extra=2,
    can_delete=True,
)
