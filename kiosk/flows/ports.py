"""The UI port: everything a flow may ask of the person at the terminal.

The Qt side (screens/) implements `CustomerUI` by showing screens; tests implement it with a
scripted fake. Flows never import widgets; screens never import drivers, the journal or the
back-office client. Texts are not here: a flow passes a `Message` key and parameters, and the
screen shows it in the customer's language.

Every `ask_*` coroutine may raise `GoBack` (the customer pressed Back) or `CancelSession`
(Cancel pressed). Cancelling the coroutine's task must leave the UI able to show the next screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from kiosk.backoffice.models import AccountKind, Bill, Provider
from kiosk.flows.video_ports import Picture, VideoCallView, VideoWaiting

if TYPE_CHECKING:  # teller_ports imports this module
    from kiosk.flows.teller_ports import (
        DocumentPhotoPrompt,
        SignedForm,
        TellerAccount,
        TellerForm,
        TellerRequest,
    )


class GoBack(Exception):
    """The customer pressed Back."""


class CancelSession(Exception):
    """The customer pressed Cancel, or the session timed out."""


class VideoTellerRequested(Exception):
    """The customer pressed "Video teller" on a service screen (never while money moves): the
    journey stops there and a video call starts."""


class Language(StrEnum):
    """Languages of the customer screens."""

    ZH_CN = "zh_CN"
    EN = "en"


class Service(StrEnum):
    """What a customer can start from the idle screen."""

    PAY_BILL = "pay_bill"
    BUY_PREPAID = "buy_prepaid"  # buy credit for a prepaid meter card (购电)
    REPRINT = "reprint"
    VIDEO_TELLER = "video_teller"  # a video call to a remote teller (VTM)
    # Not a customer service: the hall name held for `maintenance.long_press_s` opens the staff
    # login. Never offered as a button.
    MAINTENANCE = "maintenance"


class PayMethod(StrEnum):
    """How the customer pays. The payment-code values equal the `Provider` values."""

    WECHAT = "wechat"  # customer shows a WeChat payment code to the scanner
    ALIPAY = "alipay"  # customer shows an Alipay payment code
    WECHAT_QR = "wechat_qr"  # customer scans the terminal's QR with WeChat (Native)
    ALIPAY_QR = "alipay_qr"  # customer scans the terminal's QR with Alipay (precreate)
    UNIONPAY = "unionpay"  # bank card in the payment module, PIN on its keypad

    @property
    def provider(self) -> Provider:
        """The provider that takes the money."""
        return Provider(self.value.removesuffix("_qr"))

    @property
    def terminal_qr(self) -> bool:
        """The terminal shows a QR (instead of reading the customer's code)."""
        return self.value.endswith("_qr")


class Message(StrEnum):
    """Everything a flow may tell the customer; screens hold the texts, in both languages."""

    ACCOUNT_MALFORMED = "account_malformed"  # not 10 digits or bad check digit
    ACCOUNT_NOT_FOUND = "account_not_found"
    BILL_CODE_UNKNOWN = "bill_code_unknown"  # scanned code is not a bill of ours
    NOTHING_TO_PAY = "nothing_to_pay"  # no arrears and top-up not allowed
    AMOUNT_OUT_OF_RANGE = "amount_out_of_range"  # params: min, max (fen)
    CODE_WRONG_PROVIDER = "code_wrong_provider"  # params: expected, scanned (provider names)
    CODE_NOT_A_PAYMENT_CODE = "code_not_a_payment_code"
    CODE_EXPIRED = "code_expired"
    DECLINED = "declined"  # params: reason (provider's message)
    PAYMENT_REVERSED = "payment_reversed"  # not confirmed in time: cancelled, money not taken
    PAYMENT_UNRESOLVED = "payment_unresolved"  # staff will resolve; params: reference
    BACKOFFICE_DOWN = "backoffice_down"
    SCANNER_DOWN = "scanner_down"  # payment codes cannot be read
    SCANNER_DOWN_LOOKUP_ONLY = "scanner_down_lookup_only"  # idle: keypad look-up still works
    RECEIPT_FAILED = "receipt_failed"  # params: reference
    REFERENCE_UNKNOWN = "reference_unknown"  # reprint: no such transaction
    REPRINTED = "reprinted"
    TECHNICAL_PROBLEM = "technical_problem"  # unexpected failure: sorry, back to the start
    # bank cards
    CARD_DECLINED = "card_declined"  # params: code (ISO 8583 field 39), reason (module text)
    CARD_CANCELLED = "card_cancelled"  # cancelled at the PIN pad, or no card inserted in time
    CARD_SALE_REVERSED = "card_sale_reversed"  # timed out: reversed, not taken / returned
    CARD_SALE_UNRESOLVED = "card_sale_unresolved"  # reversal failed: staff; params: reference
    CARD_MODULE_DOWN = "card_module_down"  # the payment module does not answer
    CARD_RETAINED = "card_retained"  # left in the slot too long and kept; params: reference
    # terminal-shown QR
    QR_EXPIRED = "qr_expired"  # not paid in time: order closed, nothing taken
    # prepaid meter cards
    PREPAID_CARD_UNREADABLE = "prepaid_card_unreadable"  # wrong way round or damaged
    PREPAID_CARD_NOT_ISSUED = "prepaid_card_not_issued"  # 6B00: never issued
    PREPAID_CARD_FOREIGN = "prepaid_card_foreign"  # another utility's card
    PREPAID_CARD_WRONG_METER = "prepaid_card_wrong_meter"  # a meter type not sold here
    PREPAID_CARD_UNKNOWN = "prepaid_card_unknown"  # the back office does not know it
    PREPAID_LOAD_METER_FIRST = "prepaid_load_meter_first"  # last purchase not in the meter yet
    PREPAID_MAC_ERROR = "prepaid_mac_error"  # card refused the record; params: reference
    PREPAID_COUNT_MISMATCH = "prepaid_count_mismatch"  # counts disagree: staff; params: reference
    PREPAID_CARD_REMOVED = "prepaid_card_removed"  # pulled out mid-write: paid, finished next time
    PREPAID_NOT_WRITTEN = "prepaid_not_written"  # paid, not written; finished next insertion
    PREPAID_FINISHED = "prepaid_finished"  # an earlier purchase written; params: amount
    CARD_READER_DOWN = "card_reader_down"  # the IC card reader is not there
    # video teller
    VIDEO_UNAVAILABLE = "video_unavailable"  # no camera or no VTM service now
    VIDEO_NO_TELLER = "video_no_teller"  # nobody answered in time: leave a number for a call back
    VIDEO_CONNECTION_FAILED = "video_connection_failed"  # media could not be set up: call back
    VIDEO_ENDED_BY_TELLER = "video_ended_by_teller"
    VIDEO_CALLBACK_BOOKED = "video_callback_booked"  # params: phone (masked)
    PHONE_MALFORMED = "phone_malformed"  # not an 11-digit mobile number
    # teller commands during a call
    TELLER_PRINTING = "teller_printing"  # the teller's document is being printed: wait
    TELLER_PRINTED = "teller_printed"  # the teller's document is printed: take it
    TELLER_PRINT_FAILED = "teller_print_failed"  # the printer could not print it
    TELLER_FORM_FIELD = "teller_form_field"  # a form field is not right; params: field (name)
    TELLER_FORM_SIGN = "teller_form_sign"  # the form needs a signature first
    TELLER_UPLOAD_FAILED = "teller_upload_failed"  # the photo / form did not reach the teller
    TELLER_ACCOUNT_FAILED = "teller_account_failed"  # the account could not be opened


class Stage(StrEnum):
    """Processing screen stages."""

    SENDING = "sending"  # payment sent, waiting for the provider
    CONFIRM_ON_PHONE = "confirm_on_phone"  # provider says the customer is paying (password)
    RESOLVING = "resolving"  # outcome unknown, querying or reversing
    PRINTING = "printing"
    INSERT_CARD = "insert_card"  # bank card: "insert your card and enter your PIN on the keypad"
    ENTER_PIN = "enter_pin"
    AUTHORISING = "authorising"  # online to the bank: no cancel
    REVERSING = "reversing"  # undoing a sale that timed out
    CREATING_QR = "creating_qr"
    READING_CARD = "reading_card"  # prepaid card
    WRITING_CARD = "writing_card"  # prepaid card: do not remove it


@dataclass(frozen=True)
class IdleInfo:
    """What the idle screen shows."""

    hall_name: str
    notices: list[tuple[str, str]]  # (title, body) in the current language
    payment_available: bool  # back office reachable and a payment method usable
    unavailable_reason: Message | None = None
    # A part is down but the customer can still start (the scanner: accounts can be looked up on
    # the keypad, payment is explained at the method step).
    degraded_reason: Message | None = None
    # English versions, so that a language tap on the idle screen re-labels it at once without a
    # round trip to the flow; empty means "show hall_name / notices in every language".
    hall_name_en: str = ""
    notices_en: list[tuple[str, str]] = field(default_factory=list)
    # The IC card reader is there and prepaid purchases are enabled: the buy-electricity button.
    prepaid_available: bool = True
    # Staff took the terminal out of service: no service buttons, "out of service" and where to
    # go instead (both languages), until staff put it back.
    out_of_service: bool = False
    next_counter_hint: str = ""
    next_counter_hint_en: str = ""
    # A camera and the VTM service are there: the "Video teller" button.
    video_available: bool = False


@dataclass(frozen=True)
class StartChoice:
    """The customer touched the idle screen."""

    service: Service
    language: Language


@dataclass(frozen=True)
class AccountPrompt:
    """The identify screen: keypad always, bill scanning only when the scanner works."""

    scan_available: bool
    error: Message | None = None


@dataclass(frozen=True)
class AccountView:
    """The account summary, already masked for the screen."""

    account_no: str
    masked_name: str
    masked_address: str
    kind: AccountKind
    tariff_name: str
    arrears_fen: int
    balance_fen: int
    retail_company: str | None
    bills: list[Bill]  # latest first, up to 12
    can_pay: bool


@dataclass(frozen=True)
class AmountChoice:
    """The amount screen: fixed arrears, or a top-up within limits."""

    arrears_fen: int
    topup_allowed: bool
    min_fen: int
    max_fen: int
    presets_fen: list[int] = field(default_factory=list)
    error: Message | None = None


@dataclass(frozen=True)
class MethodChoice:
    """Payment methods on offer; unavailable ones are not listed."""

    amount_fen: int
    methods: list[PayMethod]
    receipt_available: bool


@dataclass(frozen=True)
class CodePrompt:
    """'Show your payment code to the scanner'."""

    provider: Provider
    amount_fen: int
    error: Message | None = None
    error_params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QrPrompt:
    """'Scan this QR with WeChat / Alipay': the order's code_url drawn as a QR, with time left."""

    provider: Provider
    amount_fen: int
    code_url: str
    seconds_left: int  # until the order is closed


@dataclass(frozen=True)
class PrepaidCardPrompt:
    """'Insert your meter card' (buy electricity), with the last problem, if any."""

    error: Message | None = None


@dataclass(frozen=True)
class PurchaseLine:
    """One earlier purchase for the meter."""

    at: str  # local date and time, already formatted "YYYY-MM-DD HH:MM"
    amount_fen: int
    written: bool


@dataclass(frozen=True)
class PrepaidCardView:
    """The prepaid card and its meter, masked for the screen."""

    account_no: str
    masked_name: str
    masked_address: str
    meter_no: str
    remaining_fen: int | None  # credit in the meter at its last write-back; None if unknown
    last_purchases: list[PurchaseLine]
    pending_fen: int  # paid but not yet written to this card (finished now, 补写卡)
    can_buy: bool  # False when the last purchase is not loaded into the meter yet


@dataclass(frozen=True)
class TakeCard:
    """'Take your card': shown until the card is out; `reminders` > 0 also sounds an alert."""

    bank_card: bool  # the payment module's slot (True) or the IC card reader (False)
    reminders: int = 0


@dataclass(frozen=True)
class Outcome:
    """The end of a journey as the customer sees it."""

    paid: bool
    amount_fen: int
    reference: str  # short reference for reprints and staff
    message: Message | None = None  # RECEIPT_FAILED, PAYMENT_REVERSED, DECLINED, ...
    params: dict[str, str] = field(default_factory=dict)
    receipt_printed: bool = False


class CustomerUI(Protocol):
    """The port flows talk to. Implemented by screens/ (Qt) and by tests (scripted)."""

    def set_language(self, language: Language) -> None:
        """Switch the screens' language."""
        ...

    @property
    def language(self) -> Language:
        """The language the screens show now (one chosen on the idle screen counts)."""
        ...

    async def wait_for_customer(self, idle: IdleInfo) -> StartChoice:
        """Show the idle screen until a customer starts a service."""
        ...

    async def ask_account_number(self, prompt: AccountPrompt) -> str:
        """Keypad entry of an account number (digits as typed, unvalidated)."""
        ...

    async def show_account(self, view: AccountView) -> None:
        """Show the summary; returns when the customer presses Pay."""
        ...

    async def ask_amount(self, choice: AmountChoice) -> int:
        """The amount to pay, in fen."""
        ...

    async def ask_method(self, choice: MethodChoice) -> PayMethod:
        """One of `choice.methods`."""
        ...

    async def confirm_without_receipt(self) -> bool:
        """The printer cannot print: pay anyway, with the receipt reprinted later?"""
        ...

    async def wait_at_code_prompt(self, prompt: CodePrompt) -> None:
        """Show 'show your payment code to the scanner'. Never returns normally: it raises GoBack
        or CancelSession, or is cancelled when the scanner reads a code."""
        ...

    def show_processing(self, stage: Stage, amount_fen: int, can_cancel: bool) -> None:
        """Show progress; if `can_cancel`, a Cancel press raises in `wait_for_cancel`."""
        ...

    async def wait_for_cancel(self) -> None:
        """Returns when the customer presses Cancel on the processing screen."""
        ...

    async def show_outcome(self, outcome: Outcome, seconds: float) -> None:
        """Paid / not paid, 'take your receipt'; returns after `seconds` or a tap."""
        ...

    async def show_message(self, message: Message, params: dict[str, str]) -> None:
        """An explained failure with an OK button; returns when acknowledged."""
        ...

    async def ask_reference(self, error: Message | None) -> str:
        """Reprint service: the reference printed on the paid screen."""
        ...

    async def show_qr_code(self, prompt: QrPrompt) -> None:
        """Show the order's QR for the customer's phone. Never returns normally: raises GoBack or
        CancelSession, or is cancelled when the order is paid or expires. Called again with a
        smaller `seconds_left` to update the count-down without a screen change."""
        ...

    async def wait_for_prepaid_card(self, prompt: PrepaidCardPrompt) -> None:
        """Show 'insert your meter card'. Never returns normally: raises GoBack or CancelSession,
        or is cancelled when a card is inserted."""
        ...

    async def show_prepaid_card(self, view: PrepaidCardView) -> None:
        """Show the card, the meter's credit and purchases; returns when the customer presses Buy
        (or, when `can_buy` is False, OK)."""
        ...

    def show_take_card(self, prompt: TakeCard) -> None:
        """'Take your card' with an alert sound when `prompt.reminders` > 0; stays until the next
        screen."""
        ...

    def show_countdown(self, seconds_left: int | None) -> None:
        """Inactivity warning with one-tap extension; None hides it."""
        ...

    async def ask_video_consent(self) -> bool:
        """'This call is recorded': True to go on, False to decline (back to where they were)."""
        ...

    async def show_video_waiting(self, waiting: VideoWaiting) -> None:
        """'Waiting for a teller', position and wait. Never returns normally: Cancel raises
        CancelSession (Back: GoBack); the flow cancels it when a teller answers. Called again
        with a new position, it updates in place."""
        ...

    async def show_video_call(self, view: VideoCallView) -> None:
        """The call screen; returns when the customer presses End. Mute calls `view.on_mute`.
        The flow cancels it when the teller hangs up; called again (audio only) it updates."""
        ...

    async def ask_callback_phone(self, error: Message | None) -> str:
        """A mobile number on the keypad for 'a teller will call you back'; GoBack: no thanks."""
        ...

    # --- during a video call, the teller's commands (kiosk/flows/teller_ports.py) ---------------
    # Each screen keeps the call on it (the teller small, the call time, End call); End call on
    # any of them raises teller_ports.CallEnded.

    async def ask_teller_request(self, request: TellerRequest) -> bool:
        """'The teller asks to ...': Allow (True) or Decline (False)."""
        ...

    async def show_teller_account(self, view: TellerAccount) -> None:
        """The account summary; returns when the customer presses Back to the call. The flow
        cancels it when the teller sends another command or hangs up."""
        ...

    async def take_document_photo(self, prompt: DocumentPhotoPrompt) -> Picture | None:
        """The camera large, Take photo, then the still with Retake / Send: the picture sent,
        or None if the customer declined."""
        ...

    async def fill_teller_form(self, form: TellerForm) -> SignedForm | None:
        """The form: read, correct the editable fields on a keypad, sign with a finger, Submit.
        None if the customer declined. Called again with `error` when a value is not right."""
        ...

    def show_teller_notice(self, message: Message, call: VideoCallView) -> None:
        """A short notice over the call (printing, printed, upload failed...); the call screen
        shown next replaces it."""
        ...

    async def hold_teller_notice(self, seconds: float) -> None:
        """Keep the notice just shown up for `seconds` (cancelled sooner when the next screen
        comes); End call on it raises teller_ports.CallEnded at once."""
        ...
