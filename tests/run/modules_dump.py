"""``repit-agent``, plus one thing for the tests: SIGUSR1 writes ``sys.modules``'s names to a file.

    python -m tests.run.modules_dump MODULES.txt run --data-dir DATA

Nothing else is imported here, so the names are those the agent imported.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType


def main() -> None:
    out = Path(sys.argv.pop(1))

    def dump(_number: int, _frame: FrameType | None) -> None:
        written = out.with_suffix(".partial")
        written.write_text("\n".join(sorted(sys.modules)), encoding="utf-8")
        written.replace(out)  # whole, or not there yet

    signal.signal(signal.SIGUSR1, dump)
    from agent.cli import main as agent_main

    agent_main()


if __name__ == "__main__":
    main()
