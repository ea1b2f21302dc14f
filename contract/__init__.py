"""The contract both programs share: layout, policies, SQLite rules, Prio3.

The agent and the aggregator must agree byte for byte on what a contribution
is and how it travels. What they share lives here, importable by either and
importing neither (``tests/test_layers.py``):

- ``contribution``: the contribution layout (fields, order, bounds, kinds);
- ``policy``: the policy model (``policy.model``, pure, what the measuring core
  reads) and its loader (``policy.loader``, pydantic underneath);
- ``sqlite_files``: how both programs open and migrate their SQLite files;
- ``charts``: the SVG charts both reports use; ``wording``: the one
  ``Language`` and the number and duration formats of every surface;
  ``typography``: French typography;
- ``cli_words``: click's own words in French (``click_french``) and each
  command's help from a catalogue, for both command lines;
- ``prio3``: Prio3 and Répit's circuits.
"""
