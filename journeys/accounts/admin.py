"""The Django admin's page for email domains whose people sign in with their council's identity."""

from django.contrib import admin, messages

from .models import SignInDomain
from .oidc import sign_in_domain_confirm


@admin.register(SignInDomain)
class SignInDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "la", "role", "confirmed_at", "confirmed_by", "first_seen_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "role"]
    search_fields = ["domain", "la__name"]
    fields = ["domain", "la", "role", "confirmed_by", "confirmed_at", "first_seen_at"]
    readonly_fields = ["confirmed_by", "confirmed_at", "first_seen_at"]
    actions = ["confirm"]

    @admin.action(description="Confirm the selected domains: let their people sign in")
    def confirm(self, request, queryset):
        for domain in queryset:
            try:
                sign_in_domain_confirm(domain=domain, by=request.user)
            except ValueError as refused:
                self.message_user(request, f"{refused}: choose its local authority first", messages.ERROR)
            else:
                self.message_user(
                    request, f"{domain.domain} confirmed as {domain.la}, {domain.get_role_display()}"
                )
