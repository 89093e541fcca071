"""Pure values and decisions: no I/O, no ORM, no CLI or web imports."""
