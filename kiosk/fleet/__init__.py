"""Fleet status: the terminal's heartbeat and device events, queued on disk for the back office.

`EventOutbox` (outbox.py) is the durable queue, `FleetReporter` (reporter.py) sends heartbeats
and flushes the queue, `DeviceEventTranslator` (events.py) turns device status changes into
events.
"""

from kiosk.fleet.events import DeviceEventTranslator
from kiosk.fleet.outbox import EventOutbox
from kiosk.fleet.reporter import FleetReporter

__all__ = ["DeviceEventTranslator", "EventOutbox", "FleetReporter"]
