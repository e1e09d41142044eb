"""The Python project as a whole: every module summary, class lookup across modules, and the facts the
presets found, turned into FileFacts (declarations, evidence, handlers, emissions)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from msglint.model import (
    Declaration,
    Emission,
    EmitMode,
    Evidence,
    FileFacts,
    Handler,
    Kind,
    Location,
    ReceiveMode,
    Strength,
    Unresolved,
)
from msglint.naming import Vocabulary, identity_key
from msglint.readers.base import PythonOptions
from msglint.readers.python.summary import Call, Class, Decorator, Function, Ref, Summary

GENERIC_CONTAINERS = frozenset(
    {"src", "services", "apps", "packages", "libs", "lib", "components", "modules", "backend", "python"}
)


@dataclass
class MessageFact:
    """A message a preset recognised: a class (by qualified name) or a name on the wire (a topic)."""

    name: str
    location: Location
    kind: Kind | None
    detail: str
    strength: Strength = Strength.DECLARED
    qualname: str | None = None
    fields: tuple[str, ...] = ()
    # the framework identifies it by its name alone (blinker's `signal("started")` is one signal wherever it
    # is declared), so declarations of one name in several modules are one message
    by_name: bool = False


@dataclass
class UseFact:
    """A handler (receives=True) or an emission of a message, with how it was recognised (`via`)."""

    message: str  # a class qualname, or a name on the wire
    component: str
    location: Location
    via: str
    framework: str
    receives: bool
    emit_mode: EmitMode = EmitMode.UNKNOWN
    receive_mode: ReceiveMode = ReceiveMode.UNKNOWN
    rejections: tuple[str, ...] = ()
    origin: str | None = None  # for an emission: the function or method it happens in
    composed: bool = False  # a handler the framework composes with the others of the message (Handler.composed)
    # what the use itself states of the message's kind, and why (a task sent by its name is a command): for a
    # message known only by the name it is sent under, which no declaration tells
    kind: tuple[Kind, str] | None = None


# The libraries whose classes and functions the presets recognise by qualified name.
KNOWN_LIBRARIES = frozenset(
    {
        *("abc", "typing", "typing_extensions", "pydantic", "msgspec", "attrs", "attr", "dataclasses"),
        *("blinker", "celery", "cqrs", "diator", "django", "dramatiq", "eventsourcing", "faust", "faststream"),
        *("lato", "nameko", "protean", "queuebie", "beanie", "mongoengine", "peewee", "sqlalchemy", "tortoise"),
        *("redis", "aioredis"),
    }
)
# Methods through which a class (or its instances) handles a message.
HANDLING_METHODS = ("handle", "__call__", "execute", "query", "process", "run", "consume", "on_message")
# Methods that do work: a class with one is a handler, a use case or a GUI command (`do`/`undo`), not a message.
ACTING_METHODS = frozenset({*HANDLING_METHODS, "do", "undo", "redo", "perform"}) - {"query"}
_MAX_RESOLUTION_DEPTH = 64  # far more re-exports in a row than any real package has


@dataclass
class Project:
    summaries: dict[str, Summary]  # path -> summary
    facts_by_path: dict[str, FileFacts]
    classes: dict[str, tuple[Class, str]] = field(default_factory=dict)  # qualname -> (class, path)
    functions: dict[str, tuple[Function, str]] = field(default_factory=dict)
    modules: dict[str, str] = field(default_factory=dict)  # module name -> path
    messages: dict[str, MessageFact] = field(default_factory=dict)  # qualname or wire name -> fact
    methods: dict[str, list[str]] = field(default_factory=dict)  # class qualname -> its method names
    options: PythonOptions = field(default_factory=PythonOptions)
    naming: Vocabulary = Vocabulary()  # the `[naming]` word lists: names are read with them
    root_name: str = ""  # the project root folder's name: `mypkg.x` is module `x` when msglint's root is mypkg/
    # links of one logical handler (a chain of responsibility) -> the component that stands for the chain
    same_handler: dict[str, str] = field(default_factory=dict)
    unresolved: list[Unresolved] = field(default_factory=list)  # uses the presets saw but could not read
    memo: dict[tuple, object] = field(default_factory=dict)  # what presets worked out once in this run
    _canonical: dict[str, str] = field(default_factory=dict)
    _subclassed: set[str] | None = None
    _source_roots: set[str] | None = None
    _module_depth: int | None = None
    _by_name: tuple[int, dict[str, str]] | None = None
    _resolving: int = 0  # how deep canonical() is nested right now
    # `app.orders.events` -> `backend.app.orders.events` when the code's source root is below the project's
    # root; None when two modules end the same way
    _by_suffix: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path, summary in self.summaries.items():
            self.modules[summary.module] = path
            for cls in summary.classes:
                self.classes[cls.qualname] = (cls, path)
            for function in summary.functions:
                self.functions[function.qualname] = (function, path)
        for module in self.modules:
            parts = module.split(".")
            for start in range(1, len(parts)):
                suffix = ".".join(parts[start:])
                if suffix not in self.modules:
                    self._by_suffix[suffix] = None if suffix in self._by_suffix else module
        for qualname, (function, _) in self.functions.items():
            owner = qualname.rpartition(".")[0]
            if owner in self.classes:
                self.methods.setdefault(owner, []).append(function.name)
        self._apply_decorator_factories()

    def _apply_decorator_factories(self) -> None:
        """A decorator factory (`def on_queue(queue): def deco(f): @broker.subscriber(queue) ...`) applies the
        decorators of its nested functions to whatever it decorates: `@on_queue("orders") def handle(...)` is
        read as `@broker.subscriber("orders") def handle(...)`, with the factory's parameters replaced by the
        arguments at that place. The nested decorator itself, which names no topic, is then dropped."""
        templates: dict[str, list[tuple[Function, Decorator]]] = {}
        for function, _ in self.functions.values():
            for decorator in function.decorators:
                factory = _closure_owner(decorator)
                if factory and function.qualname.startswith(factory + "."):
                    templates.setdefault(factory, []).append((function, decorator))
        if not templates:
            return
        applied: set[str] = set()
        for function, path in list(self.functions.values()):
            for use in list(function.decorators):
                factory = self._aliased(path, use.name) if use.called else ""
                for _, template in templates.get(factory, ()):
                    function.decorators.append(_instantiated(template, factory, use))
                    applied.add(factory)
        for factory in applied:
            for nested, template in templates[factory]:
                nested.decorators.remove(template)

    # -- names across modules --------------------------------------------------------------------------

    def _aliased(self, path: str, name: str, depth: int = 4) -> str:
        """The function a name stands for, through module-level aliases: `subscribe = on_queue`, or a
        function attached to an object (`broker.on_queue = on_queue`), here or in another module."""
        name = self.canonical(name)
        parts = name.split(".")
        for split in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:split])
            other = self.modules.get(module)
            if other is not None:
                ref = self.summaries[other].assignments.get(".".join(parts[split:]))
                if ref is not None and ref.kind == "name" and depth > 0:
                    return self._aliased(other, ref.value, depth - 1)
                break
        return name

    def canonical(self, name: str) -> str:
        """Follow re-exports (`pkg.OrderPlaced` -> `pkg.events.OrderPlaced`) and star imports.
        Memoised: a package with many star imports is resolved once per name, and cycles stop."""
        cached = self._canonical.get(name)
        if cached is not None:
            return cached
        if self._resolving >= _MAX_RESOLUTION_DEPTH:
            return name  # a chain that keeps growing (`mod.cls.cls.cls.X` through a self-import): stop
        self._canonical[name] = name  # provisional, so an import cycle ends here
        self._resolving += 1
        try:
            result = self._resolve(name)
        finally:
            self._resolving -= 1
        self._canonical[name] = result
        return result

    def _resolve(self, name: str) -> str:
        if not name or name in self.classes or name in self.functions:
            return name
        rooted = self._rooted(name)
        if rooted != name:
            return self.canonical(rooted)
        module = self._module_containing(name)
        if module is None:
            return name
        summary = self.summaries[self.modules[module]]
        head, _, tail = name[len(module) + 1 :].partition(".")
        target = summary.imports.get(head)
        if target is None:
            for star in reversed(summary.star_imports):  # as in Python, the last star import of a name wins
                candidate = self.canonical(f"{star}.{head}")
                if candidate in self.classes or candidate in self.functions or self._assigned_at_top(candidate):
                    target = candidate
                    break
        if target is None:
            # a module-level alias (`AppBroker = RabbitBroker`): the name stands for what it was given
            alias = summary.assignments.get(head)
            target = alias.value if alias is not None and alias.kind == "name" else None
        if target and target != name:
            return self.canonical(f"{target}.{tail}" if tail else target)
        return name

    def _assigned_at_top(self, name: str) -> bool:
        """Whether `name` is a module-level variable of a module msglint read (`order_placed = Signal()`)."""
        module, _, variable = name.rpartition(".")
        path = self.modules.get(module)
        return path is not None and variable in self.summaries[path].assignments

    def _module_containing(self, name: str) -> str | None:
        """The longest dotted prefix of `name` that is a module msglint read."""
        module = name.rpartition(".")[0]
        while module and module not in self.modules:
            module = module.rpartition(".")[0]
        return module or None

    def _rooted(self, name: str) -> str:
        """`app.orders.events.OrderPlaced`, imported in a project whose code sits in `backend/`, is
        `backend.app.orders.events.OrderPlaced` to msglint, which names modules from the project root."""
        if name.partition(".")[0] in KNOWN_LIBRARIES:
            return name  # a vendored copy of a framework still reads as the framework
        module = name
        while module:
            if module in self.modules:
                return name
            full = self._by_suffix.get(module)
            if full:
                return full + name[len(module) :]
            module = module.rpartition(".")[0]
        marker = f".{self.root_name}."
        if self.root_name and marker in f".{name}":
            # the root folder is itself the package imported (`mypkg.x`, `company.mypkg.x`)
            inner = f".{name}".rpartition(marker)[2]
            if self._module_containing(inner) or inner in self.modules:
                return inner
        return name

    def class_of(self, name: str) -> Class | None:
        found = self.classes.get(self.canonical(name))
        return found[0] if found else None

    def ancestors(self, qualname: str) -> list[str]:
        """Every base of the class, transitively, canonical where the project defines it."""
        seen: list[str] = []
        stack = [qualname]
        while stack:
            current = self.classes.get(stack.pop())
            if current is None:
                continue
            for base in current[0].bases:
                base = self.canonical(base)
                if base not in seen:
                    seen.append(base)
                    stack.append(base)
        return seen

    @property
    def subclassed(self) -> set[str]:
        """Every class some class of the project builds on: a base, not a message of its own."""
        if self._subclassed is None:
            self._subclassed = {self.canonical(b) for cls, _ in self.classes.values() for b in cls.bases}
        return self._subclassed

    def arguments_at_call_sites(self, function: str, position: int) -> list[tuple[str, Call, Ref]]:
        """Every call of `function` (a qualified name) the summaries hold, with the argument it passes at
        `position` (positional, after `self`): (path, call, argument). A call passing it by keyword or not at all
        is left out."""
        key = ("callers",)
        if key not in self.memo:
            callers: dict[str, list[tuple[str, Call]]] = {}
            for path, summary in self.summaries.items():
                for call in summary.calls:
                    callee = self.callee(call.callee, call.scope)
                    if callee:
                        callers.setdefault(callee, []).append((path, call))
            self.memo[key] = callers
        sites = self.memo[key].get(function, [])  # type: ignore[union-attr]
        return [(path, call, call.args[position]) for path, call in sites if position < len(call.args)]

    def instance_attribute(self, scope: str, name: str) -> Ref | None:
        """What `self.<name>` holds in a method of the class `scope` is in, as its `__init__` (or a base's) set it."""
        owner = self.enclosing_class(scope)
        for lineage in (owner, *self.ancestors(owner)) if owner is not None else ():
            found = self.classes.get(lineage)
            if found is not None and name in found[0].instance_attributes:
                return found[0].instance_attributes[name]
        return None

    def enclosing_class(self, scope: str) -> str | None:
        """The class a qualified name sits in (`mod.Order.place` -> `mod.Order`), itself when it is one."""
        while scope and scope not in self.classes:
            scope = scope.rpartition(".")[0]
        return scope or None

    def callee(self, name: str, scope: str) -> str:
        """The function a call of `name` made in `scope` reaches: `self.method` in a method is the class's own
        method (or an inherited one); other names go through the imports. "" when it cannot be told."""
        if not name.startswith(("self.", "cls.")):
            return self.canonical(name)
        rest = name.partition(".")[2]
        owner = self.enclosing_class(scope) if "." not in rest else None
        if owner is None:
            return ""
        for cls in (owner, *self.ancestors(owner)):
            if f"{cls}.{rest}" in self.functions or rest in self.methods.get(cls, ()):
                return f"{cls}.{rest}"
        return f"{owner}.{rest}"

    def acts(self, qualname: str) -> bool:
        """Does the class, or a base of the project's, define a method that does work? Then it is a handler,
        a use case or a GUI command, not a message."""
        lineage = [qualname, *(a for a in self.ancestors(qualname) if a in self.classes)]
        return any(self.has_behaviour(cls) for cls in lineage)

    def has_behaviour(self, qualname: str) -> bool:
        """Does the class define a method that does work? Messages and marker bases are data, also with
        properties and helpers such as `to_dict()`; a `Command` class with `do()` and `undo()` (the GUI
        command pattern) or `execute()` is not a message."""
        return any(name in ACTING_METHODS for name in self.methods.get(qualname, ()))

    def definition_location(self, qualname: str) -> Location | None:
        """Where a function is defined, also one the summary kept only the place of."""
        found = self.functions.get(qualname)
        if found is not None:
            return self.location(found[1], found[0].line, found[0].column)
        module = self._module_containing(qualname)
        if module is None:
            return None
        path = self.modules[module]
        place = self.summaries[path].plain_function_place(qualname)
        return self.location(path, *place) if place else None

    def location(self, path: str, line: int, column: int) -> Location:
        """The place, with its end when the summary knows it (the name of a class or function, a call)."""
        summary = self.summaries.get(path)
        end = summary.ends.get(f"{line}:{column}") if summary is not None else None
        return Location(path, line, max(column, 1), *(end or ()))

    def class_location(self, qualname: str) -> Location:
        cls, path = self.classes[qualname]
        return self.location(path, cls.line, cls.column)

    def service_of(self, module: str) -> str:
        """The component that owns emissions from a module: its top-level package, skipping containers."""
        parts = module.split(".")
        for part in parts[:-1] or parts:
            if part not in GENERIC_CONTAINERS:
                return part
        return parts[0]

    def message_ref(self, ref: Ref) -> str | None:
        """The message a reference names: a known message class (constructed or named), else None."""
        if ref.kind in ("name", "call"):
            name = self.canonical(ref.value)
            if name in self.messages:
                return name
        return None

    def message_named(self, name: str) -> str | None:
        """The first message declared under this name (`carts.show`), looked up in a map built once."""
        if self._by_name is None or self._by_name[0] != len(self.messages):
            index: dict[str, str] = {}
            for key, fact in self.messages.items():
                index.setdefault(fact.name, key)
            self._by_name = (len(self.messages), index)
        return self._by_name[1].get(name)

    def message_ref_name(self, name: str) -> str | None:
        name = self.canonical(name)
        return name if name in self.messages else None

    def assignment(self, path: str, variable: str) -> Ref | None:
        """The module-level assignment a name refers to, here or, through imports, in another module."""
        summary = self.summaries[path]
        if "." not in variable and variable in summary.assignments:
            return summary.assignments[variable]
        module, _, name = self.canonical(variable).rpartition(".")
        other = self.modules.get(module)
        return self.summaries[other].assignments.get(name) if other is not None else None

    def constant(self, path: str, name: str, depth: int = 8, scope: str = "") -> str | None:
        """The string a name stands for: a module constant here or in another module, a class attribute
        (`Topics.ORDERS`, or `self.ORDERS` in a method of the class: give its `scope`), or the default of a
        settings object's field (`settings.orders_topic` where
        `settings = Settings()` and `class Settings` declares `orders_topic: str = "orders"`)."""
        if depth <= 0:
            return None
        if name.startswith(("self.", "cls.")) and scope:
            owner = self.enclosing_class(scope)
            name = f"{owner}.{name.partition('.')[2]}" if owner else name  # `self.SUBJECT` in a method
        ref = self.assignment(path, name)
        if ref is not None:
            if ref.kind == "str":
                return ref.value
            return self.constant(path, ref.value, depth - 1) if ref.kind == "name" else None
        owner, _, attribute = name.rpartition(".")
        if not owner:
            return None
        cls = self._class_held(path, owner, depth)
        if cls is None:
            return None
        value = cls.attributes.get(attribute)
        if value is None:
            for ancestor in self.ancestors(cls.qualname):
                inherited = self.classes.get(ancestor)
                value = inherited[0].attributes.get(attribute) if inherited else None
                if value is not None:
                    break
        if value is not None and value.kind == "call" and value.value.rpartition(".")[2] == "Field":
            value = value.keywords.get("default") or (value.args[0] if value.args else None)  # pydantic
        return value.value if value is not None and value.kind == "str" else None

    def _class_held(self, path: str, owner: str, depth: int) -> Class | None:
        """The class `owner` is or holds an instance of: a class, a variable made by calling one (`settings =
        Settings()`), or a field of such an object whose default is made so (`settings.kafka` for `kafka:
        KafkaSettings = KafkaSettings()` in `Settings`, nested settings)."""
        cls = self.class_of(owner)
        if cls is not None:
            return cls
        made = self.assignment(path, owner)
        if made is not None:
            return self.class_of(made.value) if made.kind == "call" else None
        parent, _, field_name = owner.rpartition(".")
        if not parent or depth <= 0:
            return None
        holder = self._class_held(path, parent, depth - 1)
        default = holder.attributes.get(field_name) if holder is not None else None
        return self.class_of(default.value) if default is not None and default.kind == "call" else None

    def assigned_call(self, path: str, variable: str) -> str:
        """What a module-level variable was assigned from: `module = ApplicationModule(...)` -> the callee."""
        ref = self.assignment(path, variable)
        if ref is None or ref.kind != "call":
            return ""
        callee = self.canonical(ref.value)
        factory = self.functions.get(callee)  # `app = create_app()` where create_app builds and returns it
        built = factory[0].returns if factory is not None and not factory[0].name[:1].isupper() else []
        return self.canonical(built[0].value) if len(built) == 1 and built[0].kind == "call" else callee

    def actions_of(self, component: str) -> tuple[str, ...]:
        """What a handler function, or the methods of a handler class, call in their bodies."""
        found = self.functions.get(component)
        if found is not None:
            functions = [found[0]]
        else:
            methods = (self.functions.get(f"{component}.{name}") for name in self.methods.get(component, ()))
            functions = [method[0] for method in methods if method is not None]
        return tuple(dict.fromkeys(name for function in functions for name in function.called))

    def unresolved_imports(self) -> tuple[int, int, str]:
        """(unresolved, all, an example) among imports of the project's own top-level packages: many
        unresolved ones mean modules are named from the wrong root."""
        heads = {module.partition(".")[0] for module in self.modules}
        total, missing, example = 0, 0, ""
        for summary in self.summaries.values():
            for target in summary.imports.values():
                if target.partition(".")[0] not in heads and not self._tail_is_a_module(target):
                    continue
                total += 1
                name = self.canonical(target)
                if name in self.modules or name in self.classes or name in self.functions:
                    continue
                module = self._module_containing(name)
                if module is not None and (name.rpartition(".")[0] == module or module == name):
                    continue  # a name of a module msglint read (a constant, a function it did not keep)
                if self._on_disk(name):
                    continue  # a module msglint had no reason to parse (it mentions no message)
                missing += 1
                example = example or target
        return missing, total, example

    def _on_disk(self, name: str) -> bool:
        """Is there a file for the module `name` (or the module it is in) under a source root of the project?"""
        if self._source_roots is None:
            self._source_roots = set()
            for module, path in self.modules.items():
                folder = os.path.dirname(os.path.abspath(path))
                for _ in range(module.count(".") + path.endswith("__init__.py")):
                    folder = os.path.dirname(folder)  # up from the module's folder to where its name starts
                self._source_roots.add(folder)
        parts = name.split(".")
        for root in self._source_roots:
            for end in range(len(parts), 0, -1):
                base = os.path.join(root, *parts[:end])
                if os.path.isfile(base + ".py") or os.path.isfile(os.path.join(base, "__init__.py")):
                    return True
        return False

    def _tail_is_a_module(self, name: str) -> bool:
        """`app.orders.commands` when msglint named the module `orders.commands`: the project's own module,
        imported by a longer name than the one msglint gave it."""
        parts = name.split(".")
        depth = self._deepest_module()  # no longer slice can name a module: a hostile import may have thousands
        return any(
            ".".join(parts[start:end]) in self.modules
            for start in range(1, len(parts))
            for end in range(start + 1, min(len(parts), start + depth) + 1)
        )

    def _deepest_module(self) -> int:
        if self._module_depth is None:
            self._module_depth = max((module.count(".") + 1 for module in self.modules), default=0)
        return self._module_depth

    # -- output ----------------------------------------------------------------------------------------

    def declare(self, fact: MessageFact) -> None:
        key = fact.qualname or fact.name
        if key not in self.messages:
            self.messages[key] = fact

    def write(self, uses: Iterable[UseFact]) -> None:
        """Turn the recognised messages and uses into the FileFacts of the files they are in."""
        keys = self._message_keys()
        for qualname, fact in self.messages.items():
            facts = self.facts_by_path.get(fact.location.path)
            key = keys.get(qualname)
            if facts is None or not key:
                continue
            facts.declarations.append(Declaration(key, fact.name, fact.location, "python", fields=fact.fields))
            if fact.kind is not None:
                facts.evidence.append((key, Evidence(fact.kind, "python", fact.detail, fact.strength, fact.location)))
        uses = [
            replace(u, component=self.same_handler.get(u.component, u.component)) if u.receives else u
            for u in _without_nested_duplicates(list(uses))
        ]
        seen: set[tuple] = set()
        for use in uses:
            message = self.messages.get(use.message)
            name = message.name if message else use.message
            key = keys.get(use.message) or identity_key(name)
            facts = self.facts_by_path.get(use.location.path)
            # one handler per component however many times it is registered; one emitter per function
            if use.receives:
                identity = (key, use.component, True)
            else:
                identity = (key, use.component, use.origin or use.location.line)
            if not key or facts is None or identity in seen:
                continue
            seen.add(identity)
            if use.receives:
                facts.handlers.append(
                    Handler(
                        key,
                        name,
                        use.component,
                        use.location,
                        use.via,
                        use.receive_mode,
                        use.framework,
                        rejections=use.rejections,
                        actions=self.actions_of(use.component),
                        composed=use.composed,
                    )
                )
            else:
                facts.emissions.append(
                    Emission(key, name, use.component, use.location, use.via, use.emit_mode, origin=use.origin)
                )
            if use.kind is not None and message is None and (key, use.kind) not in seen:
                seen.add((key, use.kind))  # said once, where it is first said
                kind, detail = use.kind
                facts.evidence.append((key, Evidence(kind, "python", detail, Strength.DECLARED, use.location)))
        # a send one preset could not read and another did (a call the configuration names) is no unknown
        read_sends = {(u.location.path, u.location.line, u.location.column) for u in uses if not u.receives}
        for unresolved in self.unresolved:
            where = unresolved.location
            if unresolved.role == "emit" and (where.path, where.line, where.column) in read_sends:
                continue
            facts = self.facts_by_path.get(where.path)
            if facts is not None:
                # presets name the messages a use may concern by class; the facts know them by key
                concerned = tuple(keys.get(m, m) for m in unresolved.message_keys)
                facts.unresolved.append(replace(unresolved, message_keys=concerned))

    def _message_keys(self) -> dict[str, str]:
        """The identity of each message. A class is itself: two classes of one name in different modules
        are two messages (`catalog.events.ItemAdded`, `cart.events.ItemAdded`), so their keys carry the
        module, and a note says the name is shared. A name on the wire is its name."""
        keys = {qualname: identity_key(fact.name) for qualname, fact in self.messages.items()}
        classes_by_key: dict[str, list[str]] = {}
        for qualname, fact in self.messages.items():
            if fact.qualname is not None and keys[qualname] and not fact.by_name:
                classes_by_key.setdefault(keys[qualname], []).append(qualname)
        for key, qualnames in classes_by_key.items():
            if len(qualnames) < 2:
                continue
            for qualname in qualnames:
                keys[qualname] = f"{key}@{qualname.rpartition('.')[0]}"
            first = self.messages[qualnames[0]]
            names = list(dict.fromkeys(self.messages[q].name for q in qualnames))
            if len(names) == 1:
                said = f"`{names[0]}` is the name of {len(qualnames)} different classes"
            else:
                said = f"{', '.join(f'`{n}`' for n in names)} read as one name but are {len(qualnames)} classes"
            facts = self.facts_by_path.get(first.location.path)
            if facts is not None:
                facts.notes.append(
                    f"{said} ({', '.join(sorted(qualnames))}); msglint keeps them apart as different messages"
                )
        return keys


def _without_nested_duplicates(uses: list[UseFact]) -> list[UseFact]:
    """A handler class found by one preset and its `handle` method found by another are one handler."""
    components = {(u.message, u.component) for u in uses if u.receives}
    return [
        u
        for u in uses
        if not (u.receives and "." in u.component and (u.message, u.component.rpartition(".")[0]) in components)
    ]


def _closure_owner(decorator: Decorator) -> str:
    """The enclosing function whose parameter this decorator's arguments read, if any."""
    pending = [*decorator.args, *decorator.keywords.values()]
    for _ in range(200):  # a decorator's arguments are small; this bounds a hostile one
        if not pending:
            break
        ref = pending.pop()
        if ref.kind == "closure":
            return ref.value
        pending.extend([*ref.args, *ref.keywords.values()])
    return ""


def _instantiated(template: Decorator, factory: str, use: Decorator) -> Decorator:
    """`template` with the factory's parameters replaced by the arguments of `use` (by position or name)."""

    def fill(ref: Ref, depth: int = 0) -> Ref:
        if ref.kind == "closure" and ref.value == factory:
            ((parameter, position),) = ref.keywords.items()
            index = int(position.value) if position.value.isdigit() else -1
            if 0 <= index < len(use.args):
                return use.args[index]
            return use.keywords.get(parameter, ref)
        if depth > 20 or not (ref.args or ref.keywords):
            return ref
        return replace(
            ref,
            args=[fill(item, depth + 1) for item in ref.args],
            keywords={key: fill(value, depth + 1) for key, value in ref.keywords.items()},
        )

    return Decorator(
        template.name,
        use.line,
        use.column,
        [fill(ref) for ref in template.args],
        {key: fill(value) for key, value in template.keywords.items()},
        called=template.called,
    )
