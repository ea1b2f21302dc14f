"""The contract both programs share: layout, policies, Prio3.

The agent and the aggregator must agree byte for byte on what a contribution
is and how it travels. What they share lives here, importable by either and
importing neither. For now it holds Prio3 (``contract.prio3``).
"""
