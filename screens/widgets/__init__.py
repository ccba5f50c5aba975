"""Widgets shared by the customer screens: keypad, big buttons, header and footer."""
