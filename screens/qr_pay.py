"""'Scan this code with WeChat / Alipay': the order's QR drawn large, the amount, the provider and
a live count-down until the order is closed."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.flows.ports import QrPrompt
from kiosk.money import format_yuan
from screens.base import Screen, card, text_label
from screens.messages import provider_name
from screens.theme import icon, px
from screens.widgets.qr_code import QrCodeView

QR_SIDE_PX = 600  # at 1080 wide; a phone reads it from arm's length


class QrPayScreen(Screen):
    """Waits for the phone to pay, which the flow polls: only Back and Cancel. objectNames:
    qr_title, qr_provider, qr_provider_icon, qr_amount, qr_code (the QR; property code_url),
    qr_seconds_left, qr_steps."""

    name = "qr_pay"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt: QrPrompt | None = None
        self._seconds_left = 0
        self.title = text_label("title", "qr_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        amount_card, amount_box = card()
        row = QHBoxLayout()
        row.setSpacing(px(20))
        self.provider_icon = QLabel()
        self.provider_icon.setObjectName("qr_provider_icon")
        self.provider = text_label("value", "qr_provider", wrap=False)
        self.amount = text_label("amount", "qr_amount", wrap=False)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.provider_icon)
        row.addWidget(self.provider)
        row.addWidget(self.amount, 1)
        amount_box.addLayout(row)
        self.code = QrCodeView("qr_code", px(QR_SIDE_PX))
        self.seconds_left = text_label("countdown_note", "qr_seconds_left")
        self.seconds_left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.steps = text_label("body", "qr_steps")
        self.steps.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.body.addWidget(self.title)
        self.body.addWidget(amount_card)
        self.body.addStretch(1)
        self.body.addWidget(self.code, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.seconds_left)
        self.body.addWidget(self.steps)
        self.body.addStretch(2)
        self.retranslate()

    def set_prompt(self, prompt: QrPrompt) -> None:
        """Show this order's QR, or only re-sync the count-down when it is the same order."""
        same = self._prompt is not None and self._prompt.code_url == prompt.code_url
        self._prompt = prompt
        self._seconds_left = max(0, prompt.seconds_left)
        if not same:
            self.code.set_url(prompt.code_url)
            self.provider_icon.setPixmap(icon(prompt.provider.value).pixmap(QSize(px(88), px(88))))
            self.retranslate()
        else:
            self._label_seconds()
        # Between the flow's updates the screen counts down by itself, so it never looks frozen.
        self._ticker.start()

    def code_url(self) -> str:
        """The text the QR on screen encodes."""
        return self._prompt.code_url if self._prompt else ""

    def seconds(self) -> int:
        """The count-down as shown."""
        return self._seconds_left

    def stop_countdown(self) -> None:
        """Hold the count-down still (the screen is leaving, or a screenshot is taken)."""
        self._ticker.stop()

    def _tick(self) -> None:
        self._seconds_left = max(0, self._seconds_left - 1)
        self._label_seconds()
        if self._seconds_left == 0:
            self._ticker.stop()

    def _label_seconds(self) -> None:
        minutes, seconds = divmod(self._seconds_left, 60)
        self.seconds_left.setText(
            self.tr("This code is valid for {time} more").format(time=f"{minutes}:{seconds:02d}")
        )

    def retranslate(self) -> None:
        """Set every text in the current language."""
        prompt = self._prompt
        provider = provider_name(prompt.provider) if prompt else ""
        self.title.setText(self.tr("Scan this code with {provider}").format(provider=provider))
        self.provider.setText(provider)
        self.steps.setText(
            self.tr(
                "Open {provider} on your phone, tap Scan, point the camera at this code and "
                "confirm the payment on your phone."
            ).format(provider=provider)
        )
        self._label_seconds()
        if prompt is not None:
            self.amount.setText(format_yuan(prompt.amount_fen))
