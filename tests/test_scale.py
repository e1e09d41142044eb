"""What a large run does to save memory changes no finding: summaries that come back from the worker
processes (pickled, compacted as they are unpickled) are read by the presets as the ones made in-process."""

from __future__ import annotations

import ast
import pickle

import pytest

from msglint.lint import run
from msglint.lint.config import Config
from msglint.readers.python.summary import Summary, summarise
from tests.conftest import FIXTURES

PYTHON_FIXTURES = sorted(p.name for p in (FIXTURES / "python").iterdir() if p.is_dir())


def _findings(folder, monkeypatch, through_pickle: bool) -> tuple[list, list]:
    if through_pickle:
        read = run.read_file
        monkeypatch.setattr(run, "read_file", lambda *a, **k: pickle.loads(pickle.dumps(read(*a, **k))))
    monkeypatch.chdir(folder)
    result = run.lint([folder], Config(), use_cache=False)
    monkeypatch.undo()
    inventory = sorted(
        (
            str(m.key),
            str(m.kind),
            sorted(map(str, result.system.handlers_of(m.key))),
            sorted(map(str, result.system.emissions_of(m.key))),
        )
        for m in result.system.messages.values()
    )
    return [(d.code, str(d.location), d.message) for d in result.diagnostics], inventory


@pytest.mark.parametrize("name", PYTHON_FIXTURES)
def test_summaries_from_workers_give_the_same_findings(name, monkeypatch):
    folder = FIXTURES / "python" / name
    assert _findings(folder, monkeypatch, True) == _findings(folder, monkeypatch, False)


def test_an_unpickled_summary_shares_its_empty_values():
    summary = pickle.loads(pickle.dumps(Summary("shop.orders")))
    assert (summary.classes, summary.assignments.get("X"), summary.plain_function_place("shop.orders.f")) == (
        (),
        None,
        None,
    )
    with pytest.raises(TypeError):
        summary.assignments["X"] = None  # read-only: a summary is never added to after it is made


def test_a_plain_function_is_found_by_its_qualified_name():
    source = b"def area(r):\n    return r\n\n\nclass Shape:\n    def size(self):\n        return 1\n"
    summary = summarise(ast.parse(source), "geo.shapes", False, source=source)
    places = [
        summary.plain_function_place(q) for q in ("geo.shapes.area", "geo.shapes.are", "geo.area", "geo.shapes.Shape")
    ]
    assert places == [(1, 1), None, None, None]


def test_an_unpickled_summary_can_be_copied_and_pickled_again():
    """roots.py deep-copies the summaries it renames (services with same-named modules); a worker's summary
    must survive that, and a second trip through pickle."""
    import copy

    summary = pickle.loads(pickle.dumps(summarise(ast.parse("import os\n"), "svc.consumers", False)))
    copied = copy.deepcopy(summary)
    assert copied.assignments is summary.assignments  # the shared empty mapping stays shared
    again = pickle.loads(pickle.dumps(copied))
    assert (again.module, again.imports, dict(again.assignments)) == ("svc.consumers", {"os": "os"}, {})
