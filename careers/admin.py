from django.contrib import admin

from careers.models import (
    CareerStage,
    ChecklistItem,
    ChecklistTemplateItem,
    Event,
    Onboarding,
    Registration,
)


@admin.register(CareerStage)
class CareerStageAdmin(admin.ModelAdmin):
    list_display = ["key", "title_nb", "order", "updated_at"]
    ordering = ["order"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "capacity"]
    list_filter = ["kind"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["organisers", "target_stages"]
    inlines = [RegistrationInline]


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "days_before_start", "order"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    raw_id_fields = ["done_by"]


@admin.register(Onboarding)
class OnboardingAdmin(admin.ModelAdmin):
    list_display = ["newcomer", "organisation", "start_date", "buddy"]
    list_select_related = ["newcomer", "organisation", "buddy"]
    raw_id_fields = ["newcomer", "buddy", "posting"]
    inlines = [ChecklistItemInline]
