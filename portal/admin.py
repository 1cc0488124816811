from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from portal.models import Membership, Organisation, Unit, User
from portal.permissions import has_mfa


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


# --- The admin site signs in through allauth, with two factors --------------------------------
# Django's own admin login form would take a password alone. Every admin login goes through
# allauth's (throttled, MFA-checking) login instead, and the admin is closed to anyone who
# has not set up two-factor authentication.


def _admin_login(login_view):
    secured = secure_admin_login(login_view)

    @wraps(login_view)
    def view(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not has_mfa(user):
            return redirect("mfa_activate_totp")
        return secured(request, *args, **kwargs)

    return view


def _has_permission_with_mfa(has_permission):
    @wraps(has_permission)
    def check(request) -> bool:
        return has_permission(request) and has_mfa(request.user)

    return check


admin.site.login = _admin_login(admin.site.login)
admin.site.has_permission = _has_permission_with_mfa(admin.site.has_permission)
