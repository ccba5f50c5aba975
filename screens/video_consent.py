"""Before a video call: what the call is, that it is recorded and for how long, and a choice."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from screens.base import Screen, card, icon_label, text_label
from screens.theme import px
from screens.widgets.big_button import BigButton

DEFAULT_RETENTION_DAYS = 90


class VideoConsentScreen(Screen):
    """btn_agree answers True, btn_decline False; Back / Cancel in the footer. objectNames:
    video_consent_title, video_consent_points (what the teller sees and hears, documents),
    video_consent_recording (recorded, kept N days)."""

    name = "video_consent"
    answered = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._retention_days = DEFAULT_RETENTION_DAYS
        self.picture = icon_label("video_teller", px(160))
        self.title = text_label("title", "video_consent_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        panel, box = card(px(20))
        self.points = text_label("body", "video_consent_points")
        self.recording = text_label("banner", "video_consent_recording")
        box.addWidget(self.points)
        self.agree = BigButton("btn_agree", "primary")
        self.agree.clicked.connect(lambda: self.answered.emit(True))
        self.decline = BigButton("btn_decline")
        self.decline.clicked.connect(lambda: self.answered.emit(False))
        self.body.addSpacing(px(24))
        self.body.addWidget(self.picture)
        self.body.addWidget(self.title)
        self.body.addWidget(panel)
        self.body.addWidget(self.recording)
        self.body.addStretch(1)
        self.body.addWidget(self.agree)
        self.body.addWidget(self.decline)
        self.retranslate()

    def set_retention_days(self, days: int) -> None:
        """How long recordings are kept (said on the screen)."""
        self._retention_days = days
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("Talk to a teller by video"))
        self.points.setText(
            "\n".join(
                (
                    self.tr("• A teller of the service hall will see and hear you."),
                    self.tr("• The teller may ask you to show your ID card or documents."),
                    self.tr("• You can end the call at any time."),
                )
            )
        )
        self.recording.setText(
            self.tr("The call is recorded. Recordings are kept for {days} days.").format(
                days=self._retention_days
            )
        )
        self.agree.setText(self.tr("I agree, start the call"))
        self.decline.setText(self.tr("No, thank you"))
