"""One handler per intent; each takes a Plan and returns a Result of typed lines."""
