"""The fair queue of the app's questions (kb/fair.py, issue 22 row 2): one question at a time per user, the
others behind their own, a free worker to the user who has waited longest, and a bounded wait."""

from __future__ import annotations

import asyncio
import time

import pytest

from kb.errors import Busy
from kb.fair import FairQueue

pytestmark = pytest.mark.timeout(30)


async def _job(queue: FairQueue, key: str, name: str, log: list[str], release: asyncio.Event) -> None:
    async with queue.turn(key):
        log.append(name)
        await release.wait()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_one_users_second_question_waits_and_another_users_goes_first() -> None:
    async def scenario() -> list[str]:
        queue = FairQueue(workers=2)
        log: list[str] = []
        done = {name: asyncio.Event() for name in ("a1", "a2", "b1")}
        tasks = [asyncio.create_task(_job(queue, "alice", "a1", log, done["a1"]))]
        await _settle()
        tasks.append(asyncio.create_task(_job(queue, "alice", "a2", log, done["a2"])))
        await _settle()
        tasks.append(asyncio.create_task(_job(queue, "bob", "b1", log, done["b1"])))
        await _settle()
        started = list(log)  # a2 waits behind a1 although a worker is free; b1 takes it
        assert queue.running == 2 and queue.waiting == 1
        done["a1"].set()
        await _settle()
        for event in done.values():
            event.set()
        await asyncio.gather(*tasks)
        assert queue.running == 0 and queue.waiting == 0
        return started + log[len(started) :]

    assert asyncio.run(scenario()) == ["a1", "b1", "a2"]


def test_a_free_worker_goes_round_the_users_waiting() -> None:
    async def scenario() -> list[str]:
        queue = FairQueue(workers=1)
        log: list[str] = []
        gate = asyncio.Event()
        tasks = []
        for key, name in [("alice", "a1"), ("alice", "a2"), ("alice", "a3"), ("bob", "b1"), ("carol", "c1")]:
            tasks.append(asyncio.create_task(_job(queue, key, name, log, gate)))
            await _settle()
        gate.set()
        await asyncio.gather(*tasks)
        return log

    # alice came first with three; bob and carol each get their turn before alice's third
    assert asyncio.run(scenario()) == ["a1", "a2", "b1", "c1", "a3"]


def test_too_many_waiting_is_busy_at_once() -> None:
    async def scenario() -> tuple[Busy, Busy]:
        queue = FairQueue(workers=1, max_waiting=3, per_key=2)
        gate = asyncio.Event()
        log: list[str] = []
        tasks = [asyncio.create_task(_job(queue, "alice", f"a{n}", log, gate)) for n in range(3)]
        await _settle()
        with pytest.raises(Busy) as mine:  # alice has two waiting already
            await _job(queue, "alice", "a3", log, gate)
        tasks.append(asyncio.create_task(_job(queue, "bob", "b1", log, gate)))
        await _settle()
        with pytest.raises(Busy) as everyone:  # three waiting in all
            await _job(queue, "carol", "c1", log, gate)
        gate.set()
        await asyncio.gather(*tasks)
        assert log == ["a0", "a1", "b1", "a2"]
        return mine.value, everyone.value

    mine, everyone = asyncio.run(scenario())
    assert mine.yours and "2 questions of yours are already waiting" in str(mine)
    assert not everyone.yours and str(everyone).startswith("3 questions are already waiting")


def test_a_question_given_up_while_waiting_leaves_the_line() -> None:
    async def scenario() -> list[str]:
        queue = FairQueue(workers=1)
        log: list[str] = []
        gate = asyncio.Event()
        first = asyncio.create_task(_job(queue, "alice", "a1", log, gate))
        await _settle()
        gone = asyncio.create_task(_job(queue, "bob", "b1", log, gate))
        after = asyncio.create_task(_job(queue, "carol", "c1", log, gate))
        await _settle()
        gone.cancel()  # bob closed the page
        await _settle()
        assert queue.waiting == 1
        gate.set()
        await asyncio.gather(first, after)
        assert queue.running == 0
        return log

    assert asyncio.run(scenario()) == ["a1", "c1"]


def test_work_runs_in_a_thread_and_the_loop_goes_on() -> None:
    async def scenario() -> tuple[list[int], float]:
        queue = FairQueue(workers=2)

        def slow(n: int) -> int:
            time.sleep(0.3)
            return n

        def count() -> object:
            yield from range(3)

        started = time.perf_counter()
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while time.perf_counter() - started < 0.25:
                ticks += 1
                await asyncio.sleep(0.01)

        results = await asyncio.gather(
            queue.run("alice", lambda: slow(1)), queue.run("bob", lambda: slow(2)), tick()
        )
        streamed = [n async for n in queue.stream("alice", count)]
        assert ticks > 5  # the loop was free while both slept
        return [*results[:2], *streamed], time.perf_counter() - started

    values, took = asyncio.run(scenario())
    assert values == [1, 2, 0, 1, 2]
    assert took < 0.55  # the two users' work ran side by side
