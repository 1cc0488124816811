from django.contrib import admin

from recruitment.models import ContactPerson, Posting


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "employer", "status", "deadline"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "employer__name"]
    list_select_related = ["employer"]
    inlines = [ContactInline]
