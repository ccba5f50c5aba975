"""What the teller-command screens share: the call strip on top, no footer (End call in the strip
is the way out of the call; Back / Cancel would leave the teller talking to nobody)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flows.video_ports import VideoCallView
from screens.base import Screen
from screens.theme import px
from screens.widgets.call_strip import CallStrip


class TellerScreen(Screen):
    """A screen the teller asked for: `strip` (screens/widgets/call_strip.py) at the top of the
    body; its End call emits `end_requested`. Subclasses add their content below it."""

    show_back = False
    show_cancel = False

    end_requested = Signal()

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.body.setContentsMargins(px(40), px(24), px(40), px(32))
        self.body.setSpacing(px(24))
        self.strip = CallStrip(monotonic)
        self.strip.end_requested.connect(self.end_requested)
        self.body.addWidget(self.strip)

    def set_call(self, call: VideoCallView) -> None:
        """Keep this call in the strip."""
        self.strip.set_call(call)
