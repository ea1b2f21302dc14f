"""Department policies (POLICY.md): the validated model (``model``) and its loader (``loader``).

Nothing is imported here: the measuring core needs only ``model`` and must not
pay for the loader and pydantic (``python -X importtime -c "import agent.core.engine"``).
"""
