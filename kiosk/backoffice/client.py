"""`BackOfficeClient`: the httpx implementation of the `BackOffice` protocol.

One `httpx.AsyncClient` with explicit time-outs; retries with a small backoff only for reads and
for writes that carry an idempotency key (micropay, card postings, QR orders, reverse, prepaid
purchases, fleet events, reconciliations); one circuit breaker per service (accounts, payments,
notices, prepaid, fleet, reports).
Failures come out as the typed errors of kiosk.backoffice. Logs carry the route, the order
number and at most the last four digits of an account: never names, addresses or payment codes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from kiosk.backoffice import (
    AccountNotFound,
    BackOfficeError,
    BackOfficeUnavailable,
    IdempotencyConflict,
    RequestRejected,
)
from kiosk.backoffice.breaker import CircuitBreaker
from kiosk.backoffice.fleet_models import (
    EventAck,
    EventBatch,
    Heartbeat,
    ReconciliationAck,
    ReconciliationReport,
    Settlement,
)
from kiosk.backoffice.models import (
    AccountSummary,
    ApiError,
    BillCodeLookup,
    CardPosting,
    MicropayRequest,
    Notice,
    PaymentResult,
    PrepaidCardInfo,
    PrepaidCardReport,
    PrepaidOrderRequest,
    PrepaidPurchase,
    Provider,
    PurchaseRecord,
    QrOrder,
    QrOrderRequest,
    WrittenReport,
)
from kiosk.backoffice.vtm_models import (
    CallbackAck,
    CallbackRequest,
    VtmDocumentAck,
    VtmDocumentUpload,
)
from kiosk.clock import Clock, SystemClock
from kiosk.config import BackOfficeSettings

log = logging.getLogger("kiosk.backoffice")

T = TypeVar("T")
SERVICES = ("accounts", "payments", "notices", "prepaid", "fleet", "reports", "vtm")
BACKOFF_S = (0.25, 0.5, 1.0, 2.0, 2.0)
_NOTICES = TypeAdapter(list[Notice])


_PERSONAL_PATH = re.compile(r"(/accounts/|/bill-codes/)([^/?#\s\"]*)")


def redact_url(url: str) -> str:
    """A URL fit for logs: account numbers cut to the last four, bill codes hidden."""

    def mask(match: re.Match[str]) -> str:
        prefix, value = match.group(1), match.group(2)
        return prefix + (account_tail(value) if prefix == "/accounts/" else "***")

    return _PERSONAL_PATH.sub(mask, url)


class _RedactHttpxUrls(logging.Filter):
    """httpx logs every request's full URL at INFO; ours carry account numbers and bill codes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, httpx.URL | str) else arg
                for arg in record.args
            )
        return True


def _install_log_redaction() -> None:
    httpx_log = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactHttpxUrls) for f in httpx_log.filters):
        httpx_log.addFilter(_RedactHttpxUrls())


_install_log_redaction()


class MalformedAnswer(ValueError):
    """The back office answered 2xx with something that is not the contract."""


def account_tail(account_no: str) -> str:
    """What logs may show of an account number: its last four digits."""
    return "****" + account_no[-4:] if len(account_no) > 4 else "****"


def _segment(value: str) -> str:
    # Percent-encode everything, dots included, so that input can never change the route.
    return quote(value, safe="").replace(".", "%2E")


def _as(model: type[Any]) -> Callable[[httpx.Response], Any]:
    def parse(response: httpx.Response) -> Any:
        return model.model_validate_json(response.content)

    return parse


def _payment_for(out_trade_no: str) -> Callable[[httpx.Response], PaymentResult]:
    return _order_for(PaymentResult, out_trade_no)


M = TypeVar("M", PaymentResult, QrOrder, PrepaidPurchase, PurchaseRecord)


def _order_for(model: type[M], out_trade_no: str) -> Callable[[httpx.Response], M]:
    """Parse `model` and check that the answer is about the order asked for."""

    def parse(response: httpx.Response) -> M:
        result = model.model_validate_json(response.content)
        if result.out_trade_no != out_trade_no:
            raise MalformedAnswer("answer is about another order")
        return result

    return parse


def _no_content(response: httpx.Response) -> None:
    """An answer whose body carries nothing (204): only the status matters."""
    return None


def _settlement_for(terminal_id: str, day: date) -> Callable[[httpx.Response], Settlement]:
    """Parse a settlement and check that it is the terminal and day asked for."""

    def parse(response: httpx.Response) -> Settlement:
        settlement = Settlement.model_validate_json(response.content)
        if settlement.terminal_id != terminal_id or settlement.day != day:
            raise MalformedAnswer("answer is about another terminal or day")
        return settlement

    return parse


