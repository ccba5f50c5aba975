"""Device drivers: one per file, each behind the interface of its device class (interfaces.py)."""
