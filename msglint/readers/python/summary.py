"""One Python file -> a plain summary of what matters for messages, read with `ast` (nothing is imported).

Names are resolved through the module's own imports, so `from lato import Command as C` then
`class X(C)` records the base `lato.Command`. Cross-module questions (is `X` a message? which class
is `events.OrderPlaced`?) are answered later, when every summary of the project is known (link.py).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

_LONGEST_NAME = 300  # a string constant longer than this names no message or topic
# nameko 2 and 3: `payments = RpcProxy("payments")` on a service; `with ClusterRpcProxy(config) as rpc` outside
RPC_PROXIES = ("RpcProxy", "ServiceRpc", "ClusterRpcProxy", "ServiceRpcProxy")
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
        "__trigger_event__",
        "_create",
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
        "add_periodic_task",  # Celery: `sender.add_periodic_task(30.0, cleanup.s())` schedules a task
        "message",
        "message_with_options",
        "Message",
        "send_with_options",
        "send_robust",
        "send_async",
        "asend",
        "asend_robust",
        "execute_async",
        "publish_async",
        "subscribe",  # Redis pub/sub: `pubsub.subscribe("orders", "payments")`
        "psubscribe",
    }
)


class _NoEntries(dict):
    """The one empty dict every unpickled summary shares: read-only, and copied as itself (roots.py deep-copies
    summaries it renames; a mappingproxy cannot be copied)."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("the empty mapping of an unpickled summary is shared and read-only")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = __ior__ = _refuse  # type: ignore[assignment]

    def __copy__(self) -> _NoEntries:
        return self

    def __deepcopy__(self, memo: dict) -> _NoEntries:
        return self

    def __reduce__(self) -> tuple:
        return (_no_entries, ())


def _no_entries() -> _NoEntries:
    return _NO_ENTRIES


_NO_ENTRIES: Any = _NoEntries()  # every empty dict of an unpickled summary: one, read-only
_ADDED_TO = frozenset({"decorators"})  # the link step adds to these (never to an empty one): kept as lists


def _unpickle_compact(self: Any, state: Any) -> None:
    """Unpickled (how summaries come back from the worker processes), an empty list becomes () and an empty
    dict one shared read-only mapping: most fields are empty, and a run of 100,000 files kept a sixth of its
    memory in them. Nothing but summarise() adds to a summary, so a value that is empty stays empty."""
    slots = state[1] if isinstance(state, tuple) else state
    for name, value in slots.items():
        if not value and name not in _ADDED_TO:
            if type(value) is list:
                value = ()
            elif type(value) is dict:
                value = _NO_ENTRIES
        setattr(self, name, value)


@dataclass(slots=True)
class Ref:
    """An expression msglint can name: a dotted name, a string, or a call of a dotted name."""

    __setstate__ = _unpickle_compact

    # "name" | "str" | "call" | "list" (its items in args) | "any" (one of the values in args: a variable
    # assigned in several places) | "param" (a parameter of the enclosing function; value: its position
    # among the positional parameters after self, or "" when it has none) | "closure" (a parameter of an
    # enclosing function read in a nested one; value: that function, keywords: {parameter: its position}) |
    # "lambda" (value: what its body calls) | "item" (item `value` of what the call in args returns, a tuple of
    # keywords["of"] items: `a, b = make()`) | "other"
    kind: str
    value: str = ""  # resolved dotted name, or the string
    args: list[Ref] = field(default_factory=list)
    keywords: dict[str, Ref] = field(default_factory=dict)
    line: int = 0
    column: int = 0


@dataclass(slots=True)
class Decorator:
    __setstate__ = _unpickle_compact

    name: str  # resolved dotted name of the decorator (without the call)
    line: int
    column: int
    args: list[Ref] = field(default_factory=list)
    keywords: dict[str, Ref] = field(default_factory=dict)
    called: bool = False


@dataclass(slots=True)
class Function:
    __setstate__ = _unpickle_compact

    qualname: str  # module.Class.method or module.function
    name: str
    line: int
    column: int
    decorators: list[Decorator] = field(default_factory=list)
    annotations: list[str] = field(default_factory=list)  # resolved annotations of positional parameters
    raises: list[str] = field(default_factory=list)  # resolved names of exceptions raised in the body
    returns: list[Ref] = field(default_factory=list)
    # what its last `return a, b` gives, item by item (an unnameable item holds its place): what
    # `producer, consumer = make_clients()` unpacks
    items: list[Ref] = field(default_factory=list)
    isinstance_checks: list[str] = field(default_factory=list)
    called: list[str] = field(default_factory=list)  # last attribute of every call in the body, once each
    helpers: list[str] = field(default_factory=list)  # functions of the project it calls (`mod.check`, `self.x`)


@dataclass(slots=True)
class Class:
    __setstate__ = _unpickle_compact

    qualname: str
    name: str
    line: int
    column: int
    bases: list[str] = field(default_factory=list)
    base_args: list[list[str]] = field(default_factory=list)  # `Handler[X, R]` -> [["X", "R"]]
    decorators: list[Decorator] = field(default_factory=list)
    attributes: dict[str, Ref] = field(default_factory=dict)  # class-level assignments
    field_types: list[str] = field(default_factory=list)  # names in its fields' annotations (`line: Line | None`)
    # what `__init__` stores on the instance: `self.broker = broker` for `broker: Broker` is an instance of
    # Broker (written as a call of it), `self.client = Redis(...)` that call
    instance_attributes: dict[str, Ref] = field(default_factory=dict)


@dataclass(slots=True)
class Call:
    __setstate__ = _unpickle_compact

    callee: str  # resolved dotted name (`self.events.append`, `bus.handle`, `myapp.tasks.send_mail.delay`)
    line: int
    column: int
    args: list[Ref] = field(default_factory=list)
    keywords: dict[str, Ref] = field(default_factory=dict)
    scope: str = ""  # qualname of the enclosing function or class, or the module
    # what the object a method is called on was built by, when it is a local variable: `redis.Redis().pubsub()`
    # for `pubsub.subscribe(...)` after `client = redis.Redis(); pubsub = client.pubsub()`
    receiver: str = ""
    # the call whose result the method is called on: `broker.publisher("orders")` for
    # `broker.publisher("orders").publish(order)`
    on_call: Ref | None = None
    # whether what the call returns is used (assigned, iterated, returned, passed on), not a statement of its
    # own: a signal whose senders read what its receivers return asks them a question
    answered: bool = False


