"""The cache sits inside the analysed project, so a pull request can plant one. Loading it must never run
code, and anything in it that is not exactly what msglint wrote is ignored: the run is then a cold one
with every finding intact."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from msglint.lint import cache
from msglint.lint.plaindata import InvalidData, PlainCodec
from msglint.model import Emission, EmitMode, FileFacts, Kind, Location, Severity
from tests.conftest import write

CATALOG = """\
msglint: 1
services:
  orders:
    publishes: [PlaceOrder]
messages:
  PlaceOrder: {kind: event}
"""
EXPECTED = [("MSG101", "catalog.yaml", 6)]


def findings(result) -> list[tuple[str, str, int]]:
    return [(d["code"], d["location"]["path"], d["location"]["line"]) for d in result.json()["diagnostics"]]


class _Planted:
    """Unpickling this calls Path.touch on the marker: the proof that a loader ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def project(tmp_path, run_cli):
    write(tmp_path, "catalog.yaml", CATALOG)
    assert findings(run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)) == EXPECTED
    kinds = sorted(p.name.split("-")[0] for p in stored_files(tmp_path))
    # the walk is kept once its folders are old
    assert kinds in (["facts", "result", "system"], ["facts", "files", "result", "system"])
    return tmp_path


def stored_files(project: Path) -> list[Path]:
    """The cache's data files: facts (JSON lines), the walk's file list, the result and its System (JSON)."""
    return sorted((project / ".msglint_cache").glob("*.json*"))


def _report(result) -> dict:
    document = result.json()
    return {key: document[key] for key in ("diagnostics", "messages", "services", "unresolved")}


def test_a_run_that_reports_only_findings_never_loads_the_saved_system(project, run_cli):
    (system_file,) = (project / ".msglint_cache").glob("system-*.json")
    system_file.write_text("not a system\n")
    text = run_cli("check", ".", cwd=project, cache=True)
    assert "catalog.yaml:6:3: error MSG101" in text.out
    assert "1 message, 1 service in 1 file" in text.out
    assert system_file.read_text() == "not a system\n"  # not read, and not written again either


def test_a_saved_system_gone_bad_is_analysed_again(project, run_cli):
    fresh = _report(run_cli("check", ".", "--format", "json", cwd=project))
    for damage in ("planted", "deleted"):
        (system_file,) = (project / ".msglint_cache").glob("system-*.json")
        if damage == "planted":
            system_file.write_bytes(system_file.read_bytes().split(b"\n", 1)[0] + b"\n" + pickle.dumps(3))
        else:
            system_file.unlink()
        assert _report(run_cli("check", ".", "--format", "json", cwd=project, cache=True)) == fresh
        assert list((project / ".msglint_cache").glob("system-*.json"))  # and saved anew


def test_a_planted_pickle_is_never_loaded(project, run_cli):
    marker = project / "code-ran"
    payload = pickle.dumps(_Planted(marker))
    for stored in stored_files(project):
        stored.write_bytes(payload)
        stored.with_suffix(".pickle").write_bytes(payload)  # where an older msglint kept its cache
    result = run_cli("check", ".", "--format", "json", cwd=project, cache=True)
    assert not marker.exists()
    assert findings(result) == EXPECTED


def test_a_planted_pickle_behind_our_header_is_never_loaded(project, run_cli):
    marker = project / "code-ran"
    for stored in stored_files(project):
        header = stored.read_bytes().split(b"\n", 1)[0]
        stored.write_bytes(header + b"\n" + pickle.dumps(_Planted(marker)))
    result = run_cli("check", ".", "--format", "json", cwd=project, cache=True)
    assert not marker.exists()
    assert findings(result) == EXPECTED


def _first_int_made_a_string(value):
    """The same JSON with its first integer replaced by a string: well formed, wrongly typed."""
    done = False

    def walk(node):
        nonlocal done
        if done:
            return node
        if type(node) is int:
            done = True
            return "7"
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(item) for key, item in node.items()}
        return node

    return walk(value)


