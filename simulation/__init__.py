"""The fleet simulator: realistic activity for many devices, through the real core and upload path.

- ``fleet``: devices spread over the policies' teams, each with a persona and leave;
- ``activity``: one device's days as events, fed to the agent's ``ActivityEngine``,
  then day and week figures and contributions from the agent's own functions;
- ``run``: each device's agent store, enrollment, and the daily rounds of
  roll-over, ``fill_outbox`` and ``send_due`` against a server over HTTP;
- ``server``: the simulator's own server at a simulated time;
- ``command``: ``repit-simulate``.
"""