@dataclass(slots=True)
class Summary:
    __setstate__ = _unpickle_compact

    module: str
    imports: dict[str, str] = field(default_factory=dict)  # local name -> qualified name
    star_imports: list[str] = field(default_factory=list)
    classes: list[Class] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    assignments: dict[str, Ref] = field(default_factory=dict)  # module-level NAME = expression
    # dicts keyed by classes, wherever written (`X_HANDLERS = {...}`, `HANDLERS[X] = f`, `.update({...})`, a
    # dict returned or passed as an argument): label -> [(key, values)]; the label is the variable, the
    # `Class.attribute`, the keyword or `function()` the dict belongs to
    dict_literals: dict[str, list[tuple[Ref, list[Ref]]]] = field(default_factory=dict)
    # places where messages are dispatched to handlers that cannot be read (`getattr(self, f"on_{name}")`,
    # `registry[cls] = fn` in a loop): (what, line, column)
    dynamic_receivers: list[tuple[str, int, int, str]] = field(default_factory=list)  # ..., the object connected to
    # tasks a schedule names by string (`{"task": "orders.tasks.expire", "schedule": ...}`): (name, line,
    # column, scope)
    scheduled: list[tuple[str, int, int, str]] = field(default_factory=list)
    # Functions that can play no part (no decorator, no project type in their signature, nothing raised or
    # returned that could be a message): only where they are, should a registry name one. Keeping them
    # whole would make every summary several times larger to store in the cache and pass to the process pool.
    # One string, "\nNAME LINE COLUMN" each, NAME below the module (`area` for `mod.area`): a dict of them was
    # a quarter of the memory a large run held (plain_function_place() reads it).
    plain_functions: str = ""
    # where the name of a class or function (`class OrderPlaced`) or a kept call ends, by "line:column" of
    # its start: the end of the places reported (a report's region, a caret under the whole name)
    ends: dict[str, tuple[int, int]] = field(default_factory=dict)

    def plain_function_place(self, qualname: str) -> tuple[int, int] | None:
        """Where the plain function `qualname` (of this module) is defined, or None."""
        name = qualname[len(self.module) + 1 :] if qualname.startswith(self.module + ".") else ""
        start = self.plain_functions.find(f"\n{name} ") if name and " " not in name else -1
        if start < 0:
            return None
        end = self.plain_functions.find("\n", start + 1)
        fields = self.plain_functions[start + 1 : end if end >= 0 else None].split(" ")
        return (int(fields[1]), int(fields[2])) if len(fields) == 3 else None


@dataclass(slots=True)
class Pending:
    """A file postponed by the prefilter (it says only `process` or `request`): what the link step needs to tell
    whether a file that was read refers to it, or it to one. `imports`: the dotted names it imports, a
    `from m import a` as `m.a`, relative ones made absolute."""

    module: str
    imports: tuple[str, ...] = ()


def summarise(
    tree: ast.Module,
    module: str,
    is_package: bool,
    extra_calls: frozenset[str] = frozenset(),
    source: bytes = b"",
) -> Summary:
    """`extra_calls`: last attributes of calls the project configured, kept besides CALLS_OF_INTEREST.
    `source`: the file's bytes, to find where the names of classes and functions end."""
    summary = Summary(module=module)
    limit = sys.getrecursionlimit()
    # Whatever CPython parsed, the walk must get through: nested calls and brackets are as deep as the parser
    # allows, a few frames per level (Python-to-Python calls use no C stack, so this is safe).
    sys.setrecursionlimit(max(limit, _WALK_DEPTH))
    visitor = _Visitor(summary, is_package, _top_level_names(tree), CALLS_OF_INTEREST | extra_calls)
    try:
        visitor.visit(tree)
        summary.plain_functions = "".join(visitor.plain)
        if source:
            _name_ends(summary, tree, source)
            _character_columns(summary, source)
        _intern_names(summary)  # as deep as the Refs built in the walk
    finally:
        sys.setrecursionlimit(limit)
    return summary


_SUMMARY_CLASSES = frozenset({Ref, Decorator, Function, Class, Call, Summary})


def _declared_encoding(source: bytes) -> str:
    """The encoding a coding line declares (PEP 263), else UTF-8."""
    import io
    import tokenize

    try:
        encoding = tokenize.detect_encoding(io.BytesIO(source).readline)[0]
    except SyntaxError:
        return "utf-8"
    return "utf-8" if encoding in ("utf-8", "utf-8-sig") else encoding


def _intern_names(value: Any) -> Any:
    """The same names (`dataclasses.dataclass`, `<self>`, "12:1") as one string each: pickled together, a
    worker's summaries then send each name once, and a large run keeps a sixth less in memory."""
    kind = type(value)
    if kind is str:
        return sys.intern(value)
    if kind is list:
        value[:] = [_intern_names(item) for item in value]
    elif kind is dict:
        items = [(_intern_names(key), _intern_names(item)) for key, item in value.items()]
        value.clear()
        value.update(items)
    elif kind is tuple:
        return tuple(_intern_names(item) for item in value)
    elif kind in _SUMMARY_CLASSES:
        for name in kind.__slots__:
            setattr(value, name, _intern_names(getattr(value, name)))
    return value


# Top-level packages whose functions take strings for reasons of their own: the standard library and the web
# frameworks (URL routes, translations, settings)
_NOT_WRAPPERS = frozenset(sys.stdlib_module_names) | {"django", "flask", "fastapi", "starlette", "rest_framework"}


