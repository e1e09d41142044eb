"""One Python file -> a plain summary of what matters for messages, read with `ast` (nothing is imported).

Names are resolved through the module's own imports, so `from lato import Command as C` then
`class X(C)` records the base `lato.Command`. Cross-module questions (is `X` a message? which class
is `events.OrderPlaced`?) are answered later, when every summary of the project is known (link.py).
"""

from __future__ import annotations

import ast
from dataclasses import asdict, dataclass, field
from typing import Any

_LONGEST_NAME = 300  # a string constant longer than this names no message or topic
RPC_PROXIES = ("RpcProxy", "ServiceRpc")  # nameko 2 and nameko 3: `payments = RpcProxy("payments")`
# The only calls a summary keeps: the last attribute of every call any preset reads. Keeping every call
# of every file would cost memory and time for nothing.
CALLS_OF_INTEREST = frozenset(
    {
        "publish",
        "emit",
        "register_event",
        "raise_",
        "_record_event",
        "record_event",
        "trigger_event",
        "post",
        "append",
        "publish_event",
        "add_event",
        "handle",
        "send",
        "dispatch",
        "execute",
        "process",
        "send_command",
        "execute_command",
        "submit",
        "bind",
        "connect",
        "delay",
        "apply_async",
        "s",
        "si",
        "signature",
        "send_task",
        "send_with_options",
        "send_robust",
        "send_async",
        "asend",
        "asend_robust",
        "execute_async",
        "publish_async",
    }
)


@dataclass(slots=True)
class Ref:
    """An expression msglint can name: a dotted name, a string, or a call of a dotted name."""

    kind: str  # "name" | "str" | "call" | "list" (its items in args) | "other"
    value: str = ""  # resolved dotted name, or the string
    args: list[Ref] = field(default_factory=list)
    keywords: dict[str, Ref] = field(default_factory=dict)
    line: int = 0
    column: int = 0


@dataclass(slots=True)
class Decorator:
    name: str  # resolved dotted name of the decorator (without the call)
    line: int
    column: int
    args: list[Ref] = field(default_factory=list)
    keywords: dict[str, Ref] = field(default_factory=dict)
    called: bool = False


@dataclass(slots=True)
class Function:
    qualname: str  # module.Class.method or module.function
    name: str
    line: int
    column: int
    decorators: list[Decorator] = field(default_factory=list)
    annotations: list[str] = field(default_factory=list)  # resolved annotations of positional parameters
    raises: list[str] = field(default_factory=list)  # resolved names of exceptions raised in the body
    returns: list[Ref] = field(default_factory=list)
    isinstance_checks: list[str] = field(default_factory=list)
    called: list[str] = field(default_factory=list)  # last attribute of every call in the body, once each


@dataclass(slots=True)
class Class:
    qualname: str
    name: str
    line: int
    column: int
    bases: list[str] = field(default_factory=list)
    base_args: list[list[str]] = field(default_factory=list)  # `Handler[X, R]` -> [["X", "R"]]
    decorators: list[Decorator] = field(default_factory=list)
    attributes: dict[str, Ref] = field(default_factory=dict)  # class-level assignments


@dataclass(slots=True)
class Call:
    callee: str  # resolved dotted name (`self.events.append`, `bus.handle`, `myapp.tasks.send_mail.delay`)
    line: int
    column: int
    args: list[Ref] = field(default_factory=list)
    keywords: dict[str, Ref] = field(default_factory=dict)
    scope: str = ""  # qualname of the enclosing function or class, or the module


@dataclass(slots=True)
class Summary:
    module: str
    imports: dict[str, str] = field(default_factory=dict)  # local name -> qualified name
    star_imports: list[str] = field(default_factory=list)
    classes: list[Class] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    assignments: dict[str, Ref] = field(default_factory=dict)  # module-level NAME = expression
    dict_literals: dict[str, list[tuple[Ref, list[Ref]]]] = field(default_factory=dict)  # X_HANDLERS = {...}
    # Functions that can play no part (no decorator, no project type in their signature, nothing raised or
    # returned that could be a message): only where they are, should a registry name one. Keeping them
    # whole would make every summary several times larger to store in the cache and pass to the process pool.
    plain_functions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarise(tree: ast.Module, module: str, is_package: bool, extra_calls: frozenset[str] = frozenset()) -> Summary:
    """`extra_calls`: last attributes of calls the project configured, kept besides CALLS_OF_INTEREST."""
    summary = Summary(module=module)
    _Visitor(summary, is_package, _top_level_names(tree), CALLS_OF_INTEREST | extra_calls).visit(tree)
    return summary


def _plays_a_part(function: Function) -> bool:
    """Could a preset read anything in this (non-method) function? Types of the project or of a library
    are dotted once resolved; `int`, `list` and other builtins are not."""
    return bool(
        function.decorators
        or function.raises
        or function.returns
        or function.isinstance_checks
        or any("." in annotation for annotation in function.annotations)
    )


