"""The headless tour: the real application offscreen on the simulators, driven through its
widgets, with a screenshot of every screen and a report (`kiosk tour --out DIR`)."""

from kiosk.tour.runner import run_tour_command

__all__ = ["run_tour_command"]
