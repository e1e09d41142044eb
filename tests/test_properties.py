"""Property tests: whatever a file holds, no reader raises and the findings of the good files beside it
survive. Random YAML/JSON structures (also shaped like AsyncAPI documents and msglint catalogs) and random
Python made of real statements in random order and nesting."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.readers import ReadSettings
from msglint.readers.asyncapi import AsyncApiReader
from msglint.readers.catalog import CatalogReader
from msglint.readers.python import PythonReader
from tests.conftest import write

GOOD_CATALOG = "msglint: 1\nmessages:\n  SendInvoice: {kind: event}\n"
GOOD_FINDING = ("MSG101", "good.yaml", 3)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["#/components/messages/X", "../x.yaml", "3.0.0", "2.6.0", "publish", "subscribe", "$ref"]),
)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["asyncapi", "channels", "components", "messages", "operations", "$ref", "payload", "name"]),
    st.sampled_from(["publish", "subscribe", "action", "reply", "msglint", "services", "kind", "sends", "handles"]),
)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=40
)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _dumped(value: object, as_json: bool) -> bytes:
    text = json.dumps(value, default=str) if as_json else yaml.safe_dump(value, allow_unicode=True)
    return text.encode("utf-8", errors="surrogatepass")


@SETTINGS
@given(body=documents, version=st.sampled_from(["2.6.0", "3.0.0", "1.2.0", 3]), as_json=st.booleans())
def test_asyncapi_reader_never_raises(tmp_path, body, version, as_json):
    document = {"asyncapi": version, **body} if isinstance(body, dict) else {"asyncapi": version, "x": body}
    data = _dumped(document, as_json)
    path = tmp_path / ("api.json" if as_json else "api.yaml")
    path.write_bytes(data)
    AsyncApiReader().read(str(path), data, ReadSettings(root=str(tmp_path)))


@SETTINGS
@given(body=documents, as_json=st.booleans())
def test_catalog_reader_never_raises(tmp_path, body, as_json):
    document = {"msglint": 1, **body} if isinstance(body, dict) else {"msglint": 1, "messages": body}
    data = _dumped(document, as_json)
    CatalogReader().read(str(tmp_path / "catalog.yaml"), data, ReadSettings(root=str(tmp_path)))


STATEMENTS = [
    "class Command:\n    pass\n",
    "class Event:\n    pass\n",
    "class PlaceOrder(Command):\n    id: str\n",
    "class OrderPlaced(Event):\n    id: str\n",
    "def handle_place_order(command: PlaceOrder):\n    pass\n",
    "HANDLERS = {PlaceOrder: handle_place_order}\n",
    "HANDLERS[OrderPlaced] = [handle_place_order, lambda e: handle_place_order(e)]\n",
    "def forward(message):\n    bus.handle(message)\n",
    "def post():\n    command = PlaceOrder('1')\n    forward(command)\n    return [OrderPlaced('1')]\n",
    "events = []\nevents.append(OrderPlaced('1'))\nfor e in events:\n    bus.publish(e)\n",
    "x = x + [x]\n",
    "def loop(a):\n    a = a\n    b = a\n    a = b\n    bus.handle(a)\n",
    "registry[cls] = fn\n",
    "getattr(self, f'on_{name}')(event)\n",
    "from . import something\n",
    "from ...deep import *\n",
    "import os.path as p\n",
    "@broker.subscriber(settings.topic)\nasync def consume(m):\n    pass\n",
    "class Handler[C: Command]:\n    pass\n",
    "type Alias[T] = list[T]\n",
    "total = " + " + ".join(["n"] * 300) + "\n",
    "with ClusterRpcProxy(config) as rpc:\n    rpc.service.method(PlaceOrder('1'))\n",
    "if True:\n",
    ")\n",
    "\x00\n",
]


@SETTINGS
@given(parts=st.lists(st.sampled_from(STATEMENTS), max_size=12), indent=st.lists(st.booleans(), max_size=12))
def test_python_reader_and_link_never_raise(tmp_path, parts, indent):
    lines = []
    for index, part in enumerate(parts):
        nested = index < len(indent) and indent[index]
        lines.append("def outer():\n" + "".join("    " + line + "\n" for line in part.splitlines()) if nested else part)
    data = "\n".join(lines).encode("utf-8")
    reader, read_settings = PythonReader(), ReadSettings(root=str(tmp_path))
    facts = [
        reader.read(str(tmp_path / "commands.py"), data, read_settings),
        reader.read(str(tmp_path / "other.py"), b"".join(p.encode() for p in STATEMENTS[:6]), read_settings),
    ]
    reader.link(facts, read_settings)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=documents, as_json=st.booleans(), name=st.sampled_from(["asyncapi.yaml", "messages.yaml", "x.json"]))
def test_a_bad_file_never_costs_the_good_file_its_findings(tmp_path, body, as_json, name):
    folder = tmp_path / f"case{abs(hash((json.dumps(body, default=str), as_json, name)))}"
    write(folder, "msglint.toml", "")
    write(folder, "good.yaml", GOOD_CATALOG)
    (folder / name).write_bytes(_dumped({"asyncapi": "3.0.0", "x": body} if name != "messages.yaml" else body, as_json))
    result = lint([folder], Config())
    found = [(d.code, d.location.path.rpartition("/")[2], d.location.line) for d in result.diagnostics]
    assert GOOD_FINDING in found
