"""The committed OpenAPI document is the contract: it must match the app."""

from __future__ import annotations

import json

from simulators.backoffice import export_openapi


def test_committed_openapi_is_current() -> None:
    committed = export_openapi.OPENAPI_PATH.read_text(encoding="utf-8")
    assert committed == export_openapi.render(), (
        "simulators/backoffice/openapi.json is stale: "
        "run .venv/bin/python -m simulators.backoffice.export_openapi"
    )
    assert export_openapi.main(["--check"]) == 0


def test_contract_has_the_api_and_not_the_test_controls() -> None:
    document = json.loads(export_openapi.render())
    paths = set(document["paths"])
    assert paths == {
        "/api/v1/health",
        "/api/v1/accounts/{account_no}",
        "/api/v1/bill-codes/{code}",
        "/api/v1/notices",
        "/api/v1/payments/micropay",
        "/api/v1/payments/{out_trade_no}",
        "/api/v1/payments/{out_trade_no}/reverse",
        "/api/v1/payments/card",
        "/api/v1/payments/qr",
        "/api/v1/prepaid/card",
        "/api/v1/prepaid/orders",
        "/api/v1/prepaid/orders/{out_trade_no}/issue",
        "/api/v1/prepaid/orders/{out_trade_no}/written",
        "/api/v1/fleet/heartbeat",
        "/api/v1/fleet/events",
        "/api/v1/fleet/terminals",
        "/api/v1/settlement",
        "/api/v1/reconciliations",
        "/api/v1/vtm/callbacks",
        "/api/v1/vtm/calls/{call_id}/documents",
    }
    schemas = document["components"]["schemas"]
    for name in (
        "AccountSummary",
        "Bill",
        "TierLine",
        "PaymentResult",
        "MicropayRequest",
        "ApiError",
        "Notice",
        "BillCodeLookup",
        "CardPosting",
        "QrOrderRequest",
        "QrOrder",
        "PrepaidCardReport",
        "PrepaidCardInfo",
        "PrepaidOrderRequest",
        "PrepaidPurchase",
        "PurchaseRecord",
        "WrittenReport",
    ):
        assert name in schemas
    for keyed in ("micropay", "card", "qr"):
        post = document["paths"][f"/api/v1/payments/{keyed}"]["post"]
        assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
        assert "409" in post["responses"]
    assert not any(path.startswith("/_sim") for path in paths)
