"""The 'take your card' reminder sound: a short WAV made with the `wave` module, played with
QtMultimedia's QSoundEffect, or the platform beep where QtMultimedia is not installed
(PySide6-Essentials ships without it)."""

from __future__ import annotations

import logging
import math
import struct
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

from screens.theme import RESOURCES

ALERT_WAV = RESOURCES / "sounds" / "take_card.wav"
_RATE = 16_000
_log = logging.getLogger(__name__)


def write_alert_wav(
    path: Path, tones_hz: tuple[int, ...] = (1200, 900), tone_ms: int = 180
) -> None:
    """Write a two-tone chime (mono, 16-bit, 16 kHz), faded in and out so that it never clicks."""
    frames = bytearray()
    fade = _RATE // 200  # 5 ms
    for tone in tones_hz:
        count = _RATE * tone_ms // 1000
        for n in range(count):
            envelope = min(1.0, n / fade, (count - n) / fade)
            sample = 0.6 * envelope * math.sin(2 * math.pi * tone * n / _RATE)
            frames += struct.pack("<h", round(sample * 32767))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes(bytes(frames))


class AlertSound(QObject):
    """Plays the reminder; `played` counts the alerts asked for, whether or not a speaker is
    attached (an offscreen test has none)."""

    def __init__(self, parent: QObject | None = None, wav: Path = ALERT_WAV) -> None:
        super().__init__(parent)
        self.played = 0
        self._effect: QObject | None = None
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            _log.info("QtMultimedia not installed: the take-card reminder uses the system beep")
            return
        if not wav.exists():
            write_alert_wav(wav)
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(wav)))
        self._effect = effect

    @property
    def uses_wav(self) -> bool:
        """True when the WAV is played (QtMultimedia present), False for the system beep."""
        return self._effect is not None

    def play(self) -> None:
        """Sound the alert once."""
        self.played += 1
        effect = self._effect
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]
        else:
            QApplication.beep()
