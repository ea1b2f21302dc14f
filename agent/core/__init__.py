"""The measuring core (MEASURES.md): pure functions and one incremental engine.

No module here reads a clock, a file or the network: times come in as UTC
seconds, values come out. One idea per module:

- ``events``: the activity events (a time and a kind, nothing else)
- ``spans``, ``stretches``: continuous activity, gaps, breaks, stretches
- ``localdays``: local days and ISO weeks as UTC intervals
- ``days``, ``weeks``: the day and week figures
- ``reminders``: the reminder rules and their pacing
- ``engine``: the incremental engine that the agent and ``replay`` both drive
- ``contribution``: the vectors that may leave the machine, built from the figures
  (their layout, the one definition, is ``contract.contribution``)
- ``trace``, ``replay``: the trace format and the batch driver
"""
