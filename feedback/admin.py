"""Admin for templates, campaigns and invitations.

Responses, answers and the pending buffer are deliberately not registered: the admin
would list single responses, which no one – administrators included – should read one
by one. Results are read through the suppressed aggregates only.
"""

from django.contrib import admin

from feedback.models import Campaign, Choice, Invitation, Question, SurveyTemplate, SurveyVersion


class VersionInline(admin.TabularInline):
    model = SurveyVersion
    extra = 0
    fields = ["number", "created_at", "created_by"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_nb", "kind", "slug", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name_nb", "name_en", "slug"]
    inlines = [VersionInline]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(SurveyVersion)
class SurveyVersionAdmin(admin.ModelAdmin):
    list_display = ["template", "number", "created_at"]
    list_select_related = ["template"]
    inlines = [QuestionInline]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["text_nb", "question"]
    list_select_related = ["question"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "opens_on", "closes_on", "k", "k_text", "finalised"]
    list_select_related = ["version__template"]
    filter_horizontal = ["units"]
    readonly_fields = ["finalised"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Who was asked and whether the link went out; never what anyone answered."""

    list_display = ["email", "campaign", "unit", "language", "link_sent_at"]
    list_select_related = ["campaign", "unit"]
    list_filter = ["campaign"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    raw_id_fields = ["user"]
