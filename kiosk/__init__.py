"""Terminal software for a power utility's 24-hour smart business hall."""

__version__ = "0.1.0"
