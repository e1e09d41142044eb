"""The flow graph: components and messages as nodes, send/publish/handle/subscribe as edges, findings
highlighted. Rendered as Mermaid (renders on GitHub as-is), Graphviz DOT or JSON.

An edge is a problem when a finding points at it: the finding's location or one of its related
locations is where the edge was found (the second handler of a command, the service that sends an
event). The graph knows no rule: it only compares locations. A relation declared in several places (one
service's seven EventCatalog pages that each say it sends a message) is one edge with a count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from msglint.model import Diagnostic, Emission, Location, System
from msglint.naming import identity_key
from msglint.report import relation


@dataclass
class Node:
    id: str
    label: str
    type: str  # "message" | "component"
    kind: str = ""  # a message's kind
    findings: list[str] = field(default_factory=list)  # codes of findings about this node


@dataclass
class Edge:
    source: str
    target: str
    relation: str  # send | publish | emit | handle | subscribe | receive | reply
    location: Location  # the first place it is declared
    problem: bool = False
    count: int = 1  # how many places declare it

    @property
    def label(self) -> str:
        return self.relation if self.count == 1 else f"{self.relation} ×{self.count}"


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def build_graph(
    system: System,
    diagnostics: list[Diagnostic],
    *,
    message: str | None = None,
    service: str | None = None,
    only_messages: set[str] | None = None,
) -> Graph:
    """The whole system, or the neighbourhood of one message or one component (service)."""
    graph = Graph()
    ids: dict[tuple[str, str], str] = {}
    edges: dict[tuple[str, str, str], Edge] = {}

    def node_id(kind: str, name: str) -> str:
        key = (kind, name)
        if key not in ids:
            ids[key] = f"{'m' if kind == 'message' else 'c'}{len(ids) + 1}"
        return ids[key]

    receivers = {h.component for h in system.handlers}
    problems = {(loc.path, loc.line) for d in diagnostics for loc in (d.location, *(r.location for r in d.related))}
    wanted_message = identity_key(message) if message else None
    for msg in system.iter_messages():
        if wanted_message and msg.key != wanted_message:
            continue
        if only_messages is not None and msg.key not in only_messages:
            continue
        ends = [
            (h.component, relation(h.mode.value, "receive"), h.location, False) for h in system.receivers_of(msg.key)
        ]
        ends += [
            (_emitting_node(e, receivers), relation(e.mode.value, "emit"), e.location, True)
            for e in system.emissions_of(msg.key)
        ]
        if service and not any(_is_service(component, service) for component, *_ in ends):
            continue
        message_node = node_id("message", msg.key)
        graph.nodes[message_node] = Node(
            message_node,
            msg.name,
            "message",
            msg.kind.value,
            sorted({d.code for d in diagnostics if d.message_key == msg.key}),
        )
        for component, label, location, outgoing in ends:
            component_node = node_id("component", component)
            graph.nodes.setdefault(component_node, Node(component_node, component, "component"))
            source, target = (component_node, message_node) if outgoing else (message_node, component_node)
            problem = (location.path, location.line) in problems and bool(graph.nodes[message_node].findings)
            known = edges.get((source, target, label))
            if known is None:
                edges[(source, target, label)] = Edge(source, target, label, location, problem)
            else:
                known.count += 1
                known.problem = known.problem or problem
    graph.edges = list(edges.values())
    return graph


def _emitting_node(emission: Emission, receivers: set[str]) -> str:
    """A message sent from inside a handler comes from that handler's node, so the flow reads on:
    `PlaceOrder -> place_order -> OrderPlaced`. Otherwise it comes from the emitting component."""
    origin = emission.origin
    if origin:
        for candidate in (origin, origin.rpartition(".")[0]):  # the function, or the handler class of a method
            if candidate in receivers:
                return candidate
    return emission.component


def _is_service(component: str, service: str) -> bool:
    return component == service or component.startswith(service + ".")


# -- Mermaid -----------------------------------------------------------------------------------------------

_SHAPES = {"command": ('["', '"]'), "event": ('(["', '"])'), "query": ('{{"', '"}}'), "unknown": ('["', '"]')}


def mermaid_label(text: str) -> str:
    """Text inside a quoted Mermaid label: quotes and the characters Mermaid treats as markup escaped."""
    replacements = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "\n": " "}
    return "".join(replacements.get(char, char) for char in text)


def render_mermaid(graph: Graph) -> str:
    lines = ["flowchart LR"]
    for node in graph.nodes.values():
        if node.type == "component":
            lines.append(f'    {node.id}[["{mermaid_label(node.label)}"]]')
        else:
            opening, closing = _SHAPES.get(node.kind, _SHAPES["unknown"])
            label = mermaid_label(node.label if node.kind in ("", "unknown") else f"{node.label} ({node.kind})")
            lines.append(f"    {node.id}{opening}{label}{closing}")
    for edge in graph.edges:
        lines.append(f"    {edge.source} -->|{mermaid_label(edge.label)}| {edge.target}")
    problem_edges = [str(index) for index, edge in enumerate(graph.edges) if edge.problem]
    flagged = [node.id for node in graph.nodes.values() if node.findings]
    lines.append("    classDef finding stroke:#d33,stroke-width:3px")
    if flagged:
        lines.append(f"    class {','.join(flagged)} finding")
    if problem_edges:
        lines.append(f"    linkStyle {','.join(problem_edges)} stroke:#d33,stroke-width:3px")
    return "\n".join(lines) + "\n"


# -- DOT ---------------------------------------------------------------------------------------------------

_DOT_SHAPES = {"command": "box", "event": "ellipse", "query": "hexagon", "unknown": "box"}


def _dot_text(*lines: str) -> str:
    """A quoted DOT string; several lines are joined with DOT's `\\n` escape."""
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") for line in lines)
    return '"' + "\\n".join(escaped) + '"'


def render_dot(graph: Graph) -> str:
    lines = ["digraph msglint {", "    rankdir=LR;", '    node [fontname="Helvetica"];']
    for node in graph.nodes.values():
        shape = "component" if node.type == "component" else _DOT_SHAPES.get(node.kind, "box")
        plain = node.type == "component" or node.kind in ("", "unknown")
        label = _dot_text(node.label) if plain else _dot_text(node.label, node.kind)
        color = ', color="#dd3333", penwidth=2' if node.findings else ""
        lines.append(f"    {node.id} [label={label}, shape={shape}{color}];")
    for edge in graph.edges:
        color = ', color="#dd3333", penwidth=2' if edge.problem else ""
        lines.append(f"    {edge.source} -> {edge.target} [label={_dot_text(edge.label)}{color}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_graph_json(graph: Graph) -> str:
    document = {
        "nodes": [
            {"id": n.id, "label": n.label, "type": n.type, "kind": n.kind or None, "findings": n.findings}
            for n in graph.nodes.values()
        ],
        "edges": [
            {
                "from": e.source,
                "to": e.target,
                "relation": e.relation,
                "location": {"path": e.location.path, "line": e.location.line, "column": e.location.column},
                "count": e.count,
                "problem": e.problem,
            }
            for e in graph.edges
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"mermaid": render_mermaid, "dot": render_dot, "json": render_graph_json}

__all__ = ["RENDERERS", "Graph", "build_graph", "render_mermaid"]
