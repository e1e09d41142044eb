"""Facts as plain data: JSON read back only into the classes msglint allows, checked against their types.

The cache lives in the analysed project, so whoever can write to the project can write to it. Reading it
must never run code (pickle would) and must never hand the rules a value of the wrong shape. So values are
written as JSON and read back by a decoder that builds only the classes it was given, checking every value
against the type hints of the field that holds it.

Where the type hint says what a value is (a dataclass field `list[Handler]`, the `expected` type of the
whole document), the value is written untagged: a dataclass as the list of its field values, a tuple as a
list, a dict as a list of pairs, an enum member as its value. Where it does not (`dict`, `Any`, a union of
several classes), the value carries a tag naming what it is, e.g. `{"@": "Summary", "=": [...]}`.
Anything that does not fit (an unknown class, a missing field, a string where a location belongs) makes the
whole document invalid; the caller then treats it as absent.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

Convert = Callable[[Any], Any]

_TUPLE, _DICT, _SET, _FROZENSET, _BYTES, _ENUM, _OBJECT, _FIELDS = "(", "{", "s", "f", "b", "e", "@", "="
_SCALARS = (str, int, bool, float, type(None))
_EXACT_SCALARS = frozenset(_SCALARS)  # types whose values JSON gives back as they are


class InvalidData(ValueError):
    """The document is not one this codec wrote for these classes."""


class PlainCodec:
    """Encode and decode values made of JSON scalars, lists, tuples, dicts, sets, bytes and the given
    dataclasses and enums."""

    def __init__(self, classes: Iterable[type]) -> None:
        self._classes: dict[str, type] = {}
        for cls in classes:
            if self._classes.get(cls.__name__, cls) is not cls:
                raise ValueError(f"two classes named {cls.__name__}")
            self._classes[cls.__name__] = cls
        self._writers: dict[object, Convert] = {}
        self._readers: dict[object, Convert] = {}
        self._fields: dict[type, list[tuple[str, Convert, Convert]]] = {}

    def dumps(self, value: object, expected: object = Any) -> str:
        return json.dumps(self._writer(expected)(value), separators=(",", ":"), ensure_ascii=False)

    def loads(self, text: str | bytes, expected: object = Any) -> object:
        """The value `dumps` wrote for the type hint `expected`; InvalidData for anything else, whatever the
        text holds."""
        reader = self._reader(expected)
        try:
            return reader(json.loads(text, object_hook=self._revive_tagged))
        except InvalidData:
            raise
        except (ValueError, TypeError, KeyError, IndexError, RecursionError, UnicodeDecodeError) as error:
            raise InvalidData(str(error) or type(error).__name__) from None

    # -- values whose type the hint does not tell: tagged -------------------------------------------------

    def _write_tagged(self, value: object) -> object:
        kind = type(value)
        if kind in _SCALARS:
            return value
        if kind is list:
            return [self._write_tagged(item) for item in value]
        if kind is tuple:
            return {_TUPLE: [self._write_tagged(item) for item in value]}
        if kind is dict:
            return {_DICT: [[self._write_tagged(k), self._write_tagged(v)] for k, v in value.items()]}
        if kind is set or kind is frozenset:
            return {_SET if kind is set else _FROZENSET: [self._write_tagged(item) for item in value]}
        if kind is bytes:
            return {_BYTES: value.hex()}
        self._known(kind)
        if isinstance(value, Enum):
            return {_ENUM: kind.__name__, _FIELDS: value.value}
        return {_OBJECT: kind.__name__, _FIELDS: self._writer(kind)(value)}

    def _revive_tagged(self, tagged: dict[str, Any]) -> object:
        """Called by the JSON parser for every object, innermost first: only tagged values are objects."""
        if len(tagged) == 1:
            ((tag, content),) = tagged.items()
            if type(content) is list:
                if tag == _TUPLE:
                    return tuple(content)
                if tag == _DICT:
                    return {_hashable(pair[0]): pair[1] for pair in map(_pair, content)}
                if tag == _SET:
                    return {_hashable(item) for item in content}
                if tag == _FROZENSET:
                    return frozenset(_hashable(item) for item in content)
            elif tag == _BYTES and type(content) is str:
                return bytes.fromhex(content)
        elif len(tagged) == 2 and _FIELDS in tagged:
            name = tagged.get(_ENUM, tagged.get(_OBJECT))
            cls = self._classes.get(name) if type(name) is str else None
            if cls is not None and (_ENUM in tagged) == issubclass(cls, Enum):
                return self._reader(cls)(tagged[_FIELDS])
        raise InvalidData(f"unexpected object with keys {sorted(tagged)[:3]}")

    def _known(self, cls: type) -> None:
        if self._classes.get(cls.__name__) is not cls:
            raise TypeError(f"{cls.__qualname__} is not a class this codec stores")

    # -- converters compiled from type hints, once per hint -----------------------------------------------

    def _writer(self, hint: object) -> Convert:
        if hint not in self._writers:
            self._writers[hint] = self._compile(hint, writing=True)
        return self._writers[hint]

    def _reader(self, hint: object) -> Convert:
        if hint not in self._readers:
            self._readers[hint] = self._compile(hint, writing=False)
        return self._readers[hint]

    def _compile(self, hint: object, writing: bool) -> Convert:
        origin, arguments = typing.get_origin(hint), typing.get_args(hint)
        if hint is Any or hint is object or (origin is None and hint in (dict, list, tuple, set, frozenset)):
            return self._write_tagged if writing else _fits(hint)
        if origin is typing.Union or origin is types.UnionType:
            return self._union(hint, arguments, writing)
        if origin is None:
            return self._plain_type(hint, writing)
        if origin is list or origin is set or origin is frozenset:
            if arguments[0] in (str, int) and origin is list:
                return _scalar_list(arguments[0])
            return _sequence(origin, self._compile(arguments[0], writing), writing)
        if origin is tuple:
            return self._tuple(arguments, writing)
        if origin is dict:
            key, value = self._compile(arguments[0], writing), self._compile(arguments[1], writing)
            if writing:
                return lambda d: [[key(k), value(v)] for k, v in _of_type(d, dict).items()]
            return lambda pairs: {key(k): value(v) for k, v in (_pair(p) for p in _of_type(pairs, list))}
        raise TypeError(f"no plain form for {hint!r}")

    def _union(self, hint: object, arguments: tuple, writing: bool) -> Convert:
        others = [argument for argument in arguments if argument is not type(None)]
        if len(others) != 1:  # several types: the value says which one it is
            return self._write_tagged if writing else _fits(hint)
        inner = self._compile(others[0], writing)
        return lambda value: None if value is None else inner(value)

    def _plain_type(self, hint: object, writing: bool) -> Convert:
        if hint is type(None):
            return _none
        if hint is float:
            return lambda value: value if type(value) in (float, int) else _wrong(hint)
        if hint in (str, int, bool):
            return lambda value: value if type(value) is hint else _wrong(hint)
        if hint is bytes:
            if writing:
                return lambda value: _of_type(value, bytes).hex()
            return lambda value: bytes.fromhex(_of_type(value, str))
        if isinstance(hint, type) and issubclass(hint, Enum):
            self._known(hint)
            if writing:
                return lambda member: _of_type(member, hint).value
            members = {member.value: member for member in hint}
            return members.__getitem__  # a value of no member: KeyError, which makes the document invalid
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            self._known(hint)
            if hasattr(hint, "__post_init__") or not all(f.init for f in dataclasses.fields(hint)):
                raise TypeError(f"{hint.__name__} cannot be rebuilt from its fields alone")
            return self._dataclass_writer(hint) if writing else self._dataclass_reader(hint)
        raise TypeError(f"no plain form for {hint!r}")

    def _tuple(self, arguments: tuple, writing: bool) -> Convert:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return _sequence(tuple, self._compile(arguments[0], writing), writing)
        items = [self._compile(argument, writing) for argument in arguments]

        def convert(value: Any) -> Any:
            if type(value) is not (tuple if writing else list) or len(value) != len(items):
                raise InvalidData(f"not a tuple of {len(items)}")
            converted = [item(element) for item, element in zip(items, value, strict=True)]
            return converted if writing else tuple(converted)

        return convert

    def _field_converters(self, cls: type) -> list[tuple[str, Convert, Convert]]:
        """(name, writer, reader) of each field, compiled when first needed (fields may name their own
        class, as `Ref.args: list[Ref]` does)."""
        if cls not in self._fields:
            converters: list[tuple[str, Convert, Convert]] = []
            self._fields[cls] = converters  # a field naming its own class finds this list, filled below
            try:
                hints = typing.get_type_hints(cls)
                for field in dataclasses.fields(cls):
                    hint = hints[field.name]
                    converters.append((field.name, self._writer(hint), self._reader(hint)))
            except Exception:
                del self._fields[cls]
                raise
        return self._fields[cls]

    def _dataclass_writer(self, cls: type) -> Convert:
        plan: list[Convert] = []  # made on first use, like the reader's

        def write(value: Any) -> list:
            if not plan:
                plan.append(_compiled_writer(cls, self._field_converters(cls), self._writer))
            return plan[0](value)

        return write

    def _dataclass_reader(self, cls: type) -> Convert:
        plan: list[_ReadPlan] = []  # made on first use: the fields may name classes not compiled yet

        def read(values: Any) -> Any:
            if not plan:
                plan.append(_ReadPlan(cls, self._field_converters(cls)))
            return plan[0].read(values)

        return read


def _compiled_writer(
    cls: type, fields: list[tuple[str, Convert, Convert]], writer_of: Callable[[object], Convert]
) -> Convert:
    """How to write one dataclass: a function made for its fields, which lists their values and converts only
    those whose type hint is not a JSON scalar, a sequence's items in the function itself (a scalar of the
    wrong type is not caught here, but by the reader, which then refuses the whole document). Measured on the
    bench's facts, a tenth faster than a converter called per field."""
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {"_cls": cls, "_wrong": _wrong, "_not_a": _not_a}
    parts = [
        _field_expression(f"value.{name}", hints[name], writer, f"_w{number}", namespace, writer_of)
        for number, (name, writer, _) in enumerate(fields)
    ]
    source = (
        "def write(value):\n"
        "    if type(value) is not _cls:\n"
        "        _not_a(_cls, value)\n"
        f"    return [{', '.join(parts)}]\n"
    )
    exec(compile(source, f"<writer of {cls.__name__}>", "exec"), namespace)  # made of our fields' names only
    return namespace["write"]


