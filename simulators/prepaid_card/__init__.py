"""The prepaid meter card simulator: a CPU card on vsmartcard's virtual PC/SC reader."""

from simulators.prepaid_card.card import CardFault, SimCard
from simulators.prepaid_card.cards import CATALOGUE, CardSpec, find_spec
from simulators.prepaid_card.sim import PrepaidCardSimulator, RemoveOnWrite

__all__ = [
    "CATALOGUE",
    "CardFault",
    "CardSpec",
    "PrepaidCardSimulator",
    "RemoveOnWrite",
    "SimCard",
    "find_spec",
]
