"""A fair share of a few workers among many users, for the app's questions.

Gradio's queue is first come, first served: two long questions from one user took both question workers and
every other user's question waited behind them. `FairQueue` gives each user (an account, else a browser
session) at most one question at a time; a user's further questions wait behind their own, and a worker that
comes free goes to the user who has waited longest among those with nothing running (round robin). How many
may wait is bounded, in all and per user: beyond, `Busy` at once instead of a queue without end.

It runs on the app's event loop (asyncio, one thread): a waiting question holds no thread and no worker. The
work itself runs in a thread (`run`, `stream`), so the loop goes on serving everyone else meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter, OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TypeVar

import anyio.to_thread

from kb.errors import Busy

T = TypeVar("T")
_END = object()


class FairQueue:
    """At most `workers` jobs run at once and at most one per key; others wait, `max_waiting` in all and
    `per_key` for one key."""

    def __init__(self, workers: int = 2, max_waiting: int = 64, per_key: int = 4) -> None:
        self.workers = workers
        self.max_waiting = max_waiting
        self.per_key = per_key
        self._running: Counter[str] = Counter()
        self._waiting: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()

    @property
    def running(self) -> int:
        return sum(self._running.values())

    @property
    def waiting(self) -> int:
        return sum(len(queue) for queue in self._waiting.values())

    @contextlib.asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        """Wait for `key`'s turn, hold a worker while the block runs, then pass it on; Busy when too many wait."""
        await self._acquire(key)
        try:
            yield
        finally:
            self._release(key)

    async def run(self, key: str, work: Callable[[], T]) -> T:
        """`work()` in a worker thread, in `key`'s turn."""
        async with self.turn(key):
            return await anyio.to_thread.run_sync(work)

    async def stream(self, key: str, make: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
        """The items of the generator `make()` returns, each computed in a worker thread, in `key`'s turn."""
        async with self.turn(key):
            items = await anyio.to_thread.run_sync(make)
            while True:
                item = await anyio.to_thread.run_sync(next, items, _END)
                if item is _END:
                    return
                yield item  # type: ignore[misc]

    async def _acquire(self, key: str) -> None:
        if self.running < self.workers and not self._running[key]:
            # a worker is free only while every key waiting has a job running (_dispatch): none is passed over
            self._running[key] += 1
            return
        mine = len(self._waiting.get(key, ()))
        if mine >= self.per_key:
            raise Busy(mine, yours=True)
        if self.waiting >= self.max_waiting:
            raise Busy(self.waiting, yours=False)
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, deque()).append(ticket)
        try:
            await ticket
        except asyncio.CancelledError:  # the client went away while waiting
            if ticket.done() and not ticket.cancelled():
                self._release(key)  # its turn had come: pass it on
            else:
                self._forget(key, ticket)
            raise

    def _release(self, key: str) -> None:
        self._running[key] -= 1
        if not self._running[key]:
            del self._running[key]
        self._dispatch()

    def _dispatch(self) -> None:
        """Give free workers to the keys waiting longest that have nothing running; a key served goes to the
        back of the line while it has more waiting."""
        for key in list(self._waiting):
            if self.running >= self.workers:
                return
            if self._running[key]:
                continue
            queue = self._waiting.pop(key)
            ticket = queue.popleft()
            if queue:
                self._waiting[key] = queue  # to the back: the others' turn first
            self._running[key] += 1
            ticket.set_result(None)

    def _forget(self, key: str, ticket: asyncio.Future[None]) -> None:
        queue = self._waiting.get(key)
        if queue is not None and ticket in queue:
            queue.remove(ticket)
            if not queue:
                del self._waiting[key]
