"""What users do with the rules: check a disputed invoice, draw a fee schedule, compare both
regimes, audit a ledger. Nothing here holds a rule; everything calls the public functions."""
