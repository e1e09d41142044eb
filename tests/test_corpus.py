"""Real documents from public projects, read from ../shared/corpus (not ours, never copied here).

Skipped with a reason when the corpus is absent; CI has it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.model import Kind
from msglint.readers import ReadSettings
from msglint.readers.asyncapi import SUPPORTED_VERSIONS, AsyncApiReader
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
ASYNCAPI = CORPUS / "asyncapi"
EVENTCATALOG = CORPUS / "eventcatalog" / "event-catalog+eventcatalog" / "examples" / "default"
EVENTCATALOG_V1 = CORPUS / "eventcatalog" / "event-catalog+eventcatalog@core-1.2.7" / "examples" / "basic"


def needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found: the corpus lives in ../shared/corpus beside the repository")


def asyncapi_documents() -> list[tuple[Path, str]]:
    index = ASYNCAPI / "INDEX.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(ASYNCAPI / r["dest_folder"] / r["path"], r["asyncapi_version"]) for r in rows if r["type"] == "doc"]


def declares_messages(path: Path) -> bool:
    """Whether the raw document has any message at all (components, 3.x channels or 2.x operations)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return False
    if not isinstance(document, dict):
        return False
    components = document.get("components") or {}
    if isinstance(components, dict) and components.get("messages"):
        return True
    for channel in (document.get("channels") or {}).values():
        if isinstance(channel, dict) and (
            channel.get("messages")
            or any(isinstance(channel.get(v), dict) and channel[v].get("message") for v in ("publish", "subscribe"))
        ):
            return True
    return False


DOCUMENTS = asyncapi_documents()


@pytest.mark.skipif(not DOCUMENTS, reason="../shared/corpus/asyncapi not found: the corpus lives beside the repository")
@pytest.mark.parametrize(("path", "version"), DOCUMENTS, ids=[str(p.relative_to(ASYNCAPI)) for p, _ in DOCUMENTS])
def test_every_asyncapi_document_is_read(path, version):
    reader = AsyncApiReader()
    data = path.read_bytes()
    assert reader.claims(path.name, data, ReadSettings())
    facts = reader.read(str(path), data, ReadSettings(root=str(ASYNCAPI)))
    for problem in facts.problems:
        assert problem.problem in ("invalid-input", "unresolved-reference", "schema-invalid")
        assert problem.location.line >= 1 and problem.message
    if version not in SUPPORTED_VERSIONS:
        [problem] = facts.problems
        assert problem.message.startswith(f"AsyncAPI {version} is not supported")
        return
    assert facts.services, "every supported document is a service"
    if declares_messages(path) and not facts.problems:
        assert facts.declarations, "a document with messages yields them"


def test_whole_asyncapi_corpus_as_one_system():
    needs(ASYNCAPI)
    result = lint([ASYNCAPI], Config(), use_cache=False)
    assert len(result.files) == len(DOCUMENTS)
    assert len(result.system.messages) > 150
    assert len(result.system.services) > 80
    assert result.system.emissions and result.system.handlers
    assert all(d.location.line >= 1 for d in result.diagnostics)


def test_eventcatalog_example_yields_its_services_and_messages():
    needs(EVENTCATALOG)
    result = lint([EVENTCATALOG], Config(), use_cache=False)
    system = result.system
    kinds = {m.kind for m in system.messages.values()}
    assert {Kind.EVENT, Kind.COMMAND, Kind.QUERY} <= kinds
    assert len(system.services) >= 25
    assert {"Order Service", "Inventory Service", "Payment API", "Warehouse Service"} <= set(system.services)
    assert "Order Service" in system.emitting_components("order_created")
    assert "Order Service" in system.handling_components("create_order")
    assert system.messages["get_order"].kind == Kind.QUERY
    versioned = [d for m in system.messages.values() for d in m.declarations if "/versioned/" in d.location.path]
    assert versioned == []


def test_eventcatalog_v1_example_reads_producers_and_consumers():
    needs(EVENTCATALOG_V1)
    result = lint([EVENTCATALOG_V1], Config(), use_cache=False)
    assert "Orders Service" in result.system.emitting_components("order_created")
    assert result.system.handling_components("order_created")
