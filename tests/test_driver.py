"""The generic driver: every item once, the same results for any number of jobs, a
worker that dies takes only its own item down, shards partition, cache round-trips."""

from __future__ import annotations

import os
import pickle
import signal
import time

import pytest

from migrate_fitgen import cache as cache_mod
from migrate_fitgen import driver
from migrate_fitgen.diagnostics import Diagnostic, Severity


def square(item, shared):
    return item * item + shared


def die_on_13(item, shared):
    if item == 13:
        os.kill(os.getpid(), signal.SIGSEGV)
    return item


def raise_on_5(item, shared):
    if item == 5:
        raise ValueError("five\nsecond line")
    return item


def collect(pairs):
    return {i: (o.value, o.error) for i, o in pairs}


@pytest.mark.parametrize("jobs", [0, 1, 2, 3])
def test_every_item_once_for_any_jobs(jobs):
    items = list(range(100))
    got = list(driver.run(square, items, 7, jobs=jobs, chunk_size=3))
    assert sorted(i for i, _ in got) == items
    assert all(o.value == i * i + 7 and o.error is None for i, o in got)


def test_ordered_yields_in_index_order():
    pairs = [(2, driver.Outcome(2)), (0, driver.Outcome(0)), (1, driver.Outcome(1)), (3, driver.Outcome(3))]
    assert [i for i, _ in driver.ordered(pairs)] == [0, 1, 2, 3]
    got = list(driver.ordered(driver.run(square, list(range(50)), 0, jobs=2, chunk_size=4)))
    assert [o.value for _, o in got] == [i * i for i in range(50)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_dying_worker_takes_only_its_item_down(jobs):
    items = list(range(40))
    got = collect(driver.run(die_on_13, items, None, jobs=jobs, chunk_size=4))
    assert sorted(got) == items
    assert got[13][0] is None and "SIGSEGV" in got[13][1] and "crashed" in got[13][1]
    assert all(got[i] == (i, None) for i in items if i != 13)


def test_an_exception_is_that_items_error():
    got = collect(driver.run(raise_on_5, list(range(10)), None, jobs=1))
    assert got[5] == (None, "internal error (ValueError: five)")
    assert got[4] == (4, None)


def test_parse_shard():
    assert driver.parse_shard("1/4") == (0, 4)
    assert driver.parse_shard("4/4") == (3, 4)
    for bad in ("0/4", "5/4", "x", "1/0", "1/2/3"):
        with pytest.raises(driver.ShardError):
            driver.parse_shard(bad)


def test_shards_partition_and_are_stable():
    paths = [f"pkg/mod_{i}.py" for i in range(200)]
    shards = [driver.shard_of(p, 3) for p in paths]
    assert set(shards) == {0, 1, 2}
    assert shards == [driver.shard_of(p, 3) for p in paths]
    assert driver.shard_of("./pkg/a.py", 5) == driver.shard_of("pkg/a.py", 5)
    # BLAKE2b of the path, so a fixed value on every machine and every run
    assert driver.shard_of("pkg/mod_0.py", 1000) == driver.shard_of("pkg/mod_0.py", 1000)


def test_progress_is_off_when_not_wanted():
    assert not driver.Progress.wanted(quiet=True)
    assert not driver.Progress.wanted(machine_output=True)
    bar = driver.Progress("x", 10, enabled=False)
    bar.advance(3)
    assert bar._bar is None and bar.done == 3


def test_cache_round_trip_and_gitignore(tmp_path):
    c = cache_mod.Cache(str(tmp_path / "c"))
    k = cache_mod.key("summary", "abc")
    assert c.get("summary", k) is None
    d = Diagnostic("FG001", "n", Severity.WARNING, "m", "p.py", 1, 2)
    c.put("summary", k, ("x", frozenset({1}), [d]))
    assert c.get("summary", k) == ("x", frozenset({1}), [d])
    assert (tmp_path / "c" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert cache_mod.key("a", 1) != cache_mod.key("a", 2)
    assert cache_mod.Cache(None).get("summary", k) is None


def test_cache_refuses_entries_that_name_functions(tmp_path):
    c = cache_mod.Cache(str(tmp_path))
    k = cache_mod.key("evil")
    c.put("x", k, "placeholder")
    path = c._path("x", k)
    with open(path, "wb") as fh:
        pickle.dump(os.getcwd, fh)  # a global that is not a value class
    assert c.get("x", k) is None
    with open(path, "wb") as fh:
        fh.write(b"truncated")
    assert c.get("x", k) is None


def _slow(item, shared):
    if item == "python":
        time.sleep(60)  # Python code: the real-time timer's exception stops it
    if item == "native":
        sum(range(10**12))  # one C call that never returns to Python: the CPU timer ends it
    return item


def test_an_item_over_the_timeout_is_reported_and_the_others_finish():
    import time as clock

    items = ["a", "python", "b", "native", "c"]
    started = clock.monotonic()
    got = dict(driver.run(_slow, items, None, jobs=2, chunk_size=1, timeout=0.5))
    assert clock.monotonic() - started < 30
    assert [got[i].value for i in (0, 2, 4)] == ["a", "b", "c"]
    assert got[1].value is None and "took longer than 0.5 s" in got[1].error
    assert got[3].value is None and "took longer than 0.5 s of CPU time" in got[3].error


def _pid(item, shared):
    time.sleep(0.01)
    return os.getpid()


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_jobs_n_uses_at_most_n_worker_processes(jobs):
    got = driver.run(_pid, list(range(60)), None, jobs=jobs, chunk_size=2)
    pids = {o.value for _, o in got}
    assert 1 <= len(pids) <= jobs and os.getpid() not in pids


# --- run_tabled: results by path and stat signature, in one table file ----------------


def _length_and_marker(path, marker):
    """A task that leaves a trace: the table must spare unchanged files from it."""
    with open(marker, "a") as fh:
        fh.write(os.path.basename(path) + "\n")
    with open(path, "rb") as fh:
        return len(fh.read())


def _age(path, seconds=60):
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def _tabled(paths, marker, store, fits=None):
    pairs = driver.run_tabled(
        _length_and_marker, paths, str(marker), store=store, kind="t", name="n", fits=fits, jobs=1
    )
    out = collect(pairs)
    done = marker.read_text().split() if marker.exists() else []
    marker.unlink(missing_ok=True)
    return [out[i] for i in range(len(paths))], done


def _files(tmp_path, n):
    folder = tmp_path / "tree"
    folder.mkdir()
    paths = []
    for k in range(n):
        p = folder / f"f{k:03}.py"
        p.write_text("x" * k)
        paths.append(str(p))
    return paths


def _wait_out_the_racy_window():
    """ctime cannot be set back: a file just written is trusted once it is old enough."""
    time.sleep(cache_mod.RACY_NS / 1e9 + 0.1)


def test_run_tabled_runs_only_what_changed(tmp_path):
    paths = _files(tmp_path, driver.TABLE_MIN_ITEMS)
    _wait_out_the_racy_window()
    store, marker = cache_mod.Cache(str(tmp_path / "c")), tmp_path / "marker"
    first, done = _tabled(paths, marker, store)
    assert first == [(k, None) for k in range(len(paths))] and len(done) == len(paths)
    again, done = _tabled(paths, marker, store)
    assert again == first and done == []  # every result from the table, no task run
    with open(paths[3], "a") as fh:  # new size, new mtime
        fh.write("yy")
    _age(paths[3])  # even with an old mtime, its ctime is new: not trusted yet
    third, done = _tabled(paths, marker, store)
    assert done == ["f003.py"] and third[3] == (5, None)
    assert third[:3] == first[:3] and third[4:] == first[4:]


def test_run_tabled_does_not_trust_a_file_modified_just_now(tmp_path):
    paths = _files(tmp_path, driver.TABLE_MIN_ITEMS)
    store, marker = cache_mod.Cache(str(tmp_path / "c")), tmp_path / "marker"
    _tabled(paths, marker, store)
    _, done = _tabled(paths, marker, store)
    assert len(done) == len(paths)  # written within the racy window: no signature stored


def test_run_tabled_same_bytes_size_and_mtime_but_replaced_is_a_miss(tmp_path):
    paths = _files(tmp_path, driver.TABLE_MIN_ITEMS)
    _wait_out_the_racy_window()
    store, marker = cache_mod.Cache(str(tmp_path / "c")), tmp_path / "marker"
    _tabled(paths, marker, store)
    st = os.stat(paths[5])
    replacement = paths[5] + ".new"
    with open(replacement, "w") as fh:
        fh.write("z" * 5)  # same size, other bytes
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime (cp -p, rsync -t)
    os.replace(replacement, paths[5])
    _wait_out_the_racy_window()
    _, done = _tabled(paths, marker, store)
    assert done == ["f005.py"]


def test_run_tabled_fits_and_small_runs_and_no_cache(tmp_path):
    paths = _files(tmp_path, driver.TABLE_MIN_ITEMS)
    _wait_out_the_racy_window()
    store, marker = cache_mod.Cache(str(tmp_path / "c")), tmp_path / "marker"
    _tabled(paths, marker, store)
    _, done = _tabled(paths, marker, store, fits=lambda value, path: not path.endswith("f007.py"))
    assert done == ["f007.py"]
    _, done = _tabled(paths[:3], marker, store)  # too few files to read the table
    assert done == ["f000.py", "f001.py", "f002.py"]
    _, done = _tabled(paths, marker, cache_mod.Cache(None))
    assert len(done) == len(paths)


def test_run_tabled_drops_deleted_files_and_keeps_errors_out(tmp_path):
    paths = _files(tmp_path, driver.TABLE_MIN_ITEMS + 1)
    _wait_out_the_racy_window()
    store, marker = cache_mod.Cache(str(tmp_path / "c")), tmp_path / "marker"
    _tabled(paths, marker, store)
    os.unlink(paths[0])
    out, done = _tabled(paths[1:] + [paths[0]], marker, store)  # only the deleted one runs, and fails
    assert done == ["f000.py"] and out[-1][1] is not None and "FileNotFoundError" in out[-1][1]
    table = store.table("t", "n")
    keys = table.keys()
    table.close()
    assert os.path.abspath(paths[0]) not in keys and len(keys) == len(paths) - 1


def test_table_round_trip_refuses_functions(tmp_path):
    store = cache_mod.Cache(str(tmp_path / "c"))
    table = store.table("k", "n")
    table.put("a", (1, 2))
    table.put("f", os.getcwd)  # a function pickles by name: refused when read back
    table.close()
    table = store.table("k", "n")
    assert table.get("a") == (1, 2) and table.get("f") is None and table.get("x") is None
    table.drop("a")
    table.close()
    assert store.table("k", "n").get("a") is None
    off = cache_mod.Cache(None).table("k", "n")
    off.put("a", 1)
    assert not off.enabled and off.get("a") is None and off.keys() == []


def test_a_table_is_written_in_batches_not_held(tmp_path):
    """Each batch is committed as it fills: another reader sees it before ``close``."""
    store = cache_mod.Cache(str(tmp_path / "c"))
    table = store.table("k", "n")
    for i in range(cache_mod.Table.BATCH + 3):
        table.put(f"p{i}", i)
    assert len(table._pending) == 3
    reader = store.table("k", "n")
    assert reader.get("p0") == 0 and reader.get(f"p{cache_mod.Table.BATCH + 1}") is None
    table.close()
    assert reader.get(f"p{cache_mod.Table.BATCH + 1}") == cache_mod.Table.BATCH + 1
    reader.close()


def test_a_damaged_or_unwritable_table_is_a_table_of_misses(tmp_path):
    store = cache_mod.Cache(str(tmp_path / "c"))
    table = store.table("k", "n")
    table.put("a", 1)
    table.close()
    path = store._table_path("k", "n") + ".sqlite"
    with open(path, "r+b") as fh:
        fh.write(b"not a database at all" * 10)
    damaged = store.table("k", "n")  # made again
    assert damaged.enabled and damaged.get("a") is None
    damaged.put("b", 2)
    damaged.close()
    assert store.table("k", "n").get("b") == 2
    # a folder where nothing can be written: misses, the driver runs every file
    paths = _files(tmp_path, driver.TABLE_MIN_ITEMS + 1)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    marker = tmp_path / "marker"
    out, done = _tabled(paths, marker, cache_mod.Cache(str(blocked)))
    assert len(done) == len(paths) and all(err is None for _, err in out)
    assert not cache_mod.Cache(str(blocked)).table("t", "n").enabled