def _top_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


# Nodes with nothing inside that a summary reads: never descended into. Most nodes of a tree are of these
# types, so skipping them roughly halves the time of a summary.
_NOTHING_INSIDE = frozenset(
    {
        ast.Name,
        ast.Constant,
        ast.alias,
        *ast.expr_context.__subclasses__(),
        *ast.operator.__subclasses__(),
        *ast.unaryop.__subclasses__(),
        *ast.cmpop.__subclasses__(),
        *ast.boolop.__subclasses__(),
    }
)


_OTHER = Ref("other")  # shared: one object in memory, however many unnameable values a file has


class _Visitor(ast.NodeVisitor):
    def __init__(
        self, summary: Summary, is_package: bool, local_names: set[str], calls_of_interest: frozenset[str]
    ) -> None:
        self.summary = summary
        self.calls_of_interest = calls_of_interest
        self.local_names = local_names
        self.package = summary.module if is_package else summary.module.rpartition(".")[0]
        self.scope: list[str] = [summary.module]
        self.functions: list[Function] = []
        self.class_names: set[str] = set()
        self.rpc_proxies: dict[str, set[str]] = {}  # class -> attributes holding an RPC proxy
        self.any_proxy = False  # most files have none: calls are then never looked at twice
        self.defined: dict[str, int] = {}
        self.dispatch = {
            type_: getattr(self, f"visit_{type_.__name__}")
            for type_ in (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
            + (ast.Assign, ast.Raise, ast.Return, ast.Call)
        }

    def visit(self, node: ast.AST) -> None:
        self.dispatch.get(type(node), self.generic_visit)(node)

    def generic_visit(self, node: ast.AST) -> None:
        """ast.NodeVisitor's walk, without the per-node method lookup and without the leaves."""
        dispatch = self.dispatch
        generic = self.generic_visit
        for field_name in node._fields:
            value = getattr(node, field_name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST) and type(item) not in _NOTHING_INSIDE:
                        dispatch.get(type(item), generic)(item)
            elif isinstance(value, ast.AST) and type(value) not in _NOTHING_INSIDE:
                dispatch.get(type(value), generic)(value)

    # -- names ---------------------------------------------------------------------------------------

    def resolve(self, node: ast.AST | None) -> str:
        """The dotted name of an expression, with its first part resolved through the imports."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Subscript):
            return self.resolve(node.value) + ("." + ".".join(reversed(parts)) if parts else "")
        if isinstance(node, ast.Call):
            inner = self.resolve(node.func)
            return inner + "()" + ("." + ".".join(reversed(parts)) if parts else "") if inner else ""
        if not isinstance(node, ast.Name):
            return ""
        head = self.summary.imports.get(node.id)
        if head is None:
            head = f"{self.summary.module}.{node.id}" if node.id in self.local_names else node.id
        return ".".join([head, *reversed(parts)])

    def ref(self, node: ast.AST) -> Ref:
        where = {"line": getattr(node, "lineno", 0), "column": getattr(node, "col_offset", -1) + 1}
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            # a topic or a name is short; a long text (embedded data, a template) is kept by nobody
            return Ref("str", node.value, **where) if len(node.value) <= _LONGEST_NAME else _OTHER
        if isinstance(node, ast.Call):
            return Ref(
                "call",
                self.resolve(node.func),
                [self.ref(a) for a in node.args],
                {k.arg: self.ref(k.value) for k in node.keywords if k.arg},
                **where,
            )
        if isinstance(node, (ast.List, ast.Tuple)):
            return Ref("list", "", [self.ref(e) for e in node.elts], **where)
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            return Ref("str", text, **where)
        name = self.resolve(node)
        return Ref("name", name, **where) if name else _OTHER

    def decorator(self, node: ast.expr) -> Decorator:
        if isinstance(node, ast.Call):
            return Decorator(
                self.resolve(node.func),
                node.lineno,
                node.col_offset + 1,
                [self.ref(a) for a in node.args],
                {k.arg: self.ref(k.value) for k in node.keywords if k.arg},
                called=True,
            )
        return Decorator(self.resolve(node), node.lineno, node.col_offset + 1)

    # -- imports -------------------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.summary.imports[alias.asname] = alias.name
            else:
                head = alias.name.split(".")[0]
                self.summary.imports.setdefault(head, head)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self.absolute(node.module, node.level)
        for alias in node.names:
            if alias.name == "*":
                self.summary.star_imports.append(base)
                continue
            self.summary.imports[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name

    def absolute(self, module: str | None, level: int) -> str:
        if level == 0:
            return module or ""
        package = self.package.split(".") if self.package else []
        package = package[: len(package) - (level - 1)] if level > 1 else package
        return ".".join([*package, *([module] if module else [])])

    # -- definitions ---------------------------------------------------------------------------------

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        qualname = f"{self.scope[-1]}.{node.name}"
        cls = Class(qualname, node.name, node.lineno, node.col_offset + 1)
        for base in node.bases:
            cls.bases.append(self.resolve(base))
            cls.base_args.append(self.subscript_args(base))
        cls.decorators = [self.decorator(d) for d in node.decorator_list]
        for statement in node.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    cls.attributes[target.id] = self.ref(statement.value)
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                value = self.ref(statement.value) if statement.value else _OTHER
                cls.attributes[statement.target.id] = value  # a field, with or without a default
        self.summary.classes.append(cls)
        self.class_names.add(qualname)
        self.rpc_proxies[qualname] = {
            name for name, ref in cls.attributes.items() if ref.kind == "call" and ref.value.endswith(RPC_PROXIES)
        }
        self.any_proxy = self.any_proxy or bool(self.rpc_proxies[qualname])
        self.scope.append(qualname)
        self.generic_visit(node)
        self.scope.pop()

    def subscript_args(self, node: ast.expr) -> list[str]:
        if not isinstance(node, ast.Subscript):
            return []
        inner = node.slice
        items = inner.elts if isinstance(inner, ast.Tuple) else [inner]
        return [self.resolve(item) for item in items]

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        qualname = f"{self.scope[-1]}.{node.name}"
        seen = self.defined.get(qualname, 0)
        self.defined[qualname] = seen + 1
        if seen:  # `@policy.register def _(...)` twice, property setters: each definition stays distinct
            qualname = f"{qualname}#{seen + 1}"
        function = Function(qualname, node.name, node.lineno, node.col_offset + 1)
        function.decorators = [self.decorator(d) for d in node.decorator_list]
        positional = [*node.args.posonlyargs, *node.args.args]
        function.annotations = [self.resolve(a.annotation) if a.annotation else "" for a in positional]
        if positional and positional[0].arg in ("self", "cls"):
            function.annotations[0] = "<self>"
        is_method = self.scope[-1] in self.class_names
        # decorators, defaults and annotations run where the function is defined, not in its body
        for outside in (*node.decorator_list, node.args, *([node.returns] if node.returns else [])):
            self.visit(outside)
        self.functions.append(function)
        self.scope.append(qualname)
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()
        self.functions.pop()
        if is_method or _plays_a_part(function):
            self.summary.functions.append(function)
        else:
            self.summary.plain_functions[qualname] = (function.line, function.column)

    visit_AsyncFunctionDef = visit_FunctionDef

    # -- statements and calls ------------------------------------------------------------------------

    def visit_Assign(self, node: ast.Assign) -> None:
        if len(self.scope) == 1 and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if isinstance(node.value, ast.Dict):
                self.summary.dict_literals[name] = [
                    (self.ref(k), self.refs_of(v))
                    for k, v in zip(node.value.keys, node.value.values, strict=True)
                    if k is not None
                ]
            else:
                self.summary.assignments[name] = self.ref(node.value)
        self.generic_visit(node)

    def refs_of(self, node: ast.expr) -> list[Ref]:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return [self.ref(e) for e in node.elts]
        return [self.ref(node)]

    def proxy_call(self, func: ast.expr) -> str:
        """`self.payments.charge(...)` or `.call_async(...)` through an RPC proxy attribute: `self.payments.charge`."""
        if isinstance(func, ast.Attribute) and func.attr == "call_async":
            func = func.value
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute)):
            return ""
        owner = func.value
        if not (isinstance(owner.value, ast.Name) and owner.value.id == "self"):
            return ""
        cls = next((scope for scope in reversed(self.scope) if scope in self.class_names), None)
        return f"self.{owner.attr}.{func.attr}" if cls and owner.attr in self.rpc_proxies.get(cls, ()) else ""

    def visit_Raise(self, node: ast.Raise) -> None:
        if self.functions and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            self.functions[-1].raises.append(self.resolve(target))
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if self.functions and node.value is not None:
            values = node.value.elts if isinstance(node.value, (ast.List, ast.Tuple)) else [node.value]
            for value in values:
                ref = self.ref(value)
                if ref.kind in ("name", "call") and "." in ref.value:  # a local variable cannot name a message
                    self.functions[-1].returns.append(ref)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        attribute = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if self.functions and attribute and attribute not in self.functions[-1].called:
            self.functions[-1].called.append(attribute)
        if attribute == "isinstance" and self.functions and len(node.args) == 2:
            self.functions[-1].isinstance_checks.append(self.resolve(node.args[1]))
        elif (attribute in self.calls_of_interest and (callee := self.resolve(node.func))) or (
            self.any_proxy and (callee := self.proxy_call(node.func))
        ):
            self.summary.calls.append(
                Call(
                    callee,
                    node.lineno,
                    node.col_offset + 1,
                    [self.ref(a) for a in node.args],
                    {k.arg: self.ref(k.value) for k in node.keywords if k.arg},
                    self.scope[-1],
                )
            )
        self.generic_visit(node)