def _channel_like(node: ast.expr) -> bool:
    """A short string, or a name written as a constant (`ORDERS_TOPIC`, `Topics.ORDERS`)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and 0 < len(node.value) <= _LONGEST_NAME
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return len(name) > 1 and name.isupper()


# Calls that run a function with the arguments that follow it, later or elsewhere: the function's position
_CALLING_LATER = {"add_task": 0, "call_soon": 0, "call_soon_threadsafe": 0, "to_thread": 0, "run_in_executor": 1}


def _called_later(node: ast.Call) -> ast.Call | None:
    """`background_tasks.add_task(f, a)`, `loop.call_soon(f, a)`, `asyncio.to_thread(f, a)`,
    `loop.run_in_executor(None, f, a)`: the call of `f(a)` they make."""
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    position = _CALLING_LATER.get(name)
    if position is None or len(node.args) <= position or not isinstance(node.args[position], (ast.Name, ast.Attribute)):
        return None
    return ast.Call(node.args[position], node.args[position + 1 :], node.keywords, **_position(node))


def _unpacks_a_call(target: ast.expr, value: ast.expr) -> bool:
    return (
        isinstance(target, (ast.Tuple, ast.List))
        and isinstance(value, ast.Call)
        and all(isinstance(name, ast.Name) for name in target.elts)
    )


def _on_self(target: ast.expr) -> bool:
    return isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"


def _character_columns(summary: Summary, source: bytes) -> None:
    """ast counts columns in UTF-8 bytes, reports (SARIF, editors, GitHub) in characters: on a line holding
    other than ASCII before a place (`"café"; bus.publish(...)`), every column after it is turned into
    characters. Most files are ASCII and skip this; each object is turned once, however often it is shared."""
    if source.isascii():
        return
    lines = source.splitlines()
    wide = {number for number, line in enumerate(lines, start=1) if not line.isascii()}
    encoding = _declared_encoding(source)

    def column(line: int, byte_column: int) -> int:
        if line not in wide or byte_column <= 1 or line > len(lines):
            return byte_column
        text = lines[line - 1]
        if encoding != "utf-8":  # ast counts bytes of the line as UTF-8, whatever the file's encoding (PEP 263)
            text = text.decode(encoding, "replace").encode("utf-8")
        return len(text[: byte_column - 1].decode("utf-8", "replace")) + 1

    seen: set[int] = set()

    def walk(value: Any) -> None:
        kind = type(value)
        if kind is list:
            for item in value:
                walk(item)
        elif kind is dict:
            for item in value.values():
                walk(item)
        elif kind in _SUMMARY_CLASSES and id(value) not in seen:
            seen.add(id(value))
            if kind is not Summary and value.line in wide:
                value.column = column(value.line, value.column)
            for name in kind.__slots__:
                walk(getattr(value, name))

    def place(key: str) -> str:
        line, _, byte_column = key.partition(":")
        return f"{line}:{column(int(line), int(byte_column))}" if line.isdigit() and byte_column.isdigit() else key

    walk(summary)
    summary.dynamic_receivers = [
        (what, line, column(line, at), owner) for what, line, at, owner in summary.dynamic_receivers
    ]
    summary.scheduled = [(name, line, column(line, at), scope) for name, line, at, scope in summary.scheduled]
    summary.ends = {place(key): (line, column(line, at)) for key, (line, at) in summary.ends.items()}
    summary.plain_functions = "".join(
        f"\n{name} {line} {column(int(line), int(at))}"
        for name, line, at in (entry.split(" ") for entry in summary.plain_functions.split("\n")[1:])
    )


_DEFINITION = re.compile(rb"(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)")


def _name_ends(summary: Summary, tree: ast.Module, source: bytes) -> None:
    """`class OrderPlaced` and `def place_order` end after the name (ast knows only where the whole body
    ends); columns are ast's, 1-based."""
    lines = source.splitlines()
    for item in (*summary.classes, *summary.functions):
        if 0 < item.line <= len(lines):
            found = _DEFINITION.match(lines[item.line - 1], item.column - 1)
            if found and found.group(1).decode("ascii", "replace") == item.name:
                summary.ends[f"{item.line}:{item.column}"] = (item.line, found.end() + 1)


_WALK_DEPTH = 20_000


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


# Calls that take a value but never pass a message on: not worth keeping when their argument is a variable.
_NEVER_FORWARD = frozenset(
    {
        *("print", "len", "str", "int", "float", "bool", "repr", "type", "isinstance", "issubclass", "getattr"),
        *("setattr", "hasattr", "id", "hash", "list", "dict", "set", "tuple", "sorted", "reversed", "enumerate"),
        *("zip", "map", "filter", "any", "all", "min", "max", "sum", "range", "super", "vars", "format", "iter"),
        *("debug", "info", "warning", "warn", "error", "exception", "critical", "log", "assertEqual", "assertTrue"),
    }
)
# What a periodic entry has beside its task: Celery beat and RedBeat `schedule`, django-celery-beat's schedule kinds.
_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated", "Annotated"})
# the name of a table of dotted paths that holds something else than handlers (settings are full of those)
_NOT_WIRING_LABEL = re.compile(
    r"validat|serializ|schema|backend|middleware|permission|parser|renderer|formatter|template|storage|cache"
    r"|logg|password|authenticat|context_processor|loader|finder|installed_apps|databases|widget|filter",
    re.I,
)
_PERIODIC_KEYS = frozenset({"schedule", "interval", "crontab", "solar", "clocked"})
_COLLECTING = frozenset({"append", "extend", "add", "insert", "appendleft", "put", "put_nowait", "update"})
# Method names built at run time that dispatch messages (`on_{kind}`); not `apply_` (event-sourcing state
# mutators) nor `visit_` (tree walkers), which would silence MSG202/MSG203 for a whole project.
_DISPATCH_PREFIX = re.compile(r"^_*(handle|on|when|process|consume|react)(_|[A-Z]|$)")
_REGISTRY_WORDS = re.compile(r"handler|registr|subscri|listener|dispatch|consumer", re.IGNORECASE)


class _Frame:
    """What the visitor knows of the function it is in: its parameters, what each local variable assigned so
    far may hold, and the records that mention locals, resolved when the body is done (so a list filled
    after it is named, `events = []; ...; events.append(X())`, holds X wherever it is used)."""

    __slots__ = (
        "qualname",
        "params",
        "bindings",
        "calls",
        "candidates",
        "returns",
        "items",
        "dicts",
        "proxies",
        "made",
        "callables",
        "entered",
        "annotated",
    )

    def __init__(self, qualname: str, params: dict[str, str]) -> None:
        self.qualname = qualname
        self.params = params  # name -> position among positional parameters after self ("" for the rest)
        self.annotated: dict[str, str] = {}  # parameter name -> its annotation, resolved
        # the expressions each local was assigned (or appended, or looped over), read into Refs only when
        # a recorded call or return uses the local: most locals never are
        self.bindings: dict[str, list[ast.expr]] = {}
        self.calls: list[Call] = []  # calls of interest made in the body
        self.candidates: list[Call] = []  # other calls that may pass a message on, kept if they do
        self.returns: list[Ref] = []
        self.items: list[Ref] = []  # the last tuple returned, item by item, locals not yet resolved
        self.dicts: list[list[Ref]] = []  # values of dicts written in the body
        self.proxies: dict[str, str] = {}  # `with ClusterRpcProxy(config) as rpc`: rpc -> the proxy class
        self.made: list[Ref] = []  # every reference to a local made in the body, wherever it was stored
        # `send = task.delay`: locals holding a bound call of interest, each alternative assigned
        self.callables: dict[str, list[ast.Attribute]] = {}
        self.entered: dict[str, ast.expr] = {}  # `async with client.pubsub() as pubsub`: pubsub -> what was entered

    def bind(self, name: str, value: ast.expr) -> None:
        self.bindings.setdefault(name, []).append(value)


