"""ESC/POS receipt-printer simulator: parser, renderer, TCP and pty front ends."""

from simulators.printer.parser import EscPosParser, Paper, PrintedLine, PrinterState
from simulators.printer.server import PrintedJob, PrinterSimulator

__all__ = ["EscPosParser", "Paper", "PrintedJob", "PrintedLine", "PrinterSimulator", "PrinterState"]
