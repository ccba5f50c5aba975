"""The texts of the teller's commands: what a teller asks for, document kinds, form titles and
field labels, services. Keys come from the teller (kiosk/vtm/commands.py, kiosk/vtm/forms.py);
an unknown key is shown as it is rather than hidden, so a new kind never blanks the screen.

English source strings under the "TellerText" translation context; Chinese in
resources/i18n/kiosk_zh_CN.ts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def document_name(kind: str) -> str:
    """A DocumentKind in the current language (身份证, 户口簿, ...)."""
    names = {
        "id_card": QCoreApplication.translate("TellerText", "ID card"),
        "household_register": QCoreApplication.translate("TellerText", "household register"),
        "property_certificate": QCoreApplication.translate(
            "TellerText", "property ownership certificate"
        ),
        "other": QCoreApplication.translate("TellerText", "other document"),
    }
    return names.get(kind, kind)


def form_title(form_id: str) -> str:
    """The title of form `form_id` ("form.<form_id>")."""
    titles = {
        "change_contact_phone": QCoreApplication.translate("TellerText", "Change of contact phone"),
    }
    return titles.get(form_id, form_id)


def form_field_label(name: str) -> str:
    """The label of form field `name` ("form.field.<name>")."""
    labels = {
        "account_no": QCoreApplication.translate("TellerText", "Account number"),
        "contact_name": QCoreApplication.translate("TellerText", "Contact name"),
        "new_phone": QCoreApplication.translate("TellerText", "New contact phone"),
    }
    return labels.get(name, name)


def service_name(service: str) -> str:
    """A service the teller can hand the customer back to."""
    names = {
        "pay_bill": QCoreApplication.translate("TellerText", "paying your electricity bill"),
        "buy_prepaid": QCoreApplication.translate("TellerText", "buying electricity"),
        "reprint": QCoreApplication.translate("TellerText", "reprinting a receipt"),
    }
    return names.get(service, service)


def request_text(kind: str, subject: str) -> str:
    """What the teller asks to do, completing "The teller asks to:"."""
    if kind == "account_summary":
        return QCoreApplication.translate("TellerText", "open your account summary")
    if kind == "document_photo":
        return QCoreApplication.translate(
            "TellerText", "take a photo of your {document} with the camera"
        ).format(document=document_name(subject))
    if kind == "push_form":
        return QCoreApplication.translate(
            "TellerText", "have you fill in and sign “{form}”"
        ).format(form=form_title(subject))
    if kind == "print":
        # The title comes from the teller as it is: it is their document's name.
        return QCoreApplication.translate("TellerText", "print “{title}” for you").format(
            title=subject
        )
    if kind == "hand_back":
        text = QCoreApplication.translate("TellerText", "end the call and continue with {service}")
        return text.format(service=service_name(subject))
    return f"{kind} {subject}".strip()
