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
from kiosk.flows.ports import Message, PayMethod, Stage
from kiosk.money import format_yuan
from screens.teller_texts import form_field_label

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
        Message.CARD_DECLINED: (
            QCoreApplication.translate("Message", "Your card was declined: {reason}"),
            QCoreApplication.translate(
                "Message", "No money was taken. Take your card and try another card or method."
            ),
        ),
        Message.CARD_CANCELLED: (
            QCoreApplication.translate("Message", "The card payment was cancelled"),
            QCoreApplication.translate(
                "Message", "No money was taken. You can try again or choose another method."
            ),
        ),
        Message.CARD_SALE_REVERSED: (
            QCoreApplication.translate(
                "Message", "The bank did not confirm the payment in time, so it was cancelled"
            ),
            QCoreApplication.translate(
                "Message",
                "No money was taken; if your bank shows a charge, it will be returned "
                "automatically. You can try again.",
            ),
        ),
        Message.CARD_SALE_UNRESOLVED: (
            QCoreApplication.translate("Message", "We could not confirm your card payment yet"),
            QCoreApplication.translate(
                "Message",
                "Staff will check it; any money taken will be returned and you will not be "
                "charged twice. Keep this reference: {reference}",
            ),
        ),
        Message.CARD_MODULE_DOWN: (
            QCoreApplication.translate("Message", "Bank card payment is out of order"),
            QCoreApplication.translate(
                "Message", "Please choose another payment method, or use the staffed counter."
            ),
        ),
        Message.CARD_RETAINED: (
            QCoreApplication.translate("Message", "Your card was left in the slot and kept safe"),
            QCoreApplication.translate(
                "Message",
                "Collect it at the staffed counter with your ID and reference {reference}.",
            ),
        ),
        Message.QR_EXPIRED: (
            QCoreApplication.translate("Message", "The QR code was not paid in time"),
            QCoreApplication.translate(
                "Message", "The order was closed and no money was taken. You can start again."
            ),
        ),
        Message.PREPAID_CARD_UNREADABLE: (
            QCoreApplication.translate("Message", "The card cannot be read"),
            QCoreApplication.translate(
                "Message",
                "Insert it chip first with the chip facing up. If it still fails, the card may be "
                "damaged: please go to the staffed counter.",
            ),
        ),
        Message.PREPAID_CARD_NOT_ISSUED: (
            QCoreApplication.translate("Message", "This card has not been issued yet"),
            QCoreApplication.translate(
                "Message", "A new card is issued at the staffed counter. Please go there."
            ),
        ),
        Message.PREPAID_CARD_FOREIGN: (
            QCoreApplication.translate("Message", "This card belongs to another power utility"),
            QCoreApplication.translate(
                "Message", "Please buy electricity from the utility that issued the card."
            ),
        ),
        Message.PREPAID_CARD_WRONG_METER: (
            QCoreApplication.translate("Message", "This meter type cannot be served here"),
            QCoreApplication.translate("Message", "Please buy electricity at the staffed counter."),
        ),
        Message.PREPAID_CARD_UNKNOWN: (
            QCoreApplication.translate("Message", "We could not find this card's meter"),
            QCoreApplication.translate(
                "Message", "Please ask at the staffed counter to check the card."
            ),
        ),
        Message.PREPAID_LOAD_METER_FIRST: (
            QCoreApplication.translate(
                "Message", "Your last purchase has not been loaded into the meter yet"
            ),
            QCoreApplication.translate(
                "Message",
                "Insert the card into your meter first, then come back to buy more.",
            ),
        ),
        Message.PREPAID_MAC_ERROR: (
            QCoreApplication.translate("Message", "The card refused the purchase record"),
            QCoreApplication.translate(
                "Message",
                "Your payment is safe and will be written later. Please go to the staffed "
                "counter with reference {reference}.",
            ),
        ),
        Message.PREPAID_COUNT_MISMATCH: (
            QCoreApplication.translate(
                "Message", "The card's purchase count does not match our records"
            ),
            QCoreApplication.translate(
                "Message",
                "Your payment is safe. Staff will correct the card: please go to the staffed "
                "counter with reference {reference}.",
            ),
        ),
        Message.PREPAID_CARD_REMOVED: (
            QCoreApplication.translate(
                "Message", "The card was removed before the purchase was written"
            ),
            QCoreApplication.translate(
                "Message",
                "Your payment is safe. Insert the card again on any terminal and the purchase "
                "will be written to it.",
            ),
        ),
        Message.PREPAID_NOT_WRITTEN: (
            QCoreApplication.translate(
                "Message", "Your purchase is paid but could not be written to the card"
            ),
            QCoreApplication.translate(
                "Message",
                "Nothing is lost: insert the card again on any terminal and it will be written. "
                "You will not be charged twice.",
            ),
        ),
        Message.PREPAID_FINISHED: (
            QCoreApplication.translate(
                "Message", "An earlier purchase of {amount} has been written to your card"
            ),
            QCoreApplication.translate(
                "Message", "Insert the card into your meter to load the electricity."
            ),
        ),
        Message.CARD_READER_DOWN: (
            QCoreApplication.translate("Message", "The meter card reader is out of order"),
            QCoreApplication.translate(
                "Message", "Please use another terminal or the staffed counter."
            ),
        ),
        Message.VIDEO_UNAVAILABLE: (
            QCoreApplication.translate("Message", "Video tellers are not available right now"),
            QCoreApplication.translate(
                "Message", "Please try again later, or ask at the staffed counter."
            ),
        ),
        Message.VIDEO_NO_TELLER: (
            QCoreApplication.translate("Message", "All our tellers are busy"),
            QCoreApplication.translate(
                "Message", "Leave your mobile number and a teller will call you back."
            ),
        ),
        Message.VIDEO_CONNECTION_FAILED: (
            QCoreApplication.translate("Message", "The video call could not be connected"),
            QCoreApplication.translate(
                "Message", "Leave your mobile number and a teller will call you back."
            ),
        ),
        Message.VIDEO_ENDED_BY_TELLER: (
            QCoreApplication.translate("Message", "The teller has ended the call"),
            QCoreApplication.translate(
                "Message", "Thank you. You can start a new call from the home screen."
            ),
        ),
        Message.VIDEO_CALLBACK_BOOKED: (
            QCoreApplication.translate("Message", "A teller will call you at {phone}"),
            QCoreApplication.translate(
                "Message", "Please keep your phone with you. The call comes from our hall."
            ),
        ),
        Message.PHONE_MALFORMED: (
            QCoreApplication.translate("Message", "That is not a valid mobile number"),
            QCoreApplication.translate(
                "Message", "Type the 11 digits of your mobile number, starting with 1."
            ),
        ),
        Message.TELLER_PRINTING: (
            QCoreApplication.translate("Message", "Printing your document…"),
            QCoreApplication.translate("Message", "Please wait a moment."),
        ),
        Message.TELLER_PRINTED: (
            QCoreApplication.translate("Message", "Please take your printed document"),
            QCoreApplication.translate("Message", "It comes out of the slot below the screen."),
        ),
        Message.TELLER_PRINT_FAILED: (
            QCoreApplication.translate("Message", "The document could not be printed"),
            QCoreApplication.translate(
                "Message", "The teller has been told and will help you another way."
            ),
        ),
        Message.TELLER_FORM_FIELD: (
            QCoreApplication.translate("Message", "{field} is not right"),
            QCoreApplication.translate("Message", "Please check it and correct it."),
        ),
        Message.TELLER_FORM_SIGN: (
            QCoreApplication.translate("Message", "Please sign the form first"),
            QCoreApplication.translate(
                "Message", "Sign in the box with your finger, then press Submit."
            ),
        ),
        Message.TELLER_UPLOAD_FAILED: (
            QCoreApplication.translate("Message", "Your document did not reach the teller"),
            QCoreApplication.translate("Message", "Please try again, or tell the teller."),
        ),
        Message.TELLER_ACCOUNT_FAILED: (
            QCoreApplication.translate("Message", "Your account could not be opened"),
            QCoreApplication.translate(
                "Message", "The teller has been told. You can keep talking to them."
            ),
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
        elif key == "field":
            shown[key] = form_field_label(value)  # a form field's name, shown by its label
        else:
            shown[key] = value
    return shown


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def message_text(message: Message, params: Mapping[str, str] | None = None) -> MessageText:
    """`message` in the current language with its parameters filled in (money as ¥, providers by
    name); a parameter the flow did not pass shows as a dash rather than failing. A declined card
    is explained by its ISO 8583 response code (`code`), not by the module's raw text."""
    title, next_step = _source(message)
    values = _Blank(_display_params(params or {}))
    if message is Message.CARD_DECLINED:
        values["reason"] = card_decline_reason(
            (params or {}).get("code", ""), (params or {}).get("reason", "")
        )
    return MessageText(title.format_map(values), next_step.format_map(values))


def card_decline_reason(code: str, module_text: str = "") -> str:
    """Why the bank declined a card, from its ISO 8583 response code (field 39), in the current
    language; an unknown code is shown as such (with the module's text, if any) for staff."""
    known = {
        "05": QCoreApplication.translate("Message", "the bank did not approve the payment"),
        "14": QCoreApplication.translate("Message", "the card number is not valid"),
        "51": QCoreApplication.translate("Message", "insufficient funds"),
        "54": QCoreApplication.translate("Message", "the card has expired"),
        "55": QCoreApplication.translate("Message", "wrong PIN"),
        "61": QCoreApplication.translate("Message", "the amount is over the card's limit"),
        "75": QCoreApplication.translate("Message", "too many wrong PIN attempts"),
    }
    if code in known:
        return known[code]
    generic = QCoreApplication.translate("Message", "the bank declined the payment (code {code})")
    shown = generic.format(code=code or "—")
    return f"{shown} {module_text}".strip() if module_text else shown


def provider_name(provider: Provider) -> str:
    """WeChat Pay / Alipay / UnionPay in the current language."""
    if provider is Provider.WECHAT:
        return QCoreApplication.translate("Message", "WeChat Pay")
    if provider is Provider.UNIONPAY:
        return QCoreApplication.translate("Message", "UnionPay card")
    return QCoreApplication.translate("Message", "Alipay")


def method_text(method: PayMethod) -> MessageText:
    """A payment method's button: its name, and how it is done (title, next_step)."""
    texts = {
        PayMethod.WECHAT: (
            QCoreApplication.translate("Message", "WeChat Pay"),
            QCoreApplication.translate("Message", "Show your payment code to the scanner"),
        ),
        PayMethod.ALIPAY: (
            QCoreApplication.translate("Message", "Alipay"),
            QCoreApplication.translate("Message", "Show your payment code to the scanner"),
        ),
        PayMethod.WECHAT_QR: (
            QCoreApplication.translate("Message", "WeChat Pay"),
            QCoreApplication.translate("Message", "Scan the code on this screen with your phone"),
        ),
        PayMethod.ALIPAY_QR: (
            QCoreApplication.translate("Message", "Alipay"),
            QCoreApplication.translate("Message", "Scan the code on this screen with your phone"),
        ),
        PayMethod.UNIONPAY: (
            QCoreApplication.translate("Message", "UnionPay bank card"),
            QCoreApplication.translate("Message", "Insert your card and enter your PIN"),
        ),
    }
    title, how = texts[method]
    return MessageText(title, how)


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
        Stage.INSERT_CARD: (
            QCoreApplication.translate("Message", "Insert your bank card"),
            QCoreApplication.translate(
                "Message",
                "Insert your card into the card slot and enter your PIN on the keypad beside it. "
                "This screen never asks for your PIN.",
            ),
        ),
        Stage.ENTER_PIN: (
            QCoreApplication.translate("Message", "Enter your PIN on the keypad"),
            QCoreApplication.translate(
                "Message", "Cover the keypad with your hand, then press the green key."
            ),
        ),
        Stage.AUTHORISING: (
            QCoreApplication.translate("Message", "Contacting your bank…"),
            QCoreApplication.translate("Message", "Please wait and leave your card in the slot."),
        ),
        Stage.REVERSING: (
            QCoreApplication.translate("Message", "Cancelling the unconfirmed payment…"),
            QCoreApplication.translate(
                "Message", "Your bank did not answer in time. No money will be kept."
            ),
        ),
        Stage.CREATING_QR: (
            QCoreApplication.translate("Message", "Preparing your payment QR code…"),
            QCoreApplication.translate("Message", "Please wait. Keep your phone ready."),
        ),
        Stage.READING_CARD: (
            QCoreApplication.translate("Message", "Reading your meter card…"),
            QCoreApplication.translate("Message", "Please leave the card in the reader."),
        ),
        Stage.WRITING_CARD: (
            QCoreApplication.translate("Message", "Writing the purchase to your card…"),
            QCoreApplication.translate(
                "Message", "Do not remove your card until you are told to take it."
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