def _not_a(cls: type, value: Any) -> None:
    raise TypeError(f"a {type(value).__name__} where a {cls.__name__} belongs")


def _field_expression(
    field: str, hint: object, writer: Convert, name: str, namespace: dict[str, Any], writer_of: Callable
) -> str:
    """The expression that writes one field's value (`field`, its type `hint`) in a dataclass's writer."""
    if _is_scalar(hint):
        return field
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    variadic = origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis
    sequence = origin in (list, set, frozenset) or variadic
    if sequence and not (origin is list and arguments[0] in (str, int)):  # lists of those are checked, not converted
        namespace[name], namespace[f"{name}_kind"] = writer_of(arguments[0]), _held_as(origin)
        return f"([{name}(item) for item in {field}] if isinstance({field}, {name}_kind) else _wrong({name}_kind))"
    namespace[name] = writer
    return f"{name}({field})"


def _scalar_options(hint: object) -> tuple[type, ...]:
    """The types a hint accepts as JSON gives them back (`float` takes an int too), or () when it accepts
    anything else as well."""
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    kinds = tuple(kind for option in options for kind in ((int, float) if option is float else (option,)))
    return kinds if all(kind in _EXACT_SCALARS for kind in kinds) else ()


def _is_scalar(hint: object) -> bool:
    return bool(_scalar_options(hint))


