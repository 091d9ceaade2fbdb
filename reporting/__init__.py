"""Management information: outcomes against proposals, availability freshness, demand."""