def test_a_well_formed_cache_holding_the_wrong_types_is_ignored(project, run_cli):
    for stored in stored_files(project):
        header, *lines = stored.read_text().split("\n")
        tampered = []
        for line in lines:
            if not line:
                continue
            # the facts' messages removed, and one value of the wrong type: trusted, it would hide the finding;
            # sealed with a checksum that matches, as a planted cache would be
            value = json.loads(cache._unsealed(line).replace("PlaceOrder", "Nothing"))
            tampered.append(cache._sealed(json.dumps(_first_int_made_a_string(value))))
        stored.write_text("\n".join([header, *tampered]) + "\n")
    result = run_cli("check", ".", "--format", "json", cwd=project, cache=True)
    assert findings(result) == EXPECTED


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_place_of_the_cache_does_not_hang(project):
    for stored in stored_files(project):
        stored.unlink()
        os.mkfifo(stored)
    done = subprocess.run(
        [sys.executable, "-m", "msglint", "check", ".", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert [(d["code"], d["location"]["line"]) for d in json.loads(done.stdout)["diagnostics"]] == [("MSG101", 6)]
    assert done.stderr == ""


# -- the codec itself ------------------------------------------------------------------------------------

CODEC = PlainCodec(cache._stored_classes())
LOCATION = Location("a.py", 3, 4, 3, 9)


def test_values_come_back_equal_with_their_types():
    facts = FileFacts(
        path="a.py",
        reader="python",
        emissions=[Emission("k", "K", "c", LOCATION, "python", EmitMode.SEND, None, "f")],
        extra={"anything": (LOCATION, {1: b"\x00"}, {"x"}, frozenset({2}), Kind.EVENT, 1.5, None, True)},
    )
    value = {"a.py": (facts, (1, 2), [Severity.ERROR], None)}
    hint = dict[str, tuple[FileFacts, tuple[int, ...], list[Severity], Location | None]]
    back = CODEC.loads(CODEC.dumps(value, hint), hint)
    assert back == value
    assert type(back["a.py"][0].emissions[0].mode) is EmitMode
    assert type(back["a.py"][0].extra["anything"][0]) is Location


@pytest.mark.parametrize(
    "text",
    [
        '{"@": "Popen", "=": [["sh"]]}',  # a class the codec was not given
        '{"e": "Location", "=": 1}',  # a dataclass named as an enum
        '{"@": "Location", "=": ["a.py", 1]}',  # too few fields
        '{"@": "Location", "=": ["a.py", "1", 1, null, null]}',  # a string where a line number belongs
        '{"@": "Kind", "=": "order"}',  # an enum named as a dataclass
        '{"e": "Kind", "=": "order"}',  # not a member
        '{"{": [[1, 2, 3]]}',  # not a pair
        '{"{": [[[1], 2]]}',  # an unhashable key
        '{"b": "zz"}',  # not hex
        '{"x": 1}',  # no tag
        "[" * 100_000,  # deeper than the parser goes
        "9" * 5_000,  # more digits than Python converts
        "",
        "\x00",
    ],
)
def test_anything_else_is_invalid_data(text):
    with pytest.raises(InvalidData):
        CODEC.loads(text)


def test_a_document_that_is_not_the_expected_type_is_invalid():
    with pytest.raises(InvalidData):
        CODEC.loads(CODEC.dumps(LOCATION), Emission)
    with pytest.raises(InvalidData):
        CODEC.loads('["a.py", 1, 1, null, null, null, "extra"]', Location)  # one more than Location has


def test_a_class_the_codec_was_not_given_is_not_written():
    with pytest.raises(TypeError):
        CODEC.dumps(object())
    with pytest.raises(TypeError):
        PlainCodec([Location]).dumps(Kind.EVENT)
    with pytest.raises(TypeError):
        PlainCodec([Location, Emission]).dumps([Emission("k", "K", "c", LOCATION, "python")], list[Emission])


def test_the_cache_codec_stores_every_class_a_cache_entry_holds():
    stored = {cls.__name__ for cls in cache._stored_classes()}
    assert {"FileFacts", "System", "Diagnostic", "Summary", "Ref", "Kind", "Strength"} <= stored


def test_a_cache_folder_that_cannot_be_written_is_said_once_and_the_run_goes_on(tmp_path, run_cli):
    write(tmp_path, "catalog.yaml", CATALOG)
    write(tmp_path, "blocker", "a file where the cache folder would go\n")
    result = run_cli("check", ".", "--format", "json", "--cache-dir", "blocker/cache", cwd=tmp_path, cache=True)
    assert findings(result) == EXPECTED
    [note] = result.json()["notes"]
    assert note.startswith("the cache could not be written (blocker/cache: ")
    assert note.endswith("); msglint ran without it (`--no-cache` skips it)")


def test_a_planted_symlink_in_the_cache_folder_is_replaced_not_written_through(tmp_path, run_cli):
    write(tmp_path, "catalog.yaml", CATALOG)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    folder = tmp_path / ".msglint_cache"
    folder.mkdir()
    (folder / ".gitignore").symlink_to(victim)
    (folder / "CACHEDIR.TAG").symlink_to(victim)
    assert findings(run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)) == EXPECTED
    assert victim.read_text() == "precious\n"
    assert not (folder / ".gitignore").is_symlink()


def test_half_a_character_spelled_in_json_is_kept_by_the_cache_as_written(tmp_path, run_cli):
    write(tmp_path, "catalog.yaml", CATALOG)
    write(tmp_path, "other.json", '{"msglint": 1, "messages": {"Odd\\ud800": {"kind": "event"}}}')
    runs = [run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)]
    written = {path.name: path.stat().st_mtime_ns for path in stored_files(tmp_path)}
    runs.append(run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True))
    assert [r.exit_code for r in runs] == [1, 1]
    assert findings(runs[0]) == findings(runs[1])
    assert ("MSG101", "catalog.yaml", 6) in findings(runs[1])
    # the second run loaded what the first saved (its System too) and wrote nothing again
    assert {path.name: path.stat().st_mtime_ns for path in stored_files(tmp_path)} == written


