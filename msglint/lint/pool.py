"""Reading in worker processes whose memory is limited, where the platform allows it.

On Linux each worker may grow its data segment by the memory budget over what it held when it started
(RLIMIT_DATA): an input that needs more makes the worker's allocations fail with MemoryError, which the
engine reports for that file, instead of taking the machine's memory. A worker that dies anyway (killed by
the system, crashed in C) breaks the whole pool. Each worker therefore marks, in memory shared with the
parent, the file it is reading: after a break those files are read again one by one, each in a process of
its own, so the file that kills its process is known and reported, and the rest of the run goes on.

`run_forked` runs a function in a forked copy of the parent (on Linux, with no other thread), which sees the
parent's memory as it was: the cache's lines are encoded and written there while the parent links.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

# multiprocessing and concurrent.futures are imported where processes start: a run that reads nothing (all
# cached) does not pay for them

Item = TypeVar("Item")  # what one read is about (a file, with what the reader needs to know of it)
Result = TypeVar("Result")
_IDLE = -1
CHUNK = 200  # files a worker reads before it sends their facts
_OUT_OF_MEMORY = 75  # the exit code of a lone reading process that ran out of memory
_PR_SET_PDEATHSIG = 1


class NoWorkers(Exception):
    """Worker processes cannot run here (a sandbox), or keep dying without reading anything."""


def read_in_workers(
    items: list[Item],
    read: Callable[[Item], Result],
    died: Callable[[Item, str], Result],
    workers: int,
    budget_mb: int,
    progress: Callable[[int, int], None],
    finish: Callable[[list[Result]], list[Result]] | None = None,
) -> list[Result]:
    """`read(item)` for every item, in `workers` processes; `died(item, why)` for a file whose process died.
    `finish(results)`, where given, ends each chunk's reading where it was read (the cache's lines are written
    there, in one write). NoWorkers when processes cannot be used at all."""
    results: dict[int, Result] = {}
    todo = list(range(len(items)))
    while todo:
        before = len(results)
        suspects = _run_pool(items, todo, read, workers, budget_mb, results, progress, finish)
        if suspects is None:
            break
        if not suspects and len(results) == before:
            raise NoWorkers("the worker processes died before reading any file")
        # a worker killed between files (suspects empty) costs a new pool for the rest, still memory-limited
        for index in suspects:
            alone = read_alone(items[index], read, died, budget_mb)
            results[index] = finish([alone])[0] if finish is not None else alone
        progress(len(results), len(items))
        todo = [index for index in todo if index not in results]
    return [results[index] for index in range(len(items))]


def _run_pool(
    items: list[Item],
    todo: list[int],
    read: Callable[[Item], Result],
    workers: int,
    budget_mb: int,
    results: dict[int, Result],
    progress: Callable[[int, int], None],
    finish: Callable[[list[Result]], list[Result]] | None,
) -> list[int] | None:
    """Read the files `todo` into `results`; None when all went well, else the files being read when a
    worker died (those are not in `results`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context()
    try:
        # what each worker is reading, by its number; without a lock, which a killed worker could leave held
        reading = context.Array("q", [_IDLE] * workers, lock=False)
        started = context.Value("i", 0)
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(reading, started, budget_mb, os.getpid()),
        )
    except OSError as error:
        raise NoWorkers(str(error)) from error
    # several chunks per worker even out slow files; small ones keep what a worker holds before sending small
    size = min(CHUNK, max(16, len(todo) // (workers * 4)))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    again: list[int] = []  # files of chunks whose result could not come back (too large to send?)
    # Each chunk's results stay pickled until the workers are gone: several times smaller than the objects,
    # so the parent's memory and the workers' do not peak at the same moment.
    packed: list[tuple[list[int], bytes]] = []
    arrived: set[int] = set()
    try:
        with executor:
            try:
                futures = {
                    executor.submit(_read_chunk, read, finish, [(i, items[i]) for i in chunk]): chunk
                    for chunk in chunks
                }
                for future in as_completed(futures):
                    try:
                        packed.append((futures[future], future.result()))
                        arrived.update(futures[future])
                    except BrokenProcessPool:
                        raise
                    except Exception:
                        again.extend(futures[future])
                    progress(len(results) + len(arrived), len(items))
            except BrokenProcessPool:
                busy = [index for index in list(reading) if index != _IDLE]
                return again + [index for index in busy if index not in results and index not in arrived]
            except OSError as error:
                raise NoWorkers(str(error)) from error
    finally:
        while packed:  # each chunk's bytes freed as its objects are made
            chunk, data = packed.pop()
            results.update(zip(chunk, pickle.loads(data), strict=True))
            del data
    return again or None


def read_alone(
    item: Item, read: Callable[[Item], Result], died: Callable[[Item, str], Result], budget_mb: int
) -> Result:
    """`read(item)` in a process of its own, limited like a worker; `died(item, why)` if that process dies.
    NoWorkers when no process can be started."""
    import multiprocessing

    context = multiprocessing.get_context()
    try:
        receiving, sending = context.Pipe(duplex=False)
        arguments = (read, item, sending, budget_mb, os.getpid())
        process = context.Process(target=_read_and_send, args=arguments, daemon=True)
        process.start()
    except OSError as error:
        raise NoWorkers(str(error)) from error
    sending.close()  # the child's copy stays open: end of file means the child is gone
    try:
        value = receiving.recv()
    except (EOFError, OSError):
        value = None
    finally:
        receiving.close()
        process.join()
    if process.exitcode != 0 or value is None:
        return died(item, _why(process.exitcode))
    return value[0]


def _why(exit_code: int | None) -> str:
    if exit_code == _OUT_OF_MEMORY:
        return "it ran out of memory"
    if exit_code is not None and exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        if -exit_code == getattr(signal, "SIGKILL", None):
            return f"it was killed ({name}), most likely because the system ran out of memory"
        return f"it crashed ({name})"
    return f"it stopped with exit code {exit_code}"


class Forked:
    """A function running in a forked copy of this process (`run_forked`): it sees this process's memory as it
    was when forked, whatever this process changes afterwards."""

    def __init__(self, pid: int, outcome: int) -> None:
        self._pid = pid
        self._outcome = outcome  # the pipe on which it sends what it returned

    def join(self) -> str | None:
        """What the function returned (a string, or None), once it has ended; why it ended without returning
        when it died."""
        chunks = []
        with contextlib.suppress(OSError):
            while chunk := os.read(self._outcome, 1 << 16):
                chunks.append(chunk)
        os.close(self._outcome)
        _, status = os.waitpid(self._pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            return _why(code)
        text = b"".join(chunks).decode("utf-8", "replace")
        return text[1:] if text.startswith("!") else None

    def cancel(self) -> None:
        """Stop it, whatever it was doing, and leave no process behind."""
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.close(self._outcome)
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)


def can_fork() -> bool:
    """Whether `run_forked` may fork here: on Linux, with no other thread, which the child would not have (a
    lock another thread held would stay held in it)."""
    import threading

    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def run_forked(work: Callable[[], str | None]) -> Forked | None:
    """`work()` in a forked copy of this process, at a lower priority, while this one goes on; None when it
    cannot be forked (see `can_fork`)."""
    if not can_fork():
        return None
    parent = os.getpid()
    try:
        outcome, sending = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - the child's own coverage is not collected
        _run_child(work, sending, parent)
    os.close(sending)
    return Forked(pid, outcome)


def _run_child(work: Callable[[], str | None], sending: int, parent: int) -> None:
    code = 0
    try:
        _die_with(parent)
        with contextlib.suppress(OSError):
            os.nice(5)
        said = work()
        data = b"" if said is None else ("!" + said).encode("utf-8", "replace")
        while data:
            data = data[os.write(sending, data) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no exit handlers, no flushing of buffers the parent owns


# -- in the worker -----------------------------------------------------------------------------------------

_reading: Any = None  # the shared array of what each worker reads
_number = 0  # this worker's place in it


def _start_worker(reading: Any, started: Any, budget_mb: int, parent: int) -> None:
    global _reading, _number
    _die_with(parent)
    with started.get_lock():
        _number = started.value
        started.value += 1
    _reading = reading
    limit_memory(budget_mb)


def _read_chunk(
    read: Callable[[Item], Result],
    finish: Callable[[list[Result]], list[Result]] | None,
    chunk: list[tuple[int, Item]],
) -> bytes:
    found = []
    with collection_paused():
        for index, item in chunk:
            _reading[_number] = index
            found.append(read(item))
    _reading[_number] = _IDLE
    if finish is not None:
        found = finish(found)
    return pickle.dumps(found, pickle.HIGHEST_PROTOCOL)


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while files are read: parsing makes millions of short-lived containers,
    which reference counting frees, and the collector's passes over them cost a third of a cold run. The
    few cycles made meanwhile (none in an AST) are collected on leaving, from the youngest generation only."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        if enabled:
            gc.enable()


def _read_and_send(read: Callable[[Item], Result], item: Item, sending: Any, budget_mb: int, parent: int) -> None:
    _die_with(parent)
    limit_memory(budget_mb)
    try:
        sending.send((read(item),))
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    except BaseException:
        os._exit(1)  # quietly: the parent reports the file
    sending.close()


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when msglint dies: killed itself (a CI timeout), msglint cannot stop its
    workers, and they would wait forever for work, holding its output open."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # msglint died before the request was made
        os._exit(1)


# the data segment's limit, the rest of the address space when it was set, and a tenth of the budget
_limited: tuple[int, int, int] | None = None


def limit_memory(budget_mb: int) -> bool:
    """Let this process's data segment grow by `budget_mb` at most, where the platform enforces such a limit
    (Linux); True when it is set."""
    global _limited
    if not sys.platform.startswith("linux"):
        return False
    import resource

    sizes = _memory_status()
    now = sizes.get("VmData")
    if now is None or "VmSize" not in sizes:
        return False
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = now + budget_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):
        return False
    _limited = (limit, sizes["VmSize"] - now, budget_mb * 2**20 // 10)
    return True


def reached_memory_limit() -> bool:
    """Whether this process, limited by `limit_memory`, has come within a tenth of the budget of its limit.
    An allocation that fails inside C code does not always surface as MemoryError (a SystemError, a parser
    error), so an error in a process that came this close is taken for running out of memory."""
    if _limited is None:
        return False
    limit, rest, margin = _limited
    peak = _memory_status().get("VmPeak")
    return peak is not None and peak - rest >= limit - margin


def _memory_status() -> dict[str, int]:
    """VmData (what RLIMIT_DATA counts: heap and private anonymous mappings), VmSize and VmPeak of this
    process, in bytes."""
    sizes = {}
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmData", "VmSize", "VmPeak"):
                    sizes[name] = int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        return {}
    return sizes
