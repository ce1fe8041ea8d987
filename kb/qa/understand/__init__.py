"""Stage 2, understand: what the question asks (its slot) and of what (topic, units, places, year, document),
as one frozen `Question`."""
