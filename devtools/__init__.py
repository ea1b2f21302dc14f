"""Tools for developing Répit, never shipped (the wheel packs ``agent``, ``aggregator``,
``contract`` and ``simulation`` only): the private desktop the tests and the
benchmarks run the agent on (``devtools.desktop``), and the way they start and
stop its programs (``devtools.processes``)."""