class _ReadPlan:
    """How to rebuild one dataclass from its field values, as fast as checking them allows: a class whose
    fields are all scalars is checked by the tuple of its values' types alone, and an instance is made by
    filling its `__dict__` (a frozen dataclass's `__init__` sets each field through `object.__setattr__`)."""

    def __init__(self, cls: type, fields: list[tuple[str, Convert, Convert]]) -> None:
        self.cls = cls
        self.names = [name for name, _, _ in fields]
        self.readers = [reader for _, _, reader in fields]
        self.scalar_types = _scalar_combinations(cls, self.names)
        self.fill_dict = not hasattr(cls, "__slots__") and not getattr(cls, "__post_init__", None)

    def read(self, values: Any) -> Any:
        if type(values) is not list or len(values) != len(self.names):
            raise InvalidData(f"not the {len(self.names)} fields of {self.cls.__name__}")
        if self.scalar_types is None or tuple(map(type, values)) not in self.scalar_types:
            values = [reader(value) for reader, value in zip(self.readers, values, strict=True)]
        if not self.fill_dict:
            return self.cls(*values)
        made = object.__new__(self.cls)
        made.__dict__.update(zip(self.names, values, strict=True))
        return made


def _scalar_combinations(cls: type, names: list[str]) -> frozenset[tuple[type, ...]] | None:
    """Every tuple of value types the fields accept, when each field holds a JSON scalar (or None); None
    for a class with any other field."""
    hints = typing.get_type_hints(cls)
    choices = [_scalar_options(hints[name]) for name in names]
    if not all(choices):
        return None
    combinations: set[tuple[type, ...]] = {()}
    for allowed in choices:
        combinations = {(*done, kind) for done in combinations for kind in allowed}
        if len(combinations) > 64:
            return None
    return frozenset(combinations)


