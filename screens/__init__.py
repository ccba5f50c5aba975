"""Qt customer screens of the terminal: one screen per file, shared widgets, and `QtCustomerUI`
(screens/ui_port.py), the Qt implementation of the flows' UI port. Views only: no drivers, no
journal, no network."""
