"""The call kept on screen while the teller drives the terminal: the teller small, the call time,
End call. Every teller-command screen has one at its top."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.flows.video_ports import VideoCallView
from screens.theme import px
from screens.video_call import CLOCK_TICK_MS, call_time_text
from screens.widgets.big_button import BigButton
from screens.widgets.video_view import VideoView

STRIP_VIDEO_WIDTH = 240  # design px; 4:3, small enough to leave the screen to the command


class CallStrip(QFrame):
    """objectNames: call_strip, call_strip_video (a VideoView on `call.remote`, hidden when the
    call is audio only), call_strip_teller (the teller's name: the only sign of the teller when
    audio only), call_strip_time (mm:ss since `call.started_at`), btn_strip_end_call (emits
    `end_requested`)."""

    end_requested = Signal()

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("call_strip")
        self.setProperty("role", "card")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._monotonic = monotonic
        self._call: VideoCallView | None = None
        self.video = VideoView("call_strip_video")
        self.video.setFixedSize(px(STRIP_VIDEO_WIDTH), px(STRIP_VIDEO_WIDTH) * 3 // 4)
        self.teller = _label("value", "call_strip_teller")
        self.time = _label("label", "call_strip_time")
        self.end_call = BigButton("btn_strip_end_call", "end_call")
        self.end_call.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.end_call.clicked.connect(self.end_requested)
        texts = QVBoxLayout()
        texts.setSpacing(px(8))
        texts.addStretch(1)
        texts.addWidget(self.teller)
        texts.addWidget(self.time)
        texts.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(px(16), px(12), px(24), px(12))
        row.setSpacing(px(24))
        row.addWidget(self.video)
        row.addLayout(texts, 1)
        row.addWidget(self.end_call, 0, Qt.AlignmentFlag.AlignVCenter)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_TICK_MS)
        self._clock.timeout.connect(self._label_time)
        self.retranslate()

    def set_monotonic(self, monotonic: Callable[[], float]) -> None:
        """The clock the call time is counted with (tests, screenshots)."""
        self._monotonic = monotonic
        self._label_time()

    def set_call(self, call: VideoCallView) -> None:
        """Show this call: the teller's picture (or only the name when audio only), the time."""
        self._call = call
        self.video.set_mailbox(call.remote)
        self.video.setVisible(not call.audio_only)
        self.retranslate()
        self._clock.start()

    def call(self) -> VideoCallView | None:
        """The call shown."""
        return self._call

    def stop_clock(self) -> None:
        """Hold the call time still (screenshots)."""
        self._clock.stop()

    def hideEvent(self, event: QHideEvent) -> None:
        """No ticking behind another screen."""
        self._clock.stop()
        super().hideEvent(event)

    def _label_time(self) -> None:
        started = self._call.started_at if self._call is not None else self._monotonic()
        shown = call_time_text(self._monotonic() - started)
        self.time.setText(self.tr("Call time {time}").format(time=shown))

    def retranslate(self) -> None:
        """Set every text in the current language."""
        call = self._call
        name = call.teller_name if call is not None and call.teller_name else self.tr("Teller")
        audio_only = call is not None and call.audio_only
        line = self.tr("{name} (audio only)") if audio_only else self.tr("In a call with {name}")
        self.teller.setText(line.format(name=name))
        self.video.set_placeholder("")
        self.video.setAccessibleName(self.tr("The teller's video"))
        self.end_call.setText(self.tr("End call"))
        self.end_call.setAccessibleName(self.tr("End the video call"))
        self._label_time()

    def changeEvent(self, event: QEvent) -> None:
        """Re-label on a language switch."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _label(role: str, object_name: str) -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    return label
