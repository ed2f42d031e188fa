"""An association's own page in the member area: what its public page shows, and who belongs to it."""
