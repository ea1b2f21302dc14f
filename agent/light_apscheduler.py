"""APScheduler 3's scheduler, executor and trigger classes, without asyncio and multiprocessing.

The agent uses a ``BackgroundScheduler`` with its own executors (``agent.scheduler``).
APScheduler 3 imports asyncio for one function (``iscoroutinefunction``) and,
for a default executor the agent replaces, ``concurrent.futures.process``
and multiprocessing: some 5 MiB of the running agent's 40, used never. While
APScheduler is first imported here, two stand-ins take their place:

* ``asyncio``: ``iscoroutinefunction`` only, ``inspect``'s (the same test
  since Python 3.11, where asyncio's generator-based coroutines are gone);
* ``apscheduler.executors.pool``: a ``ThreadPoolExecutor`` that imports the
  real module when a scheduler does build one.

Both leave ``sys.modules`` right after, so any later ``import asyncio`` (or of
the pool executors) gets the real module. When either is already imported,
it is used as is.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any


@contextmanager
def _standing_in(name: str, module: types.ModuleType) -> Iterator[None]:
    if name in sys.modules:
        yield
        return
    sys.modules[name] = module
    try:
        yield
    finally:
        if sys.modules.get(name) is module:
            del sys.modules[name]


def _asyncio_stand_in() -> types.ModuleType:
    module = types.ModuleType(
        "asyncio", "A stand-in while APScheduler imports (agent.light_apscheduler)."
    )
    module.iscoroutinefunction = inspect.iscoroutinefunction  # type: ignore[attr-defined]
    return module


def _pool_stand_in() -> types.ModuleType:
    module = types.ModuleType("apscheduler.executors.pool", "A stand-in (agent.light_apscheduler).")

    def thread_pool_executor(*args: Any, **kwargs: Any) -> Any:
        real = importlib.import_module("apscheduler.executors.pool")
        return real.ThreadPoolExecutor(*args, **kwargs)

    module.ThreadPoolExecutor = thread_pool_executor  # type: ignore[attr-defined]
    return module


with ExitStack() as _stand_ins:
    _stand_ins.enter_context(_standing_in("asyncio", _asyncio_stand_in()))
    _stand_ins.enter_context(_standing_in("apscheduler.executors.pool", _pool_stand_in()))
    from apscheduler.executors.base import BaseExecutor, run_job
    from apscheduler.executors.debug import DebugExecutor
    from apscheduler.job import Job
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger

__all__ = ["BackgroundScheduler", "BaseExecutor", "CronTrigger", "DebugExecutor", "Job", "run_job"]
