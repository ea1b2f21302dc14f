"""Répit's aggregator: per-team sums of contributions, released only for groups large enough."""
