from django.contrib import admin

from recruitment.models import ContactPerson, Posting


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "employer", "status", "deadline", "round"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "employer__name"]
    list_select_related = ["employer", "round"]
    # A posting joins or leaves a round on the coordinator's round page, which also moves
    # its deadline (recruitment.applications.services.add_postings_to_round).
    readonly_fields = ["round"]
    inlines = [ContactInline]


# --- Application portal ------------------------------------------------------------------
from recruitment.models import (  # noqa: E402
    ApplicantProfile,
    Application,
    ApplicationRound,
    Choice,
    Document,
)


class RoundPostingInline(admin.TabularInline):
    """The round's postings, to read; they are added on the coordinator's round page."""

    model = Posting
    fields = ["title", "employer", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApplicationRound)
class ApplicationRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "opens_at", "closes_at", "max_choices"]
    inlines = [RoundPostingInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["rank", "posting", "status", "status_changed_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through the services (deadline, locking)."""

    list_display = ["applicant", "round", "posting", "status", "submitted_at"]
    list_filter = ["status", "round"]
    list_select_related = ["applicant", "round", "posting"]
    search_fields = ["applicant__email", "applicant__full_name"]
    readonly_fields = ["applicant", "round", "posting", "status", "submitted_at", "withdrawn_at"]
    exclude = ["documents", "motivation"]
    inlines = [ChoiceInline]

    def has_add_permission(self, request):
        return False


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "licence_status", "norwegian_level", "updated_at"]
    search_fields = ["user__email", "user__full_name", "hpr_number"]
    raw_id_fields = ["user"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Metadata only: the files themselves are opened through the permission-checked views."""

    list_display = ["title", "kind", "owner", "size", "uploaded_at"]
    search_fields = ["owner__email", "title"]
    fields = ["owner", "kind", "title", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