def _sequence(kind: type, item: Convert, writing: bool) -> Convert:
    if writing:
        accepted = _held_as(kind)
        return lambda value: [item(element) for element in _of_type(value, accepted)]
    if kind is list:
        return lambda value: [item(element) for element in _of_type(value, list)]
    return lambda value: kind([item(element) for element in _of_type(value, list)])


def _scalar_list(kind: type) -> Convert:
    """A list of strings (or ints) is written and read as it is, once checked."""

    def convert(value: Any) -> Any:
        if type(value) is list and all(type(element) is kind for element in value):
            return value
        if type(value) is tuple and all(type(element) is kind for element in value):
            return list(value)  # written from a list held as a tuple; JSON never gives one to read
        return _wrong(list)

    return convert


def _fits(hint: object) -> Convert:
    """For a value decoded from its tags: check that it is of the hinted type, and keep it."""
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        return lambda value: value
    if origin is typing.Union or origin is types.UnionType:
        alternatives = tuple(typing.get_origin(a) or a for a in typing.get_args(hint))
        return lambda value: value if isinstance(value, alternatives) else _wrong(hint)
    return lambda value: _of_type(value, hint)


def _held_as(kind: type) -> type | tuple[type, ...]:
    """What a value written for a sequence of `kind` may be held as: a list also as a tuple (facts that came
    back from a worker process hold each empty list as an empty tuple)."""
    return (list, tuple) if kind is list else kind


def _of_type(value: Any, kind: type | tuple[type, ...]) -> Any:
    return value if isinstance(value, kind) else _wrong(kind)


def _wrong(hint: object) -> Any:
    raise InvalidData(f"a value that is not {getattr(hint, '__name__', hint)}")


def _none(value: Any) -> None:
    return None if value is None else _wrong(None)


def _pair(item: Any) -> list:
    if not _is_pair(item):
        raise InvalidData("not a key-value pair")
    return item


def _is_pair(item: object) -> bool:
    return type(item) is list and len(item) == 2


def _hashable(value: object) -> object:
    if type(value) in (list, dict, set):
        raise InvalidData("an unhashable key")
    return value
