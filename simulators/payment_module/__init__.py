"""The bank-card payment module simulator: the module and the customer at its PIN pad."""
