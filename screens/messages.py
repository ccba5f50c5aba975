"""The customer-facing texts of the flows' `Message` keys, stages, providers and account kinds.

Every text is an English source string under the "Message" translation context; the Chinese lives
in resources/i18n/kiosk_zh_CN.ts. A message has a title (what happened) and a next step (what to do
now), because an explained failure always says both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from kiosk.backoffice.models import AccountKind, Provider
from kiosk.flows.ports import Message, Stage
from kiosk.money import format_yuan

_MONEY_PARAMS = frozenset({"min", "max", "amount"})
_PROVIDER_PARAMS = frozenset({"expected", "scanned"})


@dataclass(frozen=True)
class MessageText:
    """A message as shown: what happened, and what to do next."""

    title: str
    next_step: str

    def joined(self) -> str:
        """Both parts as one line, punctuated for the current language."""
        return QCoreApplication.translate("Message", "{title}. {next_step}").format(
            title=self.title, next_step=self.next_step
        )


def _source(message: Message) -> tuple[str, str]:
    """Source texts; each branch holds literal calls so that lupdate can find every string."""
    texts: dict[Message, tuple[str, str]] = {
        Message.ACCOUNT_MALFORMED: (
            QCoreApplication.translate("Message", "That is not a valid account number"),
            QCoreApplication.translate(
                "Message", "Check the 10-digit number on your electricity bill and type it again."
            ),
        ),
        Message.ACCOUNT_NOT_FOUND: (
            QCoreApplication.translate("Message", "We could not find this account"),
            QCoreApplication.translate(
                "Message", "Check the number on your bill, or ask at the staffed counter."
            ),
        ),
        Message.BILL_CODE_UNKNOWN: (
            QCoreApplication.translate("Message", "This code is not one of our electricity bills"),
            QCoreApplication.translate(
                "Message", "Scan the code printed on your electricity bill, or type the number."
            ),
        ),
        Message.NOTHING_TO_PAY: (
            QCoreApplication.translate("Message", "There is nothing to pay on this account"),
            QCoreApplication.translate("Message", "Your bills are paid. No action is needed."),
        ),
        Message.AMOUNT_OUT_OF_RANGE: (
            QCoreApplication.translate("Message", "The amount must be between {min} and {max}"),
            QCoreApplication.translate("Message", "Enter an amount within these limits."),
        ),
        Message.CODE_WRONG_PROVIDER: (
            QCoreApplication.translate(
                "Message", "You chose {expected}, but this code is from {scanned}"
            ),
            QCoreApplication.translate(
                "Message", "Show your {expected} payment code, or go back and choose {scanned}."
            ),
        ),
        Message.CODE_NOT_A_PAYMENT_CODE: (
            QCoreApplication.translate("Message", "This is not a payment code"),
            QCoreApplication.translate(
                "Message", "Open the Pay page in your app and show the payment code to the scanner."
            ),
        ),
        Message.CODE_EXPIRED: (
            QCoreApplication.translate("Message", "This payment code has expired"),
            QCoreApplication.translate(
                "Message", "Refresh the payment code in your app and show it again."
            ),
        ),
        Message.DECLINED: (
            QCoreApplication.translate("Message", "The payment was declined: {reason}"),
            QCoreApplication.translate(
                "Message", "No money was taken. Try another payment method or account."
            ),
        ),
        Message.PAYMENT_REVERSED: (
            QCoreApplication.translate(
                "Message", "The payment was not confirmed in time and has been cancelled"
            ),
            QCoreApplication.translate("Message", "No money was taken. You can try again."),
        ),
        Message.PAYMENT_UNRESOLVED: (
            QCoreApplication.translate("Message", "We could not confirm your payment yet"),
            QCoreApplication.translate(
                "Message",
                "Staff will check it and you will not be charged twice. "
                "Keep this reference: {reference}",
            ),
        ),
        Message.BACKOFFICE_DOWN: (
            QCoreApplication.translate("Message", "Payment services are temporarily unavailable"),
            QCoreApplication.translate(
                "Message", "Please try again later or use the staffed counter."
            ),
        ),
        Message.SCANNER_DOWN_LOOKUP_ONLY: (
            QCoreApplication.translate("Message", "The code scanner is out of order"),
            QCoreApplication.translate(
                "Message",
                "You can still look up your account on the keypad. To pay, please use another "
                "terminal or the counter.",
            ),
        ),
        Message.SCANNER_DOWN: (
            QCoreApplication.translate("Message", "The code scanner is out of order"),
            QCoreApplication.translate(
                "Message",
                "Payment codes cannot be read. Please use another terminal or the counter.",
            ),
        ),
        Message.RECEIPT_FAILED: (
            QCoreApplication.translate(
                "Message", "Your payment is complete, but the receipt could not be printed"
            ),
            QCoreApplication.translate(
                "Message", "Reprint it later on this terminal with reference {reference}."
            ),
        ),
        Message.REFERENCE_UNKNOWN: (
            QCoreApplication.translate("Message", "No payment was found with this reference"),
            QCoreApplication.translate(
                "Message",
                "Check the reference on the payment screen or your app, and type it again.",
            ),
        ),
        Message.TECHNICAL_PROBLEM: (
            QCoreApplication.translate("Message", "Sorry, something went wrong on this terminal"),
            QCoreApplication.translate(
                "Message",
                "A payment under way is checked automatically and never charged twice. "
                "Please start again, or ask at the staffed counter.",
            ),
        ),
        Message.REPRINTED: (
            QCoreApplication.translate("Message", "Your receipt has been printed"),
            QCoreApplication.translate("Message", "Please take your receipt from the slot below."),
        ),
    }
    return texts.get(
        message,
        (
            QCoreApplication.translate("Message", "Something went wrong"),
            QCoreApplication.translate(
                "Message", "Please try again, or ask at the staffed counter."
            ),
        ),
    )


def _display_params(params: Mapping[str, str]) -> dict[str, str]:
    shown: dict[str, str] = {}
    for key, value in params.items():
        if key in _MONEY_PARAMS and value.lstrip("-").isdigit():
            shown[key] = format_yuan(int(value))
        elif key in _PROVIDER_PARAMS and value in {p.value for p in Provider}:
            shown[key] = provider_name(Provider(value))
        else:
            shown[key] = value
    return shown


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def message_text(message: Message, params: Mapping[str, str] | None = None) -> MessageText:
    """`message` in the current language with its parameters filled in (money as ¥, providers by
    name); a parameter the flow did not pass shows as a dash rather than failing."""
    title, next_step = _source(message)
    values = _Blank(_display_params(params or {}))
    return MessageText(title.format_map(values), next_step.format_map(values))


def provider_name(provider: Provider) -> str:
    """WeChat Pay / Alipay in the current language."""
    if provider is Provider.WECHAT:
        return QCoreApplication.translate("Message", "WeChat Pay")
    return QCoreApplication.translate("Message", "Alipay")


def account_kind_name(kind: AccountKind) -> str:
    """The account kind in the current language."""
    names = {
        AccountKind.RESIDENTIAL: QCoreApplication.translate("Message", "Residential"),
        AccountKind.PREPAID: QCoreApplication.translate("Message", "Prepaid"),
        AccountKind.COMMERCIAL: QCoreApplication.translate("Message", "Commercial"),
        AccountKind.INDUSTRIAL: QCoreApplication.translate("Message", "Industrial"),
    }
    return names[kind]


def stage_text(stage: Stage) -> MessageText:
    """The processing screen's line for `stage`, with what the customer should do meanwhile."""
    texts = {
        Stage.SENDING: (
            QCoreApplication.translate("Message", "Sending your payment…"),
            QCoreApplication.translate("Message", "Please wait. Keep your phone ready."),
        ),
        Stage.CONFIRM_ON_PHONE: (
            QCoreApplication.translate("Message", "Please confirm the payment on your phone"),
            QCoreApplication.translate(
                "Message", "Enter your payment password in the app if it asks for one."
            ),
        ),
        Stage.RESOLVING: (
            QCoreApplication.translate("Message", "Checking the result of your payment…"),
            QCoreApplication.translate(
                "Message", "This can take up to a minute. Please do not leave."
            ),
        ),
        Stage.PRINTING: (
            QCoreApplication.translate("Message", "Printing your receipt…"),
            QCoreApplication.translate(
                "Message", "Your payment is complete. The receipt will come out below."
            ),
        ),
    }
    title, next_step = texts[stage]
    return MessageText(title, next_step)


def bill_status_name(status: str) -> str:
    """A bill's status (unpaid | partly_paid | paid) in the current language."""
    names = {
        "unpaid": QCoreApplication.translate("Message", "Unpaid"),
        "partly_paid": QCoreApplication.translate("Message", "Partly paid"),
        "paid": QCoreApplication.translate("Message", "Paid"),
    }
    return names.get(status, status)
