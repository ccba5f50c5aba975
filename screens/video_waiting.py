"""Waiting for a teller: a spinner, the place in the queue and about how long it will take."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.flows.video_ports import VideoWaiting
from screens.base import Screen, card, text_label
from screens.theme import px
from screens.widgets.spinner import Spinner


def wait_minutes(estimated_wait_s: int) -> int:
    """The wait as whole minutes, rounded up and at least 1: "about 0 min" would be a promise."""
    return max(1, -(-max(0, estimated_wait_s) // 60))


class VideoWaitingScreen(Screen):
    """Only Back (GoBack) and Cancel (CancelSession). objectNames: video_waiting_title,
    video_waiting_position, video_waiting_estimate, video_waiting_hint, video_waiting_spinner."""

    name = "video_waiting"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._waiting: VideoWaiting | None = None
        self.title = text_label("title", "video_waiting_title")
        self.spinner = Spinner(px(180))
        self.spinner.setObjectName("video_waiting_spinner")
        panel, box = card(px(12))
        self.position = text_label("amount", "video_waiting_position")
        self.estimate = text_label("subtitle", "video_waiting_estimate")
        for label in (self.title, self.position, self.estimate):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.position)
        box.addWidget(self.estimate)
        self.hint = text_label("body", "video_waiting_hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addSpacing(px(80))
        self.body.addWidget(self.title)
        self.body.addSpacing(px(40))
        self.body.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addSpacing(px(40))
        self.body.addWidget(panel)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.retranslate()

    def set_waiting(self, waiting: VideoWaiting) -> None:
        """Show (or update in place) the queue position and the estimated wait."""
        self._waiting = waiting
        self.retranslate()

    def waiting(self) -> VideoWaiting | None:
        """What the screen shows."""
        return self._waiting

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("Connecting you to a teller…"))
        self.hint.setText(
            self.tr("Please stay in front of the screen. You can cancel at any time.")
        )
        waiting = self._waiting
        if waiting is None or waiting.position <= 0:
            self.position.setText(self.tr("You are next"))
        else:
            self.position.setText(
                self.tr("Position {position} in the queue").format(position=waiting.position)
            )
        minutes = wait_minutes(waiting.estimated_wait_s if waiting else 0)
        self.estimate.setText(self.tr("About {minutes} min").format(minutes=minutes))
