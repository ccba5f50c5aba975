"""The forms a teller can push to the terminal: which fields, which the customer may correct, and
how each is checked. The screen shows the labels (translated by field name); the flow checks the
values the customer submits and asks again with the field in error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["account", "phone", "text"]


@dataclass(frozen=True)
class FormFieldSpec:
    """One field of a form."""

    name: str  # also the translation key of its label: "form.field.<name>"
    kind: FieldKind
    editable: bool
    required: bool = True
    max_length: int = 40


@dataclass(frozen=True)
class FormSpec:
    """A form: its id (the translation key of its title: "form.<id>") and its fields, in order."""

    form_id: str
    fields: tuple[FormFieldSpec, ...]


FORMS: dict[str, FormSpec] = {
    "change_contact_phone": FormSpec(
        "change_contact_phone",
        (
            FormFieldSpec("account_no", "account", editable=False),
            FormFieldSpec("contact_name", "text", editable=True, max_length=20),
            FormFieldSpec("new_phone", "phone", editable=True, max_length=11),
        ),
    ),
}

_CHECKS: dict[FieldKind, re.Pattern[str]] = {
    "account": re.compile(r"^\d{10}$"),
    "phone": re.compile(r"^1[3-9]\d{9}$"),
    "text": re.compile(r"^[^\x00-\x1f<>]{1,40}$"),
}


def field_error(spec: FormFieldSpec, value: str) -> str | None:
    """None when `value` is acceptable for the field, else the name of the field."""
    if not value:
        return spec.name if spec.required else None
    if len(value) > spec.max_length or not _CHECKS[spec.kind].match(value):
        return spec.name
    return None


def unknown_fields(spec: FormSpec, fields: dict[str, str]) -> list[str]:
    """Field names the teller sent that the form does not have (a malformed push_form)."""
    known = {field.name for field in spec.fields}
    return sorted(name for name in fields if name not in known)
