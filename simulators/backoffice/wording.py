"""How each provider words an outcome: WeChat err codes, Alipay result codes and sub-codes
(the sub-code opens the message, before a colon), and the normalised state of each."""

from __future__ import annotations

from enum import StrEnum

from kiosk.backoffice.models import PaymentState, Provider


class Event(StrEnum):
    """What happened to an order; picks the provider's code and message."""

    SUCCESS = "success"
    PAYING = "paying"
    UNKNOWN = "unknown"
    INVALID_CODE = "invalid_code"
    EXPIRED_CODE = "expired_code"
    NOT_ENOUGH = "not_enough"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    FAILED = "failed"
    CLOSED = "closed"
    REVERSED = "reversed"
    NOT_FOUND = "not_found"
    NOT_PAID = "not_paid"  # a terminal-shown QR not scanned and paid yet
    ORDER_EXPIRED = "order_expired"  # a terminal-shown QR that nobody paid in time


# provider_code and message per provider, as the providers word them.
PROVIDER_WORDING: dict[Provider, dict[Event, tuple[str, str]]] = {
    Provider.WECHAT: {
        Event.SUCCESS: ("SUCCESS", "支付成功"),
        Event.PAYING: ("USERPAYING", "需要用户输入支付密码"),
        Event.UNKNOWN: ("SYSTEMERROR", "系统超时，请查询订单"),
        Event.INVALID_CODE: ("AUTH_CODE_INVALID", "付款码无效，请刷新后重试"),
        Event.EXPIRED_CODE: ("AUTHCODEEXPIRE", "付款码已过期或已使用，请刷新后重试"),
        Event.NOT_ENOUGH: ("NOTENOUGH", "用户余额不足"),
        Event.DECLINED: ("TRADE_ERROR", "交易错误，支付被拒绝"),
        Event.CANCELLED: ("PAYERROR", "用户取消支付"),
        Event.FAILED: ("PAYERROR", "支付失败"),
        Event.CLOSED: ("REVOKED", "订单已撤销，未扣款"),
        Event.REVERSED: ("REVOKED", "订单已撤销，款项已退回"),
        Event.NOT_FOUND: ("ORDERNOTEXIST", "此交易订单号不存在"),
        Event.NOT_PAID: ("NOTPAY", "订单未支付"),
        Event.ORDER_EXPIRED: ("CLOSED", "订单已关闭（超时未支付）"),
    },
    Provider.ALIPAY: {
        Event.SUCCESS: ("10000", "Success"),
        Event.PAYING: ("10003", "等待用户付款"),
        Event.UNKNOWN: ("20000", "Service Currently Unavailable: 请查询订单"),
        Event.INVALID_CODE: (
            "40004",
            "ACQ.PAYMENT_AUTH_CODE_INVALID: 付款码无效，请顾客刷新付款码",
        ),
        Event.EXPIRED_CODE: ("40004", "ACQ.PAYMENT_AUTH_CODE_INVALID: 付款码已过期或已使用"),
        Event.NOT_ENOUGH: ("40004", "ACQ.BUYER_BALANCE_NOT_ENOUGH: 买家余额不足"),
        Event.DECLINED: ("40004", "ACQ.PAYMENT_FAIL: 支付失败"),
        Event.CANCELLED: ("40004", "ACQ.TRADE_HAS_CLOSE: 用户取消支付，交易已关闭"),
        Event.FAILED: ("40004", "ACQ.PAYMENT_FAIL: 支付失败"),
        Event.CLOSED: ("TRADE_CLOSED", "action=close: 交易已关闭，未扣款"),
        Event.REVERSED: ("TRADE_CLOSED", "action=refund: 交易已撤销，款项已退回"),
        Event.NOT_FOUND: ("ACQ.TRADE_NOT_EXIST", "交易不存在"),
        Event.NOT_PAID: ("WAIT_BUYER_PAY", "交易创建，等待买家付款"),
        Event.ORDER_EXPIRED: ("TRADE_CLOSED", "未付款交易超时关闭"),
    },
    # Bank cards: ISO 8583 response codes (field 39) where one exists.
    Provider.UNIONPAY: {
        Event.SUCCESS: ("00", "交易成功"),
        Event.PAYING: ("09", "交易处理中"),
        Event.UNKNOWN: ("96", "系统故障，请查询交易"),
        Event.INVALID_CODE: ("14", "无效卡号"),
        Event.EXPIRED_CODE: ("54", "过期的卡"),
        Event.NOT_ENOUGH: ("51", "余额不足"),
        Event.DECLINED: ("05", "不予承兑"),
        Event.CANCELLED: ("05", "持卡人取消交易"),
        Event.FAILED: ("05", "交易失败"),
        Event.CLOSED: ("CLOSED", "交易已关闭，未入账"),
        Event.REVERSED: ("REVERSED", "交易已撤销，款项已退回"),
        Event.NOT_FOUND: ("25", "原交易不存在"),
        Event.NOT_PAID: ("09", "交易处理中"),
        Event.ORDER_EXPIRED: ("CLOSED", "交易超时关闭"),
    },
}

STATE_OF: dict[Event, PaymentState] = {
    Event.SUCCESS: PaymentState.SUCCESS,
    Event.PAYING: PaymentState.PAYING,
    Event.UNKNOWN: PaymentState.UNKNOWN,
    Event.CLOSED: PaymentState.CLOSED,
    Event.REVERSED: PaymentState.REVERSED,
    Event.NOT_FOUND: PaymentState.NOT_FOUND,
    Event.NOT_PAID: PaymentState.PAYING,
    Event.ORDER_EXPIRED: PaymentState.CLOSED,
}
