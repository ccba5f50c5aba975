"""The video call: the teller large, the customer's own camera small in a corner, the call time,
Mute and End call."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from kiosk.flows.video_ports import VideoCallView
from screens.base import Screen, text_label
from screens.theme import px
from screens.widgets.big_button import BigButton
from screens.widgets.video_view import VideoView

LOCAL_SHARE = 0.3  # the customer's own picture: this share of the teller's picture's width
CLOCK_TICK_MS = 500  # twice a second, so the shown second never lags by a whole second


def call_time_text(seconds: float) -> str:
    """mm:ss (hours roll into the minutes: a call is never that long, but must not wrap)."""
    whole = max(0, int(seconds))
    minutes, secs = divmod(whole, 60)
    return f"{minutes:02d}:{secs:02d}"


class _CallStage(QWidget):
    """The teller's picture filling the area, the customer's own picture over its lower right
    corner (picture-in-picture)."""

    def __init__(self, remote: VideoView, local: VideoView) -> None:
        super().__init__()
        self.remote = remote
        self.local = local
        remote.setParent(self)
        local.setParent(self)
        local.raise_()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the remote picture full size and the local one in its corner."""
        self.remote.setGeometry(self.rect())
        width = max(px(120), int(self.width() * LOCAL_SHARE))
        height = width * 3 // 4
        margin = px(20)
        self.local.setGeometry(
            self.width() - width - margin, self.height() - height - margin, width, height
        )
        super().resizeEvent(event)


class VideoCallScreen(Screen):
    """btn_end_call (red) emits `end_requested`; btn_mute toggles the microphone through
    `view.on_mute`. No footer buttons: End call is the way out. objectNames: video_remote,
    video_local (VideoViews), video_teller_name, video_call_time (mm:ss since view.started_at),
    video_audio_only (banner, only when view.audio_only), btn_mute (checked while muted),
    btn_end_call."""

    name = "video_call"
    show_back = False
    show_cancel = False
    scrollable = False

    end_requested = Signal()

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._view: VideoCallView | None = None
        self._muted = False
        self.body.setContentsMargins(px(32), px(24), px(32), px(32))
        self.body.setSpacing(px(20))
        top = QHBoxLayout()
        self.teller_name = text_label("value", "video_teller_name", wrap=False)
        self.call_time = text_label("value", "video_call_time", wrap=False)
        self.call_time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.teller_name, 1)
        top.addWidget(self.call_time)
        self.audio_only = text_label("banner", "video_audio_only")
        self.audio_only.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.audio_only.hide()
        self.remote = VideoView("video_remote")
        self.local = VideoView("video_local")
        self.stage = _CallStage(self.remote, self.local)
        self.mute = BigButton("btn_mute", "mute")
        self.mute.setCheckable(True)
        self.mute.clicked.connect(self._toggle_mute)
        self.end_call = BigButton("btn_end_call", "end_call")
        self.end_call.clicked.connect(self.end_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(px(24))
        buttons.addWidget(self.mute, 1)
        buttons.addWidget(self.end_call, 1)
        self.body.addLayout(top)
        self.body.addWidget(self.audio_only)
        self.body.addWidget(self.stage, 1)
        self.body.addLayout(buttons)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_TICK_MS)
        self._clock.timeout.connect(self._label_time)
        self.retranslate()

    def set_monotonic(self, monotonic: Callable[[], float]) -> None:
        """The clock the call time is counted with (tests, screenshots)."""
        self._monotonic = monotonic
        self._label_time()

    def set_view(self, view: VideoCallView) -> None:
        """Show this call, or update it in place (audio only, muted, the teller's name)."""
        self._view = view
        self._muted = view.muted
        self.remote.set_mailbox(view.remote)
        self.local.set_mailbox(view.local)
        self.remote.set_show_picture(not view.audio_only)
        self.retranslate()
        self._clock.start()

    def view(self) -> VideoCallView | None:
        """The call shown."""
        return self._view

    def muted(self) -> bool:
        """Whether the customer's microphone is off, as the screen shows it."""
        return self._muted

    def stop_clock(self) -> None:
        """Hold the call time still (the screen is leaving, or a screenshot is taken)."""
        self._clock.stop()

    def hideEvent(self, event: QHideEvent) -> None:
        """No ticking behind another screen."""
        self._clock.stop()
        super().hideEvent(event)

    def _toggle_mute(self) -> None:
        self._muted = not self._muted
        self._label_mute()
        if self._view is not None:
            self._view.on_mute(self._muted)

    def _label_time(self) -> None:
        started = self._view.started_at if self._view is not None else self._monotonic()
        self.call_time.setText(call_time_text(self._monotonic() - started))

    def _label_mute(self) -> None:
        self.mute.setChecked(self._muted)
        self.mute.setText(self.tr("Unmute") if self._muted else self.tr("Mute"))

    def retranslate(self) -> None:
        """Set every text in the current language."""
        view = self._view
        name = view.teller_name if view is not None and view.teller_name else self.tr("Teller")
        self.teller_name.setText(self.tr("Talking to {name}").format(name=name))
        audio_only = view is not None and view.audio_only
        self.audio_only.setText(
            self.tr("The video has stopped. You can still talk to the teller (audio only).")
        )
        self.audio_only.setVisible(audio_only)
        self.remote.set_placeholder(
            self.tr("Audio only") if audio_only else self.tr("Connecting the video…"),
            "audio_only" if audio_only else "video",
        )
        self.local.set_placeholder(self.tr("Your camera"))
        self.end_call.setText(self.tr("End call"))
        self._label_mute()
        self._label_time()