def test_a_result_never_goes_with_the_system_of_another_run(tmp_path, run_cli, monkeypatch):
    write(tmp_path, "catalog.yaml", CATALOG)
    run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)
    original = cache.FactsCache._write

    def no_system(self, target, *parts):
        return False if target.name.startswith("system-") else original(self, target, *parts)

    monkeypatch.setattr(cache.FactsCache, "_write", no_system)
    write(tmp_path, "catalog.yaml", CATALOG.replace("PlaceOrder", "ShipOrder"))
    changed = run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)
    kinds = [path.name.split("-")[0] for path in stored_files(tmp_path)]
    assert ("result" in kinds, "system" in kinds) == (True, False)  # the old System is gone with the old result
    monkeypatch.setattr(cache.FactsCache, "_write", original)
    again = run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)
    assert _report(again) == _report(changed)  # analysed again for its System, which is saved now
    assert "system" in [path.name.split("-")[0] for path in stored_files(tmp_path)]


def test_a_run_that_lists_findings_only_saves_no_system(tmp_path, run_cli):
    write(tmp_path, "catalog.yaml", CATALOG)
    text = run_cli("check", ".", cwd=tmp_path, cache=True)
    assert [path.name.split("-")[0] for path in stored_files(tmp_path) if "files" not in path.name] == [
        "facts",
        "result",
    ]
    assert "catalog.yaml:6:3: error MSG101" in text.out
    as_json = run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)
    assert findings(as_json) == EXPECTED
    assert "system" in [path.name.split("-")[0] for path in stored_files(tmp_path)]


@pytest.mark.parametrize(
    ("path", "current", "digest"),
    [("shop/a.py", (12, 345), b"\x01\xff"), ("gone.py", None, None), ("é.py", (1, 2), b"")],
)
def test_the_line_of_a_file_no_reader_claims_is_the_line_the_codec_writes(path, current, digest):
    line, problem = cache.encode_entry(path, current, digest, None)
    assert problem is None
    assert line == cache._sealed(cache.codec().dumps((path, current, digest, (), None), cache.Line))
    assert cache.codec().loads(cache._unsealed(line), cache.Line) == (path, current, digest, (), None)


def test_a_file_no_reader_wanted_is_read_again_when_its_stamp_changes_never_hashed(tmp_path, monkeypatch):
    from msglint.readers import ReadSettings

    notes = write(tmp_path, "notes.py", "print('hello')\n")
    facts = cache.FactsCache(tmp_path / ".msglint_cache", tmp_path, ReadSettings())
    facts.put(str(notes), cache.stamp(str(notes)), None, None)
    assert facts.get(str(notes), cache.stamp(str(notes))) == (True, None)

    def hashed(path):
        raise AssertionError("hashed")

    monkeypatch.setattr(cache, "file_digest", hashed)  # unreadable now, it would have no digest either
    assert facts.get(str(notes), (15, 1)) == (False, None)
