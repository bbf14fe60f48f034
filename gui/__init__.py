"""행봇's desktop window. Everything Qt lives here; ``core`` and ``tasks`` never import it."""
