"""Media requests: what the family asked for, its state machine and its timeline."""
