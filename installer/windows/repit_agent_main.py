"""The entry script PyInstaller freezes: ``agent.cli:main``, as the ``repit-agent`` command.

``agent/cli.py`` defines ``main`` without running it when executed as a script,
so the frozen program starts here.
"""

from agent.cli import main

if __name__ == "__main__":
    main()