class BackOfficeClient:
    """Talks to the back office over HTTP; see the `BackOffice` protocol for each call."""

    def __init__(
        self,
        settings: BackOfficeSettings,
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._clock: Clock = clock or SystemClock()
        timeout = httpx.Timeout(
            connect=settings.connect_timeout_s,
            read=settings.read_timeout_s,
            write=settings.read_timeout_s,
            pool=settings.connect_timeout_s,
        )
        self._http = httpx.AsyncClient(
            base_url=settings.base_url,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": "hall-kiosk/0.1"},
        )
        self._breakers = {
            name: CircuitBreaker(
                name, settings.breaker_failures, settings.breaker_reset_s, self._clock
            )
            for name in SERVICES
        }

    # -- BackOffice ------------------------------------------------------------------------
    def is_available(self, service: str = "payments") -> bool:
        """False while that service's breaker is open (no I/O)."""
        return self.breaker(service).is_available()

    def breaker(self, service: str) -> CircuitBreaker:
        """The breaker of "accounts", "payments", "notices", "prepaid", "fleet" or "reports"."""
        try:
            return self._breakers[service]
        except KeyError:
            raise ValueError(f"unknown back-office service {service!r}") from None

    async def check_health(self) -> bool:
        """GET /health, bypassing the breakers, and tell every breaker the result."""
        try:
            response = await self._http.get("/api/v1/health")
            healthy = response.status_code == 200 and response.json().get("status") == "ok"
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            log.warning("health check failed: %s", type(exc).__name__)
            healthy = False
        for breaker in self._breakers.values():
            if healthy:
                breaker.record_success()
            else:
                breaker.record_failure()
        return healthy

    async def get_account(self, account_no: str) -> AccountSummary:
        """The account summary with its last 12 bills. Raises AccountNotFound."""
        summary: AccountSummary = await self._call(
            "accounts",
            "GET",
            f"/api/v1/accounts/{_segment(account_no)}",
            what=f"get account {account_tail(account_no)}",
            retry=True,
            parse=_as(AccountSummary),
        )
        return summary

    async def lookup_bill_code(self, code: str) -> BillCodeLookup:
        """Resolve a scanned paper-bill barcode or QR. Raises AccountNotFound."""
        found: BillCodeLookup = await self._call(
            "accounts",
            "GET",
            f"/api/v1/bill-codes/{_segment(code)}",
            what="look up bill code",
            retry=True,
            parse=_as(BillCodeLookup),
        )
        return found

    async def list_notices(self) -> list[Notice]:
        """Hall notices for the idle screen."""
        notices: list[Notice] = await self._call(
            "notices",
            "GET",
            "/api/v1/notices",
            what="list notices",
            retry=True,
            parse=lambda r: _NOTICES.validate_json(r.content),
        )
        return notices

    async def micropay(self, request: MicropayRequest) -> PaymentResult:
        """Charge a payment code; retried safely because the key is `out_trade_no`."""
        result: PaymentResult = await self._call(
            "payments",
            "POST",
            "/api/v1/payments/micropay",
            what=f"micropay {request.out_trade_no} account {account_tail(request.account_no)}",
            retry=True,
            json=request.model_dump(mode="json"),
            idempotency_key=request.out_trade_no,
            parse=_payment_for(request.out_trade_no),
        )
        return result

    async def query_payment(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        """The payment's state now (state NOT_FOUND if the back office never saw it)."""
        result: PaymentResult = await self._call(
            "payments",
            "GET",
            f"/api/v1/payments/{_segment(out_trade_no)}",
            what=f"query {out_trade_no}",
            retry=True,
            params={"provider": provider.value},
            parse=_payment_for(out_trade_no),
        )
        return result

    async def reverse_payment(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        """Close an order still waiting, refund one that was paid; idempotent on the key."""
        result: PaymentResult = await self._call(
            "payments",
            "POST",
            f"/api/v1/payments/{_segment(out_trade_no)}/reverse",
            what=f"reverse {out_trade_no}",
            retry=True,
            params={"provider": provider.value},
            idempotency_key=out_trade_no,
            parse=_payment_for(out_trade_no),
        )
        return result

    async def post_card_payment(self, posting: CardPosting) -> PaymentResult:
        """Credit an approved card sale; retried safely because the key is `out_trade_no`."""
        result: PaymentResult = await self._call(
            "payments",
            "POST",
            "/api/v1/payments/card",
            what=f"card posting {posting.out_trade_no} account {account_tail(posting.account_no)}",
            retry=True,
            json=posting.model_dump(mode="json"),
            idempotency_key=posting.out_trade_no,
            parse=_payment_for(posting.out_trade_no),
        )
        return result

    async def create_qr_order(self, request: QrOrderRequest) -> QrOrder:
        """Create a terminal-shown QR order; retried safely because the key is `out_trade_no`."""
        order: QrOrder = await self._call(
            "payments",
            "POST",
            "/api/v1/payments/qr",
            what=f"qr order {request.out_trade_no} account {account_tail(request.account_no)}",
            retry=True,
            json=request.model_dump(mode="json"),
            idempotency_key=request.out_trade_no,
            parse=_order_for(QrOrder, request.out_trade_no),
        )
        return order

    async def read_prepaid_card(self, report: PrepaidCardReport) -> PrepaidCardInfo:
        """File the card's write-back record and get its meter's account and purchases.
        Retried: filing the same record twice changes nothing."""
        info: PrepaidCardInfo = await self._call(
            "prepaid",
            "POST",
            "/api/v1/prepaid/card",
            what=f"read prepaid card of meter {account_tail(report.meter_no)}",
            retry=True,
            json=report.model_dump(mode="json"),
            parse=_as(PrepaidCardInfo),
        )
        return info

    async def create_prepaid_order(self, request: PrepaidOrderRequest) -> PrepaidPurchase:
        """Open a purchase before it is paid; keyed on `out_trade_no`."""
        purchase: PrepaidPurchase = await self._call(
            "prepaid",
            "POST",
            "/api/v1/prepaid/orders",
            what=f"prepaid order {request.out_trade_no} meter {account_tail(request.meter_no)}",
            retry=True,
            json=request.model_dump(mode="json"),
            idempotency_key=request.out_trade_no,
            parse=_order_for(PrepaidPurchase, request.out_trade_no),
        )
        return purchase

    async def issue_prepaid_purchase(self, out_trade_no: str) -> PurchaseRecord:
        """The record and MAC to write; asking again answers the same record."""
        record: PurchaseRecord = await self._call(
            "prepaid",
            "POST",
            f"/api/v1/prepaid/orders/{_segment(out_trade_no)}/issue",
            what=f"issue purchase {out_trade_no}",
            retry=True,
            idempotency_key=out_trade_no,
            parse=_order_for(PurchaseRecord, out_trade_no),
        )
        return record

    async def confirm_prepaid_written(
        self, out_trade_no: str, report: WrittenReport
    ) -> PrepaidPurchase:
        """The purchase was read back from the card: WRITTEN. Idempotent."""
        purchase: PrepaidPurchase = await self._call(
            "prepaid",
            "POST",
            f"/api/v1/prepaid/orders/{_segment(out_trade_no)}/written",
            what=f"purchase {out_trade_no} written",
            retry=True,
            json=report.model_dump(mode="json"),
            idempotency_key=out_trade_no,
            parse=_order_for(PrepaidPurchase, out_trade_no),
        )
        return purchase

    # -- FleetBackOffice ---------------------------------------------------------------------
    async def send_heartbeat(self, heartbeat: Heartbeat) -> None:
        """POST the heartbeat once: a lost one is superseded by the next, so never retried."""
        await self._call(
            "fleet",
            "POST",
            "/api/v1/fleet/heartbeat",
            what=f"heartbeat of {heartbeat.terminal_id}",
            retry=False,
            json=heartbeat.model_dump(mode="json"),
            parse=_no_content,
        )

    async def send_fleet_events(self, batch: EventBatch) -> EventAck:
        """POST a batch of events; retried because the back office stores each seq once."""
        ack: EventAck = await self._call(
            "fleet",
            "POST",
            "/api/v1/fleet/events",
            what=f"fleet events {batch.events[0].seq}-{batch.events[-1].seq}",
            retry=True,
            json=batch.model_dump(mode="json"),
            parse=_as(EventAck),
        )
        return ack

    async def get_settlement(self, terminal_id: str, day: date) -> Settlement:
        """What the back office settled for `terminal_id` on `day` (a read: retried)."""
        settlement: Settlement = await self._call(
            "reports",
            "GET",
            "/api/v1/settlement",
            what=f"settlement of {terminal_id} on {day.isoformat()}",
            retry=True,
            params={"terminal_id": terminal_id, "day": day.isoformat()},
            parse=_settlement_for(terminal_id, day),
        )
        return settlement

    async def submit_reconciliation(
        self, report: ReconciliationReport, idempotency_key: str
    ) -> ReconciliationAck:
        """POST the day-end reconciliation; retried safely under its Idempotency-Key."""
        ack: ReconciliationAck = await self._call(
            "reports",
            "POST",
            "/api/v1/reconciliations",
            what=f"reconciliation of {report.terminal_id} on {report.day.isoformat()}",
            retry=True,
            json=report.model_dump(mode="json"),
            idempotency_key=idempotency_key,
            parse=_as(ReconciliationAck),
        )
        return ack

    async def request_video_callback(
        self, request: CallbackRequest, idempotency_key: str
    ) -> CallbackAck:
        """Book a teller's call-back (POST /api/v1/vtm/callbacks); retried under its key. The
        number never reaches the log: only the terminal and the reason are named."""
        ack: CallbackAck = await self._call(
            "vtm",
            "POST",
            "/api/v1/vtm/callbacks",
            what=f"video call-back for {request.terminal_id} ({request.reason})",
            retry=True,
            json=request.model_dump(mode="json"),
            idempotency_key=idempotency_key,
            parse=_as(CallbackAck),
        )
        return ack

    async def upload_vtm_document(
        self, call_id: str, upload: VtmDocumentUpload, idempotency_key: str
    ) -> VtmDocumentAck:
        """Send the teller a photo or a signed form (POST /api/v1/vtm/calls/{call_id}/documents);
        retried under its key. The log names the call and the kind, never the form's values."""
        ack: VtmDocumentAck = await self._call(
            "vtm",
            "POST",
            f"/api/v1/vtm/calls/{_segment(call_id)}/documents",
            what=f"video document {upload.kind}/{upload.name} for call {call_id[:8]}",
            retry=True,
            json=upload.model_dump(mode="json"),
            idempotency_key=idempotency_key,
            parse=_as(VtmDocumentAck),
        )
        return ack

    async def aclose(self) -> None:
        """Release connections."""
        await self._http.aclose()

    async def __aenter__(self) -> BackOfficeClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- plumbing --------------------------------------------------------------------------
    async def _call(
        self,
        service: str,
        method: str,
        path: str,
        *,
        what: str,
        retry: bool,
        parse: Callable[[httpx.Response], T],
        params: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> T:
        """One logical call: breaker check, attempts with backoff, error mapping, parsing.

        `retry` may be True only for reads and idempotency-keyed writes: a retried write
        without a key could charge twice."""
        breaker = self._breakers[service]
        if not breaker.try_acquire():
            raise BackOfficeUnavailable(f"{service} service unavailable (circuit open)")
        # A half-open trial is exactly one request.
        attempts = 1 + self._settings.read_retries if retry and not breaker.is_trial() else 1
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        reported = False
        try:
            problem = ""
            for attempt in range(1, attempts + 1):
                if attempt > 1:
                    await self._clock.sleep(BACKOFF_S[min(attempt - 2, len(BACKOFF_S) - 1)])
                try:
                    response = await self._http.request(
                        method, path, params=params, json=json, headers=headers
                    )
                except httpx.HTTPError as exc:
                    problem = type(exc).__name__
                else:
                    if response.status_code < 500:
                        break
                    problem = f"HTTP {response.status_code}"
                log.warning(
                    "back office %s: attempt %d/%d failed: %s", what, attempt, attempts, problem
                )
            else:
                breaker.record_failure()
                reported = True
                raise BackOfficeUnavailable(f"{service}: {problem}")
            outcome = self._outcome(response, parse, what)
            if isinstance(outcome, BackOfficeUnavailable):
                breaker.record_failure()
            else:
                breaker.record_success()
            reported = True
            if isinstance(outcome, BackOfficeError):
                raise outcome
            return outcome
        finally:
            if not reported:
                breaker.release()

    @staticmethod
    def _outcome(
        response: httpx.Response, parse: Callable[[httpx.Response], T], what: str
    ) -> T | BackOfficeError:
        """The parsed answer, or the error it means (not raised, so the breaker sees it)."""
        status = response.status_code
        if 200 <= status < 300:
            try:
                return parse(response)
            except (ValidationError, ValueError) as exc:
                log.error("back office %s: malformed answer (%s)", what, type(exc).__name__)
                return BackOfficeUnavailable(f"malformed answer to {what.split()[0]}")
        if not 400 <= status < 500:
            log.error("back office %s: unexpected HTTP %d", what, status)
            return BackOfficeUnavailable(f"unexpected HTTP {status}")
        try:
            error = ApiError.model_validate_json(response.content)
            code, message = error.code, error.message
        except ValidationError:
            code, message = f"HTTP_{status}", response.reason_phrase
        log.info("back office %s: refused %d %s", what, status, code)
        if status == 404:
            return AccountNotFound(code)
        if status == 409 and code == "IDEMPOTENCY_CONFLICT":
            return IdempotencyConflict(message)
        return RequestRejected(code, message)
