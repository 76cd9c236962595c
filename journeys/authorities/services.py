"""Writes for local authorities."""

from django.db import transaction

from .models import LocalAuthority
from .register import load_register


@transaction.atomic
def authority_register_load() -> int:
    """Write the register into the database; running it again changes nothing. Returns changes."""
    register = load_register()
    changed = 0
    by_code = {}
    for record in register.authorities:
        fields = {
            "new_la_code": record.new_la_code,
            "name": record.name,
            "region": record.region,
            "region_code": record.region_code,
            "type": record.type,
            "ofsted_urn": record.ofsted_urn,
            "status": record.status,
            "aliases": list(record.aliases),
            "other_ecodes": list(record.other_ecodes),
            "ended_on": record.ended_on,
        }
        authority, created = LocalAuthority.objects.get_or_create(
            old_la_code=record.old_la_code, defaults=fields
        )
        if not created and any(getattr(authority, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(authority, key, value)
            authority.full_clean()
            authority.save()
            changed += 1
        changed += created
        by_code[record.old_la_code] = authority
    for record in register.authorities:
        wanted = {by_code[code].pk for code in record.successors}
        authority = by_code[record.old_la_code]
        if set(authority.successors.values_list("pk", flat=True)) != wanted:
            authority.successors.set(wanted)
            changed += 1
    return changed
