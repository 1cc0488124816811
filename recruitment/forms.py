from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import permissions
from portal.merge import MergingFormMixin, MergingInlineFormSet
from portal.models import Organisation, Unit
from recruitment import services
from recruitment.models import ContactPerson, Posting


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PostingForm(MergingFormMixin, forms.ModelForm):
    class Meta:
        model = Posting
        fields = [
            "title",
            "kind",
            "employer",
            "unit",
            "municipality",
            "location",
            "specialty",
            "summary",
            "description",
            "qualifications",
            "start_date",
            "duration_months",
            "number_of_posts",
            "deadline",
            "housing",
            "kindergarten",
            "commuting",
            "region_offers",
        ]
        widgets = {
            "start_date": DateInput(),
            "deadline": DateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "qualifications": forms.Textarea(attrs={"rows": 4}),
            "housing": forms.Textarea(attrs={"rows": 3}),
            "kindergarten": forms.Textarea(attrs={"rows": 3}),
            "commuting": forms.Textarea(attrs={"rows": 3}),
            "region_offers": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        acting = permissions.acting_organisations(user).exclude(
            kind=Organisation.Kind.HEALTH_COMMUNITY
        )
        self.fields["employer"].queryset = acting
        self.fields["unit"].queryset = Unit.objects.filter(organisation__in=acting).select_related(
            "organisation"
        )
        self.fields["municipality"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY
        )
        if self.instance.round_id:
            # The round's deadline is the posting's: there is no second one to set.
            del self.fields["deadline"]
        else:
            self.fields["deadline"].required = True
            self.fields["deadline"].help_text = _("Norwegian time (Europe/Oslo).")
        if len(acting) == 1:
            self.fields["employer"].initial = acting[0]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        moved = "deadline" in self.changed_data
        if (
            self.instance.status == Posting.Status.PUBLISHED
            and moved
            and deadline <= timezone.now()
        ):
            raise ValidationError(
                _("A published posting's deadline cannot be moved into the past.")
            )
        return deadline

    def clean(self):
        cleaned = super().clean()
        unit, employer = cleaned.get("unit"), cleaned.get("employer")
        if unit and employer and unit.organisation_id != employer.pk:
            self.add_error("unit", _("The unit must belong to the employer."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        try:
            services.validate_dates(self.instance)
        except ValidationError as error:
            self._update_errors(error)


class ContactForm(MergingFormMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "phone", "email"]


ContactFormSet = inlineformset_factory(
    Posting,
    ContactPerson,
    form=ContactForm,
    formset=MergingInlineFormSet,
    fields=["name", "title", "phone", "email"],
    extra=1,
    max_num=5,
    can_delete=True,
)
