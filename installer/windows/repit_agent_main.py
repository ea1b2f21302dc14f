"""The entry script PyInstaller freezes: ``agent.cli:main``, as the ``repit-agent`` command.

``agent/cli.py`` defines ``main`` without running it when executed as a script,
so the frozen program starts here. It is also the tool window's process
(``agent.tools.launch``): a frozen program has no ``-m``, so the tray starts it
again with ``FROZEN_WINDOW_ARGUMENT`` first.
"""

import sys

from agent.cli import main
from agent.tools.launch import FROZEN_WINDOW_ARGUMENT

if __name__ == "__main__" and sys.argv[1:2] == [FROZEN_WINDOW_ARGUMENT]:
    from agent.tools.run import main as tool_window

    sys.exit(tool_window(sys.argv[2:]))

if __name__ == "__main__":
    main()