class _Visitor(ast.NodeVisitor):
    def __init__(
        self, summary: Summary, is_package: bool, local_names: set[str], calls_of_interest: frozenset[str]
    ) -> None:
        self.summary = summary
        self.calls_of_interest = calls_of_interest
        self.statement_calls: set[int] = set()  # calls that are statements of their own: what they return is dropped
        self.module_callables: dict[str, ast.Attribute] = {}  # `parse = parse_reading.s` at module level
        self.local_names = local_names
        self.package = summary.module if is_package else summary.module.rpartition(".")[0]
        self.scope: list[str] = [summary.module]
        self.plain: list[str] = []  # the plain functions' entries, joined into the summary at the end
        self.functions: list[Function] = []
        self.class_names: set[str] = set()
        self.class_objects: dict[str, Class] = {}
        self.expanding: set[str] = set()  # names whose alias is being resolved
        self.rpc_proxies: dict[str, set[str]] = {}  # class -> attributes holding an RPC proxy
        self.any_proxy = False  # most files have none: calls are then never looked at twice
        self.defined: dict[str, int] = {}
        self.frames: list[_Frame] = []
        self.dict_labels: dict[int, str] = {}  # id of a dict node -> what holds it
        self.dispatch = {
            type_: getattr(self, f"visit_{type_.__name__}")
            for type_ in (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
            + (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr)
            + (ast.Raise, ast.Return, ast.Yield, ast.YieldFrom, ast.Call, ast.Dict, ast.BinOp, ast.With)
            + (ast.AsyncWith, ast.Compare, ast.Expr, ast.Lambda)
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

    def visit_Compare(self, node: ast.Compare) -> None:
        """`type(event) is OrderPlaced` (or `==`) tests a type as `isinstance` does: a dispatch on it."""
        left = node.left
        is_type_of = isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "type"
        if is_type_of and self.functions and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Is, ast.Eq)):
            self.functions[-1].isinstance_checks.append(self.resolve(node.comparators[0]))
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        """`a + b + c + ...` nests to the left as deep as the sum is long: walked as a loop, not recursively."""
        rights = []
        while isinstance(node, ast.BinOp):
            rights.append(node.right)
            node = node.left
        for operand in (node, *reversed(rights)):
            if type(operand) not in _NOTHING_INSIDE:
                self.visit(operand)

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
        alias = self.callable_alias(node.id) if node.id not in self.expanding else []
        if len(alias) == 1:
            self.expanding.add(node.id)  # `session = session.post`: the alias names itself, followed once
            try:
                return ".".join([self.resolve(alias[0]), *reversed(parts)])
            finally:
                self.expanding.discard(node.id)
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
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return Ref("list", "", [self.ref(e.value if isinstance(e, ast.Starred) else e) for e in node.elts], **where)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return Ref("list", "", [self.ref(node.elt)], **where)
        if isinstance(node, ast.IfExp):  # `A(...) if guest else B(...)`: either
            return Ref("any", "", [self.ref(node.body), self.ref(node.orelse)], **where)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):  # `explicit or Default()`: any of them
            return Ref("any", "", [self.ref(value) for value in node.values], **where)
        if isinstance(node, ast.Name) and (frame := self.frame()) is not None:
            if node.id in frame.bindings:
                local = Ref("local", node.id, **where)  # resolved when the body is done: see _finish
                frame.made.append(local)
                return local
            if node.id in frame.params:
                return Ref("param", frame.params[node.id], **where)
            closure = self.closure_param(node.id)
            if closure is not None:
                return Ref("closure", closure[0], keywords={node.id: Ref("str", closure[1])}, **where)
        if isinstance(node, ast.Lambda) and isinstance(node.body, ast.Call):
            return Ref("lambda", self.resolve(node.body.func), **where)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            owner = self.current_class()
            if owner is not None:  # `self.send_welcome`, `self.TOPIC`, `cls.Created`: the class's own attribute
                return Ref("name", f"{owner}.{node.attr}", **where)
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            return Ref("str", text, **where)
        name = self.resolve(node)
        return Ref("name", name, **where) if name else _OTHER

    def callable_alias(self, name: str) -> list[ast.Attribute]:
        """What a name that holds a bound call of interest stands for (`send = task.delay`, then `send(x)`):
        every alternative assigned in this function so far, or the module-level one."""
        frame = self.frame()
        if frame is not None and name in frame.bindings:
            return frame.callables.get(name, [])
        if frame is not None and name in frame.params:
            return []
        return [self.module_callables[name]] if name in self.module_callables else []

    def _remember_callable(self, name: str, value: ast.expr) -> None:
        if not (isinstance(value, ast.Attribute) and value.attr in self.calls_of_interest and _is_dotted(value)):
            return
        frame = self.frame()
        if frame is not None:
            frame.callables.setdefault(name, []).append(value)
        elif len(self.scope) == 1:
            self.module_callables[name] = value

    def annotation_type(self, annotation: ast.expr) -> str:
        """The type an annotation names, resolved: of `Annotated[AIOKafkaProducer, Depends(...)]` (PEP 593,
        FastAPI's dependencies) the first argument."""
        if isinstance(annotation, ast.Subscript) and self.resolve(annotation.value) in _ANNOTATED:
            written = annotation.slice
            return self.resolve(written.elts[0] if isinstance(written, ast.Tuple) and written.elts else written)
        return self.resolve(annotation)

    def annotation_names(self, annotation: ast.expr) -> list[str]:
        """The dotted names an annotation mentions: `Optional[Line]`, `list[Line]`, `"Line"`, `Line | None`."""
        names = []
        for node in ast.walk(annotation):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= _LONGEST_NAME:
                try:
                    written = ast.parse(node.value, mode="eval").body  # a forward reference
                except (SyntaxError, ValueError):
                    continue
                if not isinstance(written, ast.Constant):
                    names.extend(self.annotation_names(written))
            elif isinstance(node, (ast.Name, ast.Attribute)) and not isinstance(getattr(node, "ctx", None), ast.Store):
                names.append(self.resolve(node))
        return [name for name in dict.fromkeys(names) if "." in name]

    def closure_param(self, name: str) -> tuple[str, str] | None:
        """(function, position) when `name`, read in a nested function, is a parameter of an enclosing one:
        `def on_queue(queue): def deco(f): @broker.subscriber(queue) ...` reads `queue` of `on_queue`."""
        for outer in reversed(self.frames[:-1]):
            if name in outer.bindings:
                return None  # a local of the enclosing function, not what its caller passed
            if name in outer.params:
                return outer.qualname, outer.params[name]
        return None

    def current_class(self) -> str | None:
        """The class whose body, or one of whose methods, is being read."""
        return next((scope for scope in reversed(self.scope) if scope in self.class_names), None)

    def frame(self) -> _Frame | None:
        """The function whose body is being read, unless a class nested in it is."""
        frame = self.frames[-1] if self.frames else None
        return frame if frame is not None and self.scope[-1] == frame.qualname else None

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
            sibling = f"{self.scope[-1]}.{base.id}" if isinstance(base, ast.Name) else ""
            # in a class body, a bare name may be a class defined earlier in it (`class Added(Event)` in an
            # aggregate that defines its own `Event`)
            cls.bases.append(sibling if sibling in self.class_names else self.resolve(base))
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
                cls.field_types.extend(self.annotation_names(statement.annotation))
        self.summary.classes.append(cls)
        self.class_names.add(qualname)
        self.class_objects[qualname] = cls
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
        function.annotations = [self.annotation_type(a.annotation) if a.annotation else "" for a in positional]
        if positional and positional[0].arg in ("self", "cls"):
            function.annotations[0] = "<self>"
        is_method = self.scope[-1] in self.class_names
        # decorators, defaults and annotations run where the function is defined, not in its body
        for outside in (*node.decorator_list, node.args, *([node.returns] if node.returns else [])):
            self.visit(outside)
        self.functions.append(function)
        self.scope.append(qualname)
        frame = _Frame(qualname, _parameters(node, is_method))
        if is_method and node.name == "__init__":  # what the instance is given: see _instance_attribute
            every = (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)
            frame.annotated = {a.arg: self.annotation_type(a.annotation) for a in every if a.annotation is not None}
        self.frames.append(frame)
        for statement in node.body:
            self.visit(statement)
        self._finish(frame, function)  # while the frame is current: locals in assigned values are read as locals
        self.frames.pop()
        self.scope.pop()
        self.functions.pop()
        if is_method or _plays_a_part(function):
            self.summary.functions.append(function)
        else:
            self.plain.append(f"\n{qualname[len(self.summary.module) + 1 :]} {function.line} {function.column}")

    visit_AsyncFunctionDef = visit_FunctionDef

    # -- statements and calls ------------------------------------------------------------------------

    def visit_Assign(self, node: ast.Assign) -> None:
        self.label(node.value, self.target_label(node.targets[0]))
        if len(self.scope) == 1 and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self._module_assignment(node.targets[0].id, node.value)
        elif len(self.scope) == 1 and len(node.targets) == 1 and _unpacks_a_call(node.targets[0], node.value):
            # `PRODUCER, CONSUMER = make_clients(...)`: each name holds one item of what the call returns
            names = node.targets[0].elts  # type: ignore[attr-defined]
            built, count = self.ref(node.value), Ref("str", str(len(names)))
            for index, name in enumerate(names):
                where = {"line": name.lineno, "column": name.col_offset + 1}
                self.summary.assignments[name.id] = Ref("item", str(index), [built], {"of": count}, **where)
        elif len(self.scope) == 1 and isinstance(node.targets[0], ast.Attribute) and _is_dotted(node.value):
            # `broker.typed_subscriber = typed_subscriber`: a function attached to an object under a new name
            dotted = self.resolve(node.targets[0])
            if dotted.startswith(self.summary.module + "."):
                self.summary.assignments[dotted.removeprefix(self.summary.module + ".")] = self.ref(node.value)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self._remember_callable(node.targets[0].id, node.value)
        if len(node.targets) == 1 and _on_self(node.targets[0]):
            self._instance_attribute(node.targets[0].attr, node.value)  # type: ignore[attr-defined]
        for target in node.targets:
            self._assign(target, node.value)
        self.generic_visit(node)

    def _names_a_channel(self, node: ast.Call) -> bool:
        """`kafka_consumer("orders", servers)`: a function of this module or an imported one, given a string or a
        constant positionally. Kept so that a function that reads a topic from its parameter learns it from its
        callers (`Project.arguments_at_call_sites`)."""
        func = node.func
        if not isinstance(func, ast.Name) or not (func.id in self.local_names or func.id in self.summary.imports):
            return False
        if func.id in self.summary.imports and self.summary.imports[func.id].partition(".")[0] in _NOT_WRAPPERS:
            return False  # `path("orders/", view)`, `patch("x.y")`, `Decimal("1")`: a library's, no wrapper of ours
        return any(_channel_like(argument) for argument in node.args)

    def _instance_attribute(self, name: str, value: ast.expr) -> None:
        """`self.broker = broker` in `__init__(self, broker: Broker)`: the attribute holds a Broker; `self.client =
        Redis(...)`: what that call built. The first assignment in `__init__` counts."""
        frame = self.frame()
        cls = self.class_objects.get(self.scope[-2]) if len(self.scope) >= 2 else None
        if frame is None or cls is None or not frame.qualname.endswith(".__init__") or name in cls.instance_attributes:
            return
        where = {"line": value.lineno, "column": value.col_offset + 1}
        if isinstance(value, ast.Name) and value.id in frame.annotated:
            cls.instance_attributes[name] = Ref("call", frame.annotated[value.id], **where)
        elif isinstance(value, ast.Call):
            cls.instance_attributes[name] = Ref("call", self.resolve(value.func), **where)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.label(node.value, self.target_label(node.target))
        if node.value is not None:
            if len(self.scope) == 1 and isinstance(node.target, ast.Name):
                self._module_assignment(node.target.id, node.value)
            self._assign(node.target, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._assign(node.target, node.value)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._assign(node.target, node.value)
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._assign(node.target, node.iter)  # a loop variable holds the items: one of what `iter` holds
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        """`with ClusterRpcProxy(config) as rpc:` binds `rpc` to the proxy, so `rpc.service.method(...)` is read."""
        frame = self.frame()
        for item in node.items:
            if frame is None or not isinstance(item.optional_vars, ast.Name):
                continue
            context = item.context_expr
            if isinstance(context, ast.Call) and self.resolve(context.func).endswith(RPC_PROXIES):
                frame.proxies[item.optional_vars.id] = self.resolve(context.func)
            frame.entered[item.optional_vars.id] = context
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def _module_assignment(self, name: str, value: ast.expr) -> None:
        if isinstance(value, ast.Dict):
            return  # recorded by visit_Dict, under this name
        if isinstance(value, ast.Call) and self.resolve(value.func) == "dict":
            self._dict_call(name, value)
        else:
            self.summary.assignments[name] = self.ref(value)

    def _assign(self, target: ast.expr, value: ast.expr) -> None:
        """What a local variable may hold, and entries written into a registry (`HANDLERS[X] = f`)."""
        frame = self.frame()
        if isinstance(target, ast.Name) and frame is not None:
            frame.bind(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)) and frame is not None:
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None
            for index, element in enumerate(target.elts):
                if isinstance(element, ast.Name):
                    item = values[index] if values is not None and index < len(values) else None
                    frame.bind(element.id, item if item is not None else value)  # unpacked: one of its items
        elif isinstance(target, ast.Subscript):
            if _constant(target.slice) == "task" and isinstance(_constant(value), str):
                self._scheduled(value)  # `entry["task"] = "poller.tasks.sweep"`: a periodic entry built item by item
            self._registry_entry(target, value)

    def _registry_entry(self, target: ast.Subscript, value: ast.expr) -> None:
        label = self.container_label(target.value)
        if not label:
            return
        key = target.slice
        key_ref = self.ref(key)
        if key_ref.kind in ("name", "call"):
            values = self.refs_of(value)
            self.summary.dict_literals.setdefault(label, []).append((key_ref, values))
            if (frame := self.frame()) is not None:
                frame.dicts.append(values)  # `handler = Make(); HANDLERS[X] = handler`
        elif key_ref.kind not in ("str", "param") and _REGISTRY_WORDS.search(label) and isinstance(key, ast.Name):
            # `registry[cls] = fn` with a key known only at run time: a handler msglint cannot read
            self.summary.dynamic_receivers.append((f"{label}[{key.id}] = ...", key.lineno, key.col_offset + 1, ""))

    def target_label(self, target: ast.expr) -> str:
        if isinstance(target, ast.Name) and self.scope[-1] in self.class_names:
            return f"{self.scope[-1].rpartition('.')[2]}.{target.id}"  # a class attribute
        if isinstance(target, ast.Name):
            return target.id
        return self.container_label(target)

    def container_label(self, node: ast.expr) -> str:
        """The name a registry is known by: a module variable, `Class.attribute` for `self.attribute`."""
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            cls = self.current_class()
            return f"{cls.rpartition('.')[2]}.{node.attr}" if cls else ""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return f"{node.value.id}.{node.attr}"  # `bus.query_handlers[X] = f`
        if isinstance(node, ast.Subscript):
            return self.container_label(node.value)  # `handlers[X].append(f)`: the registry `handlers`
        return ""

    def _dict_call(self, label: str, node: ast.Call) -> None:
        """`dict([(X, f), ...])`: the pairs of a dict built by a call."""
        if node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
            entries = self.summary.dict_literals.setdefault(label, [])
            for pair in node.args[0].elts:
                if isinstance(pair, (ast.Tuple, ast.List)) and len(pair.elts) == 2:
                    entries.append((self.ref(pair.elts[0]), self.refs_of(pair.elts[1])))

    def visit_Dict(self, node: ast.Dict) -> None:
        """A dict keyed by names (classes, not strings), wherever it is written, may be a registry; a
        `"task": "name"` entry schedules a task when the dict is a periodic entry (it has a schedule, or a `**`
        spread that may hold one): `collection.find({"task": "..."})` is a query."""
        entries = [(k, v) for k, v in zip(node.keys, node.values, strict=True) if k is not None]
        periodic = len(entries) < len(node.keys) or any(_constant(k) in _PERIODIC_KEYS for k, _ in entries)
        for key, value in entries:
            if periodic and _constant(key) == "task" and isinstance(_constant(value), str):
                self._scheduled(value)
        if any(isinstance(k, (ast.Name, ast.Attribute)) for k, _ in entries):
            label = self.dict_label(node)
            recorded = self.summary.dict_literals.setdefault(label, [])
            frame = self.frame()
            for key, value in entries:
                values = self.refs_of(value)
                recorded.append((self.ref(key), values))
                if frame is not None:
                    frame.dicts.append(values)
        elif entries and all(_dotted_path_table_entry(key, value) for key, value in entries):
            # `{"app.signals.order_paid": ["app.receivers.ship"]}` (a settings table the code imports by name):
            # the objects the dotted paths name, as if written as names, unless its name says it holds something
            # else (settings are full of other tables of paths: validators, serializers, backends)
            label = self.dict_label(node)
            if not _NOT_WIRING_LABEL.search(label):
                recorded = self.summary.dict_literals.setdefault(label, [])
                for key, value in entries:
                    paths = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
                    recorded.append((_path_ref(key), [_path_ref(path) for path in paths]))
        self.generic_visit(node)

    def dict_label(self, node: ast.Dict) -> str:
        label = self.dict_labels.pop(id(node), "")
        if label:
            return label
        function = self.functions[-1].name if self.functions else self.summary.module.rpartition(".")[2]
        return f"a dict in {function}()"

    def label(self, value: ast.expr | None, label: str) -> None:
        """Name the dict about to be visited after what holds it (a variable, a keyword, a function)."""
        if isinstance(value, ast.Dict) and label:
            self.dict_labels[id(value)] = label

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
        cls = self.current_class()
        return f"self.{owner.attr}.{func.attr}" if cls and owner.attr in self.rpc_proxies.get(cls, ()) else ""

    def visit_Raise(self, node: ast.Raise) -> None:
        if self.functions and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            self.functions[-1].raises.append(self.resolve(target))
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            self._returned(node.value)
        self.generic_visit(node)

    def visit_Yield(self, node: ast.Yield | ast.YieldFrom) -> None:
        if node.value is not None:
            self._returned(node.value)
        self.generic_visit(node)

    visit_YieldFrom = visit_Yield

    def _returned(self, value: ast.expr) -> None:
        """What a function returns or yields: messages a handler hands back to its bus, dicts it builds."""
        if not self.functions:
            return
        function = self.functions[-1]
        self.label(value, f"{function.name}()")
        frame = self.frame()
        values = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        refs = [self.ref(item) for item in values]
        for ref in refs:
            if ref.kind in ("local", "list") and frame is not None:
                frame.returns.append(ref)  # kept if, once the body is read, it holds something nameable
            elif ref.kind in ("name", "call") and "." in ref.value:  # a name without a dot is no message
                function.returns.append(ref)
        if isinstance(value, ast.Tuple) and frame is not None:
            frame.items = refs

    def visit_Expr(self, node: ast.Expr) -> None:
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        if isinstance(value, ast.Call):
            self.statement_calls.add(id(value))
        self.generic_visit(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        # `on_commit(lambda: order_paid.send(...))`: run later for its effect, what it returns is dropped
        if isinstance(node.body, ast.Call):
            self.statement_calls.add(id(node.body))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        statement = id(node) in self.statement_calls
        if isinstance(node.func, ast.Name) and (aliases := self.callable_alias(node.func.id)):
            bound = [ast.Call(alias, node.args, node.keywords, **_position(node)) for alias in aliases]
            if statement:  # each call it may be is a statement as it is
                self.statement_calls.update(id(call) for call in bound)
            for call in bound[1:]:  # `send = task` or `send = task.delay`: each bound call it may be
                self._record_call(call)
            node = bound[0]
        later = _called_later(node)
        if later is not None:  # `background_tasks.add_task(send, cmd)`: `send(cmd)`, run after the response
            self.statement_calls.add(id(later))  # what it returns is nobody's
            self._record_call(later)
        self._record_call(node)
        self.generic_visit(node)

    def _record_call(self, node: ast.Call) -> None:
        attribute = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if self.functions and attribute and attribute not in self.functions[-1].called:
            self.functions[-1].called.append(attribute)
        if self.functions and _helper_call(node.func):
            helper = self.resolve(node.func)
            if "." in helper and helper not in self.functions[-1].helpers:
                self.functions[-1].helpers.append(helper)
        for keyword in node.keywords:
            self.label(keyword.value, keyword.arg or "")
        if attribute == "update" and node.args:
            self.label(
                node.args[0], self.container_label(node.func.value) if isinstance(node.func, ast.Attribute) else ""
            )
        frame = self.frame()
        if attribute in _CONNECTING and any(_imported_by_name(argument) for argument in node.args):
            # `signal.connect(import_string(receiver_path))`: receivers named in settings, found at run time
            where = (node.lineno, node.col_offset + 1)
            owner = self.resolve(node.func.value) if isinstance(node.func, ast.Attribute) else ""
            what = f"{attribute}(...) of a function imported by its name"
            self.summary.dynamic_receivers.append((what, *where, owner))
        if attribute == "isinstance" and self.functions and len(node.args) == 2:
            self.functions[-1].isinstance_checks.append(self.resolve(node.args[1]))
        elif frame is not None and frame.proxies and (proxy_callee := _through_proxy(node.func, frame.proxies)):
            self.summary.calls.append(self.call(proxy_callee, node))  # `rpc.payments.charge(...)`
        elif attribute == "getattr" and len(node.args) >= 2 and _names_a_handler(node.args[1]):
            where = (node.lineno, node.col_offset + 1)
            self.summary.dynamic_receivers.append((f"getattr(..., {ast.unparse(node.args[1])[:60]})", *where, ""))
        elif (attribute in self.calls_of_interest and (callee := self.resolve(node.func))) or (
            self.any_proxy and (callee := self.proxy_call(node.func))
        ):
            call = self.call(callee, node)
            self.summary.calls.append(call)
            if frame is not None:
                frame.calls.append(call)
        elif (
            attribute not in _NEVER_FORWARD and _may_pass_a_message(node, frame) and (callee := self.resolve(node.func))
        ):
            call = self.call(callee, node)
            if frame is None:
                if _carries(call):
                    self.summary.calls.append(call)
            else:
                frame.candidates.append(call)
        elif self._names_a_channel(node):
            self.summary.calls.append(self.call(self.resolve(node.func), node))
        if (
            frame is not None
            and attribute in _COLLECTING
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in frame.bindings
            and node.args
        ):
            # `events.append(OrderPlaced(...))` on a local list: the list now holds it too
            frame.bind(node.func.value.id, node.args[-1])

    def _scheduled(self, value: ast.Constant) -> None:
        self.summary.scheduled.append((value.value, value.lineno, value.col_offset + 1, self.scope[-1]))

    def receiver(self, func: ast.expr) -> str:
        """What the object a method is called on was built by, when it is a local variable (`pubsub` after
        `client = redis.Redis(); pubsub = client.pubsub()`: `redis.Redis().pubsub()`), else ""."""
        frame = self.frame()
        if frame is None or not isinstance(func, ast.Attribute):
            return ""
        root = func.value
        while isinstance(root, (ast.Attribute, ast.Call, ast.Await)):
            root = root.func if isinstance(root, ast.Call) else root.value
        if not (isinstance(root, ast.Name) and (root.id in frame.bindings or root.id in frame.entered)):
            return ""
        return self._built(func.value, frame, set())

    def _built(self, node: ast.expr, frame: _Frame, active: set[str]) -> str:
        """`node` as a dotted name with each local variable replaced by the one value it was given."""
        if isinstance(node, ast.Await):
            return self._built(node.value, frame, active)
        if isinstance(node, (ast.Call, ast.Attribute)):
            inner = self._built(node.func if isinstance(node, ast.Call) else node.value, frame, active)
            return "" if not inner else f"{inner}()" if isinstance(node, ast.Call) else f"{inner}.{node.attr}"
        if not isinstance(node, ast.Name):
            return ""
        values = frame.bindings.get(node.id) or ([frame.entered[node.id]] if node.id in frame.entered else [])
        if not values:
            return self.resolve(node)
        if node.id in active or len(active) >= _LOCAL_DEPTH:
            return ""
        active.add(node.id)
        built = {self._built(value, frame, active) for value in values} - {""}
        active.discard(node.id)
        return built.pop() if len(built) == 1 else ""

    def call(self, callee: str, node: ast.Call) -> Call:
        if node.end_lineno is not None and node.end_col_offset is not None:
            self.summary.ends[f"{node.lineno}:{node.col_offset + 1}"] = (node.end_lineno, node.end_col_offset + 1)
        return Call(
            callee,
            node.lineno,
            node.col_offset + 1,
            [self.ref(a.value if isinstance(a, ast.Starred) else a) for a in node.args],
            {k.arg: self.ref(k.value) for k in node.keywords if k.arg} | _spread_keywords(node, self.ref),
            self.scope[-1],
            self.receiver(node.func),
            self._called_on(node.func),
            id(node) not in self.statement_calls,
        )

    def _called_on(self, func: ast.expr) -> Ref | None:
        """The call whose result a method is called on: written there (`broker.publisher("t").publish(m)`), or
        the one call a local variable was given (`publisher = broker.publisher("t")`, then `publisher.publish(m)`)."""
        if not isinstance(func, ast.Attribute):
            return None
        if isinstance(func.value, ast.Call):
            return self.ref(func.value)
        frame = self.frame()
        if frame is None or not isinstance(func.value, ast.Name):
            return None
        if func.value.id in frame.params:
            return None  # `publisher = publisher or broker.publisher("t")`: what a caller passes may be another
        values = frame.bindings.get(func.value.id, ())
        value = values[0] if len(values) == 1 else None
        value = value.value if isinstance(value, ast.Await) else value
        return self.ref(value) if isinstance(value, ast.Call) else None

    # -- the end of a function: locals resolved ------------------------------------------------------

    def _finish(self, frame: _Frame, function: Function) -> None:
        """Replace every local variable in what the body recorded by what it may hold; keep the candidate
        calls that pass a message or a parameter on, and the returns that hold something nameable."""
        resolve = _LocalResolver(frame.bindings, self.ref)
        made = list(frame.made)  # before resolving, which reads the bindings and makes more
        for call in (*frame.calls, *frame.candidates):
            call.args = [resolve(a) for a in call.args]
            call.keywords = {k: resolve(v) for k, v in call.keywords.items()}
        self.summary.calls.extend(call for call in frame.candidates if _carries(call))
        for values in frame.dicts:
            values[:] = [resolve(v) for v in values]
        for ref in frame.returns:
            resolved = resolve(ref)
            if _nameable(resolved):
                function.returns.append(resolved)
        if frame.items:
            function.items = [item if _nameable(item) else _OTHER for item in map(resolve, frame.items)]
        for local in made:
            if local.kind == "local":  # stored somewhere else (a nested function's decorator, a dict key)
                _settle(local, resolve.local(local.value))


def _spread_keywords(node: ast.Call, read: Callable[[ast.expr], Ref]) -> dict[str, Ref]:
    """`subscribe(**{"orders:paid": on_paid})`: a literal dict spread into a call gives keywords too."""
    spread = [k.value for k in node.keywords if k.arg is None and isinstance(k.value, ast.Dict)]
    return {
        key.value: read(value)
        for literal in spread
        for key, value in zip(literal.keys, literal.values, strict=True)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def _settle(local: Ref, value: Ref) -> None:
    """Turn a reference to a local, in place, into a single value it holds: a name, a string, a parameter or a
    call without its arguments (so no reference can lead back to itself), else an unnameable value."""
    single = value if value.kind in ("str", "name", "param", "call", "lambda") else _OTHER
    local.kind, local.value, local.args, local.keywords = single.kind, single.value, [], {}


_LOCAL_DEPTH = 50  # locals assigned from locals: real code chains a handful; the cap keeps recursion shallow


class _LocalResolver:
    """`cmd = PlaceOrder(...); bus.handle(cmd)`: a local becomes what was assigned to it ("any" of several
    assignments), flow-insensitively: every value it ever holds in the body."""

    def __init__(self, bindings: dict[str, list[ast.expr]], read: Callable[[ast.expr], Ref]) -> None:
        self.bindings = bindings
        self.read = read
        self.done: dict[str, Ref] = {}
        self.active: set[str] = set()

    def __call__(self, ref: Ref) -> Ref:
        if ref.kind == "local":
            return self.local(ref.value)
        if (ref.kind in ("list", "any") or (ref.kind == "call" and ref.value in WRAPPERS)) and ref.args:
            return Ref(ref.kind, ref.value, [self(a) for a in ref.args], ref.keywords, ref.line, ref.column)
        return ref

    def local(self, name: str) -> Ref:
        if name in self.done:
            return self.done[name]
        if name in self.active or len(self.active) >= _LOCAL_DEPTH:
            return _OTHER  # `events = events + [...]`: the cycle adds nothing new; nor does a chain past the cap
        self.active.add(name)
        values = [self(self.read(value)) for value in self.bindings.get(name, ())]
        self.active.discard(name)
        resolved = values[0] if len(values) == 1 else Ref("any", name, values) if values else _OTHER
        self.done[name] = resolved
        return resolved


def _through_proxy(func: ast.expr, proxies: dict[str, str]) -> str:
    """`rpc.payments.charge` for `rpc` bound to a `ClusterRpcProxy`: `nameko...ClusterRpcProxy().payments.charge`."""
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute):
        owner = func.value.value
        if isinstance(owner, ast.Name) and owner.id in proxies:
            return f"{proxies[owner.id]}().{func.value.attr}.{func.attr}"
    return ""


def _position(node: ast.AST) -> dict[str, int]:
    return {key: getattr(node, key) for key in ("lineno", "col_offset", "end_lineno", "end_col_offset")}


def _is_dotted(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _helper_call(func: ast.expr) -> bool:
    """`check_stock(...)` or `self._ensure_open(...)`: a call that may reach a function of the project."""
    return isinstance(func, ast.Name) or (
        isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")
    )


def _constant(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _dotted_path(node: ast.expr) -> bool:
    """A string that names an object by its module path (`app.receivers.ship`)."""
    text = _constant(node)
    return isinstance(text, str) and "." in text and all(part.isidentifier() for part in text.split("."))


def _dotted_path_table_entry(key: ast.expr, value: ast.expr) -> bool:
    paths = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    return _dotted_path(key) and bool(paths) and all(_dotted_path(path) for path in paths)


def _path_ref(node: ast.expr) -> Ref:
    return Ref("name", sys.intern(node.value), line=node.lineno, column=node.col_offset + 1)  # type: ignore[attr-defined]


# Calls that only wrap a collection: `deque([event])`, `list(events)`, `tuple(...)`.
WRAPPERS = frozenset({"deque", "collections.deque", "list", "tuple", "set", "frozenset", "iter", "reversed", "sorted"})


def flatten(ref: Ref) -> Iterator[Ref]:
    """The single values a reference may stand for: the items of a list (also one wrapped in `deque(...)` or
    `list(...)`), each alternative of a variable."""
    if ref.kind in ("list", "any"):
        for item in ref.args:
            yield from flatten(item)
    elif ref.kind == "call" and ref.value in WRAPPERS and ref.args:
        yield from flatten(ref.args[0])
    else:
        yield ref


def _constructs(ref: Ref) -> bool:
    """A call of a class by its name (`PlaceOrder(...)`), or of a method on one (`OrderPlaced.from_order(...)`,
    `EventFactory.create_account_opened(...)`: another constructor, a factory): what a message is built with."""
    if ref.kind != "call":
        return False
    owner, _, name = ref.value.rpartition(".")
    return name[:1].isupper() or owner.rpartition(".")[2][:1].isupper()


def _nameable(ref: Ref) -> bool:
    return any(item.kind in ("name", "call") and "." in item.value for item in flatten(ref))


def _carries(call: Call) -> bool:
    """Does a call pass on something built as a message, or a parameter of its function, or register a
    class (`bus.subscribe(OrderPlaced, notify)`)?"""
    values = [*call.args, *call.keywords.values()]
    if len(call.args) >= 2 and call.args[0].kind == "name" and call.args[0].value.rpartition(".")[2][:1].isupper():
        return True
    return any(_constructs(item) or item.kind == "param" for value in values for item in flatten(value))


def _may_pass_a_message(node: ast.Call, frame: _Frame | None) -> bool:
    """A cheap look at the arguments before anything is recorded: a construction, a list, or a variable."""
    for argument in (*node.args, *(k.value for k in node.keywords)):
        if isinstance(argument, ast.Starred):
            argument = argument.value
        if isinstance(argument, ast.Call):
            func = argument.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value if isinstance(func, ast.Attribute) else None
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name[:1].isupper() or owner_name[:1].isupper():  # `OrderPlaced(...)`, `OrderPlaced.of(...)`
                return True
            if name in WRAPPERS and argument.args and _may_pass_a_message(argument, frame):
                return True  # `deque([event])`
        elif isinstance(argument, (ast.Name, ast.Attribute)) and len(node.args) >= 2 and argument is node.args[0]:
            name = argument.attr if isinstance(argument, ast.Attribute) else argument.id
            if name[:1].isupper():
                return True  # `bus.register(PlaceOrder, handler)`: a class and what handles it
        elif isinstance(argument, (ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp)) or (
            isinstance(argument, ast.Name)
            and frame is not None
            and (argument.id in frame.bindings or argument.id in frame.params)
        ):
            return True
    return False


_CONNECTING = frozenset({"connect", "subscribe", "register", "add_listener", "add_handler", "add_subscriber"})
_IMPORTING_BY_NAME = frozenset({"import_string", "import_module", "locate", "import_object", "load_object"})


def _imported_by_name(node: ast.expr) -> bool:
    """`import_string(path)`, `importlib.import_module(name)`, `pydoc.locate(path)`: an object found by its name."""
    if not isinstance(node, ast.Call):
        return False
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name in _IMPORTING_BY_NAME


def _names_a_handler(node: ast.expr) -> bool:
    """`f"on_{name}"`, `"handle_" + kind`: a method name built at run time, in a handler's shape."""
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return bool(_DISPATCH_PREFIX.match(str(node.values[0].value)))
    if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
        return bool(_DISPATCH_PREFIX.match(node.left.value))
    return False


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool) -> dict[str, str]:
    """Parameter name -> its position among the positional parameters a caller passes ("" for the rest)."""
    positional = [*node.args.posonlyargs, *node.args.args]
    decorators = {getattr(d, "id", getattr(d, "attr", "")) for d in node.decorator_list}
    if is_method and positional and "staticmethod" not in decorators:
        positional = positional[1:]  # self or cls
    params = {argument.arg: str(index) for index, argument in enumerate(positional)}
    for argument in (*node.args.kwonlyargs, node.args.vararg, node.args.kwarg):
        if argument is not None:
            params[argument.arg] = ""
    return params
