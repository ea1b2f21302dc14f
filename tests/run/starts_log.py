"""``repit-agent``, plus one thing for the tests: each time this program starts in a
process, and each process it starts, is written to a file.

    python -m tests.run.starts_log STARTS.txt run --data-dir DATA

Lines are ``start PID`` and ``child ARGS``: a first start that does its work in
the agent's own process shows two starts with one process id and no child.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    log = Path(sys.argv.pop(1))

    def record(line: str) -> None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{line}\n")

    record(f"start {os.getpid()}")
    opening = subprocess.Popen.__init__

    def recorded(self: subprocess.Popen[Any], args: Any, *more: Any, **options: Any) -> None:
        record(f"child {args!r}")
        opening(self, args, *more, **options)

    subprocess.Popen.__init__ = recorded  # type: ignore[method-assign]
    from agent.cli import main as agent_main

    agent_main()


if __name__ == "__main__":
    main()
