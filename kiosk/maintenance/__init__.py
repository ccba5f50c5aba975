"""Maintenance mode for hall staff: login with a staff card (or id) and PIN, roles, the device
dashboard, self-tests, out of service, the day's journal, day-end reconciliation, log export, and
an append-only audit log of every attempt and action (docs/maintenance.md)."""
