"""Répit's desktop agent and its measuring core.

``agent.core`` is the pure measuring core of MEASURES.md (events in, figures,
reminders and contributions out); ``contract.policy`` loads and validates the
department policies. Both are shared with the aggregator.
"""
