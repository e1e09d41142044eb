"""Whether an AsyncAPI document has the structure its specification version (2.0-2.6, 3.0, 3.1) requires.

Written from the field tables of the AsyncAPI specification: required fields, the type of every fixed
field, the fields each object allows (anything else must be a `^x-` extension), the enumerations
(`action: send|receive`, security scheme types), where a Reference Object may stand in for an object
and where only a Reference Object may (3.x `operation.channel`, `operation.messages`), runtime
expressions, and Schema Objects as JSON Schema draft 07 shapes them. Protocol bindings are left open,
map keys are not judged, and only the document's own text is checked: what a `$ref` points to is
checked where it is written, if that file is a document.

Where the published JSON Schemas of the specification accept more than its tables (a `deprecated`
flag on messages and channels, 2.x `defaultContentType` from 2.0), this check accepts it too; where they
reject what the tables allow (a Reference Object as a 2.0-2.4 parameter), it follows the tables.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from msglint.model import InputProblem, Location
from msglint.readers._yaml import YList, YMap


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PROBLEM = "schema-invalid"
SHOWN_PER_DOCUMENT = 3
_EXTENSION = re.compile(r"^x-[\w.\-]+$")
_RUNTIME_EXPRESSION = re.compile(r"^\$message\.(header|payload)(#(/([^/~]|~[01])*)*)?$")
_JSON_SCHEMA_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
_SECURITY_TYPES = _words(
    "userPassword apiKey X509 symmetricEncryption asymmetricEncryption httpApiKey http oauth2 openIdConnect plain "
    "scramSha256 scramSha512 gssapi"
)
# security scheme type -> the fields it requires, and the values its `in` may take
_SECURITY_REQUIRES = {
    "httpApiKey": ("name", "in"),
    "apiKey": ("in",),
    "http": ("scheme",),
    "oauth2": ("flows",),
    "openIdConnect": ("openIdConnectUrl",),
}
_SECURITY_IN = {"apiKey": ("user", "password"), "httpApiKey": ("query", "header", "cookie")}
_OAUTH_FLOW_URLS = {
    "implicit": ("authorizationUrl",),
    "password": ("tokenUrl",),
    "clientCredentials": ("tokenUrl",),
    "authorizationCode": ("authorizationUrl", "tokenUrl"),
}
# schema formats whose schemas are AsyncAPI or JSON Schema Objects (the others are not judged)
_JSON_SCHEMA_FORMAT = re.compile(
    r"^application/(vnd\.aai\.asyncapi(\+json|\+yaml)?|schema(\+json|\+yaml)?);version=", re.IGNORECASE
)
_OPENAPI_FORMAT = re.compile(r"^application/vnd\.oai\.openapi(\+json|\+yaml)?;version=3\.0", re.IGNORECASE)
_AVRO_FORMAT = re.compile(r"^application/vnd\.apache\.avro(\+json|\+yaml)?;version=1\.", re.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    """An object of the specification: its fixed fields (name -> type expression) and required ones."""

    title: str
    fields: dict[str, str]
    required: tuple[str, ...] = ()


@dataclass
class SchemaError:
    pointer: str
    said: str | Callable[[], str]  # built only when shown: a document may hold thousands of errors
    location: Location

    @property
    def message(self) -> str:
        if callable(self.said):
            self.said = self.said()
        return self.said


def schema_errors(document: YMap, version: str) -> list[SchemaError]:
    """Every schema error of the document, in the order they are written."""
    walk = _Walk(version, shapes_for(version), document)
    _check_shape(walk, document, "AsyncAPI", (), document.location)
    return sorted(walk.errors, key=lambda e: (e.location.line, e.location.column))


@dataclass
class _Walk:
    version: str
    shapes: dict[str, Shape]
    root: YMap
    errors: list[SchemaError] = field(default_factory=list)


def check_document(document: YMap, version: str) -> list[InputProblem]:
    """The schema errors of a supported AsyncAPI document: the first few, then one that counts the rest."""
    try:
        errors = schema_errors(document, version)
    except RecursionError:  # YAML nests up to 400 levels; a schema walk that deep is no contract to judge
        return [InputProblem(PROBLEM, "the document nests too deeply to check its structure", document.location)]
    problems = [InputProblem(PROBLEM, f"`{e.pointer}` {e.message}", e.location) for e in errors[:SHOWN_PER_DOCUMENT]]
    rest = len(errors) - SHOWN_PER_DOCUMENT
    if rest > 0:
        problems.append(
            InputProblem(
                PROBLEM,
                f"{rest} more schema error{'s' if rest > 1 else ''} in this document; msglint shows the first "
                f"{SHOWN_PER_DOCUMENT}",
                document.value_location("asyncapi"),
            )
        )
    return problems


# -- the objects of the specification -----------------------------------------------------------------------
# Type expressions: `string`, `boolean`, `any`, `map` (any mapping), `expression` (a runtime expression),
# `bindings` (a Bindings Object: protocol names to anything), `schema` (a Schema Object), `payload` (2.x: a
# schema in the message's `schemaFormat`), `multiformat` (3.x: a Multi Format Schema Object or a Schema
# Object), `message` (2.x: a Message Object or `oneOf` a list of them), `securityRequirement`, `enum:a,b`
# (`enum:SECURITY`: the security scheme types), an object's key in these tables, `X|ref` (X or a Reference
# Object), `ref` (only a Reference Object), `[X]` (a list of X), `{X}` (a map of names to X).


def _shape(title: str, spec: str) -> Shape:
    """An object from `name=type` items, `*` after the name of a required field."""
    fields, required = {}, []
    for item in spec.split():
        name, _, kind = item.partition("=")
        if name.endswith("*"):
            name = name[:-1]
            required.append(name)
        fields[name] = "enum:" + ",".join(_SECURITY_TYPES) if kind == "enum:SECURITY" else kind
    return Shape(title, fields, tuple(required))


_COMMON: dict[str, Shape] = {
    "Info": _shape(
        "Info Object",
        "title*=string version*=string description=string termsOfService=string contact=Contact license=License",
    ),
    "Contact": _shape("Contact Object", "name=string url=string email=string"),
    "License": _shape("License Object", "name*=string url=string"),
    "ServerVariable": _shape(
        "Server Variable Object", "enum=[string] default=string description=string examples=[string]"
    ),
    "CorrelationId": _shape("Correlation ID Object", "description=string location*=expression"),
    "OAuthFlows": _shape(
        "OAuth Flows Object",
        "implicit=OAuthFlow password=OAuthFlow clientCredentials=OAuthFlow authorizationCode=OAuthFlow",
    ),
    "MessageExample": _shape("Message Example Object", "headers=map payload=any name=string summary=string"),
}

_V2: dict[str, Shape] = {
    "AsyncAPI": _shape(
        "AsyncAPI Object",
        "asyncapi*=string id=string info*=Info servers={Server} defaultContentType=string "
        "channels*={ChannelItem} components=Components tags=[Tag] externalDocs=ExternalDocs",
    ),
    "Server": _shape(
        "Server Object",
        "url*=string protocol*=string protocolVersion=string description=string "
        "variables={ServerVariable} security=[securityRequirement] bindings=bindings|ref",
    ),
    "ChannelItem": _shape(
        "Channel Item Object",
        "$ref=string description=string subscribe=Operation publish=Operation parameters={Parameter|ref} "
        "bindings=bindings|ref deprecated=boolean",
    ),
    "Operation": _shape(
        "Operation Object",
        "operationId=string summary=string description=string tags=[Tag] externalDocs=ExternalDocs "
        "bindings=bindings|ref traits=[OperationTrait|ref] message=message",
    ),
    "OperationTrait": _shape(
        "Operation Trait Object",
        "operationId=string summary=string description=string tags=[Tag] externalDocs=ExternalDocs "
        "bindings=bindings|ref",
    ),
    "Parameter": _shape("Parameter Object", "description=string schema=schema|ref location=expression"),
    "Message": _shape(
        "Message Object",
        "headers=schema|ref payload=payload correlationId=CorrelationId|ref schemaFormat=string "
        "contentType=string name=string title=string summary=string description=string tags=[Tag] "
        "externalDocs=ExternalDocs bindings=bindings|ref examples=[MessageExample] "
        "traits=[MessageTrait|ref] deprecated=boolean",
    ),
    "MessageTrait": _shape(
        "Message Trait Object",
        "headers=schema|ref correlationId=CorrelationId|ref schemaFormat=string contentType=string "
        "name=string title=string summary=string description=string tags=[Tag] externalDocs=ExternalDocs "
        "bindings=bindings|ref examples=[MessageExample] deprecated=boolean",
    ),
    "Tag": _shape("Tag Object", "name*=string description=string externalDocs=ExternalDocs"),
    "ExternalDocs": _shape("External Documentation Object", "description=string url*=string"),
    "Components": _shape(
        "Components Object",
        "schemas={schema|ref} messages={Message|ref} securitySchemes={SecurityScheme|ref} "
        "parameters={Parameter|ref} correlationIds={CorrelationId|ref} "
        "operationTraits={OperationTrait|ref} messageTraits={MessageTrait|ref} "
        "serverBindings={bindings|ref} channelBindings={bindings|ref} operationBindings={bindings|ref} "
        "messageBindings={bindings|ref}",
    ),
    "SecurityScheme": _shape(
        "Security Scheme Object",
        "type*=enum:SECURITY description=string name=string in=string scheme=string bearerFormat=string "
        "flows=OAuthFlows openIdConnectUrl=string",
    ),
    "OAuthFlow": _shape(
        "OAuth Flow Object", "authorizationUrl=string tokenUrl=string refreshUrl=string scopes*={string}"
    ),
}

# fields the 2.x minor versions added: (version, object, field, type)
_V2_ADDED = (
    ("2.3.0", "AsyncAPI", "servers", "{Server|ref}"),
    ("2.5.0", "Server", "variables", "{ServerVariable|ref}"),
    ("2.2.0", "ChannelItem", "servers", "[string]"),
    ("2.3.0", "Components", "servers", "{Server|ref}"),
    ("2.3.0", "Components", "channels", "{ChannelItem}"),
    ("2.4.0", "Components", "serverVariables", "{ServerVariable|ref}"),
    ("2.4.0", "Message", "messageId", "string"),
    ("2.4.0", "MessageTrait", "messageId", "string"),
    ("2.4.0", "Operation", "security", "[securityRequirement]"),
    ("2.4.0", "OperationTrait", "security", "[securityRequirement]"),
    ("2.5.0", "Server", "tags", "[Tag]"),
)

_V3: dict[str, Shape] = {
    "AsyncAPI": _shape(
        "AsyncAPI Object",
        "asyncapi*=string id=string info*=Info servers={Server|ref} defaultContentType=string "
        "channels={Channel|ref} operations={Operation|ref} components=Components",
    ),
    "Info": _shape(
        "Info Object",
        "title*=string version*=string description=string termsOfService=string contact=Contact "
        "license=License tags=[Tag|ref] externalDocs=ExternalDocs|ref",
    ),
    "Server": _shape(
        "Server Object",
        "host*=string protocol*=string protocolVersion=string pathname=string description=string "
        "title=string summary=string variables={ServerVariable|ref} security=[SecurityScheme|ref] "
        "tags=[Tag|ref] externalDocs=ExternalDocs|ref bindings=bindings|ref",
    ),
    "Channel": _shape(
        "Channel Object",
        "address=address messages={Message|ref} title=string summary=string description=string "
        "servers=[ref] parameters={Parameter|ref} tags=[Tag|ref] externalDocs=ExternalDocs|ref "
        "bindings=bindings|ref",
    ),
    "Operation": _shape(
        "Operation Object",
        "action*=enum:send,receive channel*=ref title=string summary=string description=string "
        "security=[SecurityScheme|ref] tags=[Tag|ref] externalDocs=ExternalDocs|ref bindings=bindings|ref "
        "traits=[OperationTrait|ref] messages=[ref] reply=OperationReply|ref",
    ),
    "OperationTrait": _shape(
        "Operation Trait Object",
        "title=string summary=string description=string security=[SecurityScheme|ref] tags=[Tag|ref] "
        "externalDocs=ExternalDocs|ref bindings=bindings|ref",
    ),
    "OperationReply": _shape("Operation Reply Object", "address=OperationReplyAddress|ref channel=ref messages=[ref]"),
    "OperationReplyAddress": _shape("Operation Reply Address Object", "description=string location*=expression"),
    "Parameter": _shape(
        "Parameter Object", "enum=[string] default=string description=string examples=[string] location=expression"
    ),
    "Message": _shape(
        "Message Object",
        "headers=multiformat payload=multiformat correlationId=CorrelationId|ref contentType=string "
        "name=string title=string summary=string description=string tags=[Tag|ref] "
        "externalDocs=ExternalDocs|ref bindings=bindings|ref examples=[MessageExample] "
        "traits=[MessageTrait|ref] deprecated=boolean",
    ),
    "MessageTrait": _shape(
        "Message Trait Object",
        "headers=multiformat correlationId=CorrelationId|ref contentType=string name=string title=string "
        "summary=string description=string tags=[Tag|ref] externalDocs=ExternalDocs|ref "
        "bindings=bindings|ref examples=[MessageExample] deprecated=boolean",
    ),
    "Tag": _shape("Tag Object", "name*=string description=string externalDocs=ExternalDocs|ref"),
    "ExternalDocs": _shape("External Documentation Object", "description=string url*=string"),
    "Components": _shape(
        "Components Object",
        "schemas={multiformat} servers={Server|ref} channels={Channel|ref} operations={Operation|ref} "
        "messages={Message|ref} securitySchemes={SecurityScheme|ref} serverVariables={ServerVariable|ref} "
        "parameters={Parameter|ref} correlationIds={CorrelationId|ref} replies={OperationReply|ref} "
        "replyAddresses={OperationReplyAddress|ref} externalDocs={ExternalDocs|ref} tags={Tag|ref} "
        "operationTraits={OperationTrait|ref} messageTraits={MessageTrait|ref} "
        "serverBindings={bindings|ref} channelBindings={bindings|ref} operationBindings={bindings|ref} "
        "messageBindings={bindings|ref}",
    ),
    "SecurityScheme": _shape(
        "Security Scheme Object",
        "type*=enum:SECURITY description=string name=string in=string scheme=string bearerFormat=string "
        "flows=OAuthFlows openIdConnectUrl=string scopes=[string]",
    ),
    "OAuthFlow": _shape(
        "OAuth Flow Object", "authorizationUrl=string tokenUrl=string refreshUrl=string availableScopes*={string}"
    ),
}

_SHAPES: dict[str, dict[str, Shape]] = {}


def shapes_for(version: str) -> dict[str, Shape]:
    """The objects of one specification version (2.0.0 ... 3.1.0)."""
    if version not in _SHAPES:
        if version.startswith("3."):
            shapes = {**_COMMON, **_V3}
        else:
            shapes = {**_COMMON, **_V2}
            for since, name, field_name, kind in _V2_ADDED:
                if _version_key(version) >= _version_key(since):
                    old = shapes[name]
                    shapes[name] = Shape(old.title, {**old.fields, field_name: kind}, old.required)
            if version == "2.0.0":  # examples became Message Example Objects in 2.1.0; in 2.0.0 they are free maps
                for name in ("Message", "MessageTrait"):
                    old = shapes[name]
                    shapes[name] = Shape(old.title, {**old.fields, "examples": "[map]"}, old.required)
        _SHAPES[version] = shapes
    return _SHAPES[version]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# -- the walk -----------------------------------------------------------------------------------------------


def _pointer(path: tuple[str, ...]) -> str:
    return "/" + "/".join(_short(str(p)).replace("~", "~0").replace("/", "~1") for p in path)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _error(walk: _Walk, path: tuple[str, ...], message: str | Callable[[], str], location: Location) -> None:
    walk.errors.append(SchemaError(_pointer(path), message, location))


def _check_shape(walk: _Walk, value: Any, name: str, path: tuple[str, ...], where: Location) -> None:
    shape = walk.shapes[name]
    if not isinstance(value, YMap):
        _error(walk, path, f"must be {_article(shape.title)}, not {_describe(value)}", where)
        return
    if "$ref" in value and "$ref" not in shape.fields:
        _error(
            walk,
            path,
            f"must be {_article(shape.title)} written out: AsyncAPI {walk.version} allows no Reference Object here",
            value.key_location("$ref"),
        )
        return
    for required in shape.required:
        if required not in value:
            _error(walk, path, f"is missing `{required}`, which the {shape.title} requires", value.location)
    for key in value:
        kind = shape.fields.get(key)
        if kind == "payload":
            _payload_v2(walk, value, (*path, key))
        elif kind is not None:
            _check_value(walk, value[key], kind, (*path, key), value.value_location(key))
        elif not _EXTENSION.match(key):
            _error(walk, (*path, key), functools.partial(_unknown_field, walk, key, name), value.key_location(key))
    if name == "SecurityScheme":
        _check_security_scheme(walk, value, path)
    elif name == "OAuthFlows":
        _check_oauth_flows(walk, value, path)
    elif name == "MessageExample" and "headers" not in value and "payload" not in value:
        _error(walk, path, "needs `headers` or `payload`: an example shows one of them", value.location)


def _check_value(walk: _Walk, value: Any, kind: str, path: tuple[str, ...], where: Location) -> None:
    if kind.endswith("|ref"):
        if _is_reference(value):
            _check_reference(walk, value, path)
            return
        kind = kind[: -len("|ref")]
    if kind.startswith("["):
        _check_list(walk, value, kind[1:-1], path, where)
    elif kind.startswith("{"):
        _check_map(walk, value, kind[1:-1], path, where)
    elif kind.startswith("enum:"):
        allowed = kind[len("enum:") :].split(",")
        if value not in allowed:
            _error(walk, path, f"must be {_one_of(allowed)}, not {_describe(value)}", where)
    elif kind in _SPECIAL:
        _SPECIAL[kind](walk, value, path, where)
    else:
        _check_shape(walk, value, kind, path, where)


def _check_list(walk: _Walk, value: Any, item_kind: str, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, YList):
        _error(walk, path, f"must be a list, not {_describe(value)}", where)
        return
    for index, (item, location) in enumerate(value.located()):
        _check_value(walk, item, item_kind, (*path, str(index)), location)


def _check_map(walk: _Walk, value: Any, item_kind: str, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, YMap):
        _error(walk, path, f"must be a mapping, not {_describe(value)}", where)
        return
    for key in value:
        _check_value(walk, value[key], item_kind, (*path, key), value.value_location(key))


def _is_reference(value: Any) -> bool:
    return isinstance(value, YMap) and "$ref" in value


def _check_reference(walk: _Walk, value: YMap, path: tuple[str, ...]) -> None:
    if not isinstance(value["$ref"], str):
        _error(
            walk,
            (*path, "$ref"),
            f"must be a string (a URI reference such as '#/components/messages/Name'), not {_describe(value['$ref'])}",
            value.value_location("$ref"),
        )


def _only_reference(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if _is_reference(value):
        _check_reference(walk, value, path)
    else:
        _error(
            walk,
            path,
            f"must be a Reference Object (`$ref: '#/...'`), not {_describe(value)}: AsyncAPI 3 operations and "
            "channels point at what they use",
            where,
        )


_VERSIONS = ("2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0", "2.6.0", "3.0.0", "3.1.0")
_COUNTERPARTS = {"ChannelItem": "Channel", "Channel": "ChannelItem"}  # the 2.x and 3.x channel


def _unknown_field(walk: _Walk, key: str, name: str) -> str:
    """What to say about a field the object does not have: the version that has it, or the nearest name."""
    shape = walk.shapes[name]
    text = f"is not a field of the {shape.title} in AsyncAPI {walk.version}"
    if name == "Channel" and key in ("publish", "subscribe"):
        return f"{text}: `{key}` is 2.x; in 3.x, operations with `action: send|receive` go under `operations`"
    for version in _VERSIONS:
        other = shapes_for(version)
        fields = {**other.get(name, shape).fields, **other.get(_COUNTERPARTS.get(name, name), shape).fields}
        if key in fields and version != walk.version:
            if version[0] != walk.version[0]:
                return f"{text}: `{key}` is AsyncAPI {version[0]}.x"
            if _version_key(version) > _version_key(walk.version):
                return f"{text}: it came with AsyncAPI {version}"
    close = difflib.get_close_matches(key, list(shape.fields), n=1, cutoff=0.75)
    if close:
        return f"{text}; did you mean `{close[0]}`?"
    return f"{text} (extensions start with `x-`)"


# -- fields with a shape of their own ----------------------------------------------------------------------


def _string(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, (str, date)):
        hint = "; quote it" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""
        _error(walk, path, f"must be a string, not {_describe(value)}{hint}", where)


def _boolean(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, bool):
        _error(walk, path, f"must be true or false, not {_describe(value)}", where)


def _anything(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    return


def _mapping(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, YMap):
        _error(walk, path, f"must be a mapping, not {_describe(value)}", where)


def _address(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if value is not None and not isinstance(value, str):
        _error(walk, path, f"must be a string or null, not {_describe(value)}", where)


def _expression(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, str) or not _RUNTIME_EXPRESSION.match(value.strip()):
        _error(
            walk,
            path,
            f"must be a runtime expression such as `$message.header#/correlationId`, not {_describe(value)}",
            where,
        )


def _bindings(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    _mapping(walk, value, path, where)  # each protocol's binding is its own specification: left open


def _security_requirement(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, YMap):
        _error(walk, path, f"must map security scheme names to lists of scopes, not {_describe(value)}", where)
        return
    for key in value:
        _check_list(walk, value[key], "string", (*path, key), value.value_location(key))


def _message_v2(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if _is_reference(value):
        _check_reference(walk, value, path)
    elif isinstance(value, YMap) and "oneOf" in value:
        for key in value:
            if key != "oneOf":
                _error(
                    walk, (*path, key), "cannot stand beside `oneOf` in an operation's message", value.key_location(key)
                )
        _check_list(walk, value["oneOf"], "Message|ref", (*path, "oneOf"), value.value_location("oneOf"))
    else:
        _check_shape(walk, value, "Message", path, where)


def _payload_v2(walk: _Walk, message: YMap, path: tuple[str, ...]) -> None:
    """A 2.x payload is a schema in the message's `schemaFormat` (by default an AsyncAPI Schema Object). Traits are
    merged into the message, so the format may come from one; a trait msglint cannot read leaves it open."""
    schema_format = message.get("schemaFormat")
    if schema_format is None and "traits" in message:
        found, schema_format = _format_from_traits(walk, message["traits"])
        if not found:
            return
    _schema_in_format(walk, message["payload"], schema_format, path, message.value_location("payload"))


def _format_from_traits(walk: _Walk, traits: Any) -> tuple[bool, Any]:
    """(whether every trait could be read, the last `schemaFormat` a trait sets): later traits win."""
    if not isinstance(traits, YList):
        return False, None
    schema_format = None
    for trait in traits:
        if _is_reference(trait):
            trait = _local_target(walk.root, trait["$ref"])
        if not isinstance(trait, YMap):
            return False, None
        schema_format = trait.get("schemaFormat", schema_format)
    return True, schema_format


def _local_target(root: YMap, reference: Any) -> Any:
    """What a `#/...` reference points at in this document, or None."""
    if not isinstance(reference, str) or not reference.startswith("#/"):
        return None
    target: Any = root
    for part in reference[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, YMap) or part not in target:
            return None
        target = target[part]
    return target


def _multiformat(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    """3.x: a Multi Format Schema Object (`schemaFormat` and `schema`), a Schema Object, or a reference."""
    if not (isinstance(value, YMap) and ("schemaFormat" in value or "schema" in value)):
        _schema_in_format(walk, value, None, path, where)
        return
    if "schema" not in value:
        _error(walk, path, "is missing `schema`, which the Multi Format Schema Object requires", value.location)
    for key in value:
        if key not in ("schemaFormat", "schema") and not _EXTENSION.match(key):
            _error(walk, (*path, key), "is not a field of the Multi Format Schema Object", value.key_location(key))
    schema_format = value.get("schemaFormat")  # missing: the AsyncAPI Schema Object of the document's version
    if schema_format is not None:
        _string(walk, schema_format, (*path, "schemaFormat"), value.value_location("schemaFormat"))
    if "schema" in value:
        _schema_in_format(walk, value["schema"], schema_format, (*path, "schema"), value.value_location("schema"))


def _schema_in_format(walk: _Walk, value: Any, schema_format: Any, path: tuple[str, ...], where: Location) -> None:
    """A schema written in `schema_format`: AsyncAPI and JSON Schema (the default), OpenAPI 3.0 and Avro are
    checked; other formats (RAML, Protobuf, custom ones) only for the shape of a `$ref`."""
    text = schema_format if isinstance(schema_format, str) else ""
    if schema_format is None or _JSON_SCHEMA_FORMAT.match(text):
        _SchemaCheck(walk, openapi=False).schema(value, path, where)
    elif _OPENAPI_FORMAT.match(text):
        _SchemaCheck(walk, openapi=True).schema(value, path, where)
    elif _is_reference(value):
        _check_reference(walk, value, path)
    elif _AVRO_FORMAT.match(text):
        _avro(walk, value, path, where)


def _schema(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    _SchemaCheck(walk, openapi=False).schema(value, path, where)


_SPECIAL = {
    "string": _string,
    "boolean": _boolean,
    "any": _anything,
    "map": _mapping,
    "address": _address,
    "expression": _expression,
    "bindings": _bindings,
    "securityRequirement": _security_requirement,
    "message": _message_v2,
    "ref": _only_reference,
    "multiformat": _multiformat,
    "schema": _schema,
}


def _check_security_scheme(walk: _Walk, value: YMap, path: tuple[str, ...]) -> None:
    kind = value.get("type")
    if not isinstance(kind, str):
        return
    for required in _SECURITY_REQUIRES.get(kind, ()):
        if required not in value:
            _error(walk, path, f"is missing `{required}`, which a `{kind}` security scheme requires", value.location)
    allowed = _SECURITY_IN.get(kind)
    if allowed and "in" in value and value["in"] not in allowed:
        _error(
            walk,
            (*path, "in"),
            f"must be {_one_of(allowed)} for `{kind}`, not {_describe(value['in'])}",
            value.value_location("in"),
        )


def _check_oauth_flows(walk: _Walk, value: YMap, path: tuple[str, ...]) -> None:
    for flow, urls in _OAUTH_FLOW_URLS.items():
        item = value.get(flow)
        if not isinstance(item, YMap):
            continue
        for url in urls:
            if url not in item:
                _error(walk, (*path, flow), f"is missing `{url}`, which the `{flow}` flow requires", item.location)


# -- Schema Objects (JSON Schema draft 07, and OpenAPI 3.0 schemas for their `type`) --------------------------

_SCHEMA_STRINGS = _words(
    "$id $schema $comment title description pattern format contentMediaType contentEncoding discriminator"
)
_SCHEMA_NUMBERS = _words("multipleOf maximum exclusiveMaximum minimum exclusiveMinimum")
_SCHEMA_COUNTS = _words("maxLength minLength maxItems minItems maxProperties minProperties")
_SCHEMA_BOOLEANS = _words("uniqueItems readOnly writeOnly deprecated")
_SCHEMA_SUBSCHEMAS = _words("additionalItems contains additionalProperties propertyNames if then else not")
_SCHEMA_MAPS = _words("properties patternProperties definitions")
_SCHEMA_LISTS = _words("allOf anyOf oneOf")
# the fields of an OpenAPI 3.0 Schema Object; anything else there must be an `x-` extension
_OPENAPI_KEYWORDS = _words(
    "title multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems "
    "minItems uniqueItems maxProperties minProperties required enum type allOf oneOf anyOf not items properties "
    "additionalProperties description format default nullable discriminator readOnly writeOnly xml externalDocs "
    "example deprecated $ref"
)


class _SchemaCheck:
    """The keywords of a Schema Object whose values have a fixed shape; other keywords are free."""

    def __init__(self, walk: _Walk, openapi: bool) -> None:
        self.walk = walk
        self.openapi = openapi  # OpenAPI 3.0: `type` is one name (no "null"), `exclusiveMinimum` a boolean

    def error(self, path: tuple[str, ...], message: str, where: Location) -> None:
        _error(self.walk, path, message, where)

    def schema(self, value: Any, path: tuple[str, ...], where: Location) -> None:
        if isinstance(value, bool):
            return  # `true` accepts anything, `false` nothing
        if not isinstance(value, YMap):
            self.error(path, f"must be a Schema Object (a mapping, or true/false), not {_describe(value)}", where)
            return
        if "$ref" in value:
            _check_reference(self.walk, value, path)
        for key in value:
            if self.openapi and key not in _OPENAPI_KEYWORDS and not _EXTENSION.match(key):
                self.error((*path, key), "is not a keyword of an OpenAPI 3.0 Schema Object", value.key_location(key))
            else:
                self.keyword(key, value[key], (*path, key), value.value_location(key))

    def keyword(self, key: str, value: Any, path: tuple[str, ...], where: Location) -> None:
        if key == "type":
            self.type(value, path, where)
        elif key in _SCHEMA_STRINGS:
            if not isinstance(value, str) and not (self.openapi and key == "discriminator"):
                self.error(path, f"must be a string, not {_describe(value)}", where)
        elif key in _SCHEMA_NUMBERS:
            if self.openapi and key.startswith("exclusive"):
                _boolean(self.walk, value, path, where)
            elif not _is_number(value):
                self.error(path, f"must be a number, not {_describe(value)}", where)
        elif key in _SCHEMA_COUNTS:
            if not (_is_number(value) and value >= 0 and float(value).is_integer()):
                self.error(path, f"must be a whole number of at least 0, not {_describe(value)}", where)
        elif key in _SCHEMA_BOOLEANS:
            _boolean(self.walk, value, path, where)
        elif key in _SCHEMA_SUBSCHEMAS:
            self.schema(value, path, where)
        elif key in _SCHEMA_MAPS:
            self.schemas_by_name(value, path, where)
        elif key in _SCHEMA_LISTS:
            self.schema_list(value, path, where)
        else:
            self.other(key, value, path, where)

    def other(self, key: str, value: Any, path: tuple[str, ...], where: Location) -> None:
        if key == "items":
            if isinstance(value, YList):
                self.schema_list(value, path, where, may_be_empty=True)
            else:
                self.schema(value, path, where)
        elif key == "required":
            if not isinstance(value, YList) or not all(isinstance(item, str) for item in value):
                self.error(path, f"must be a list of property names, not {_describe(value)}", where)
        elif key in ("enum", "examples"):
            if not isinstance(value, YList):
                self.error(path, f"must be a list of values, not {_describe(value)}", where)
        elif key == "dependencies":
            if not isinstance(value, YMap):
                self.error(path, f"must be a mapping, not {_describe(value)}", where)
                return
            for name in value:
                if not isinstance(value[name], YList):
                    self.schema(value[name], (*path, name), value.value_location(name))
        elif key == "externalDocs" and not _is_reference(value):
            _check_shape(self.walk, value, "ExternalDocs", path, where)

    def type(self, value: Any, path: tuple[str, ...], where: Location) -> None:
        allowed = [t for t in _JSON_SCHEMA_TYPES if not (self.openapi and t == "null")]
        names = value if isinstance(value, YList) and not self.openapi else [value]
        if isinstance(value, YList) and not value:
            self.error(path, "must name at least one type", where)
        for name in names:
            if name not in allowed:
                self.error(
                    path,
                    f"must be {_one_of(allowed)}{'' if self.openapi else ' (or a list of them)'}, "
                    f"not {_describe(name)}",
                    where,
                )

    def schemas_by_name(self, value: Any, path: tuple[str, ...], where: Location) -> None:
        if not isinstance(value, YMap):
            self.error(path, f"must map names to Schema Objects, not {_describe(value)}", where)
            return
        for name in value:
            self.schema(value[name], (*path, name), value.value_location(name))

    def schema_list(self, value: Any, path: tuple[str, ...], where: Location, may_be_empty: bool = False) -> None:
        if not isinstance(value, YList) or (not value and not may_be_empty):
            self.error(path, f"must be a non-empty list of Schema Objects, not {_describe(value)}", where)
            return
        for index, (item, location) in enumerate(value.located()):
            self.schema(item, (*path, str(index)), location)


# -- Avro schemas (Apache Avro 1.x) ---------------------------------------------------------------------------

_AVRO_REQUIRES = {
    "record": ("name", "fields"),
    "enum": ("name", "symbols"),
    "array": ("items",),
    "map": ("values",),
    "fixed": ("name", "size"),
}


def _avro(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    """An Avro schema is a type name, a union (a list of schemas) or a mapping with a `type`."""
    if isinstance(value, str):
        return
    if isinstance(value, YList):
        for index, (item, location) in enumerate(value.located()):
            _avro(walk, item, (*path, str(index)), location)
        return
    if not isinstance(value, YMap):
        _error(walk, path, f"must be an Avro schema (a type name, a list or a mapping), not {_describe(value)}", where)
        return
    if "type" not in value:
        _error(walk, path, "is missing `type`, which an Avro schema requires", value.location)
        return
    kind = value["type"]
    if not isinstance(kind, str):
        _avro(walk, kind, (*path, "type"), value.value_location("type"))
        return
    for required in _AVRO_REQUIRES.get(kind, ()):
        if required not in value:
            _error(walk, path, f"is missing `{required}`, which an Avro {kind} requires", value.location)
    for key in ("name", "namespace", "doc"):
        if key in value:
            _string(walk, value[key], (*path, key), value.value_location(key))
    for key in ("items", "values"):
        if key in value:
            _avro(walk, value[key], (*path, key), value.value_location(key))
    if kind == "record" and "fields" in value:
        _avro_fields(walk, value["fields"], (*path, "fields"), value.value_location("fields"))


def _avro_fields(walk: _Walk, value: Any, path: tuple[str, ...], where: Location) -> None:
    if not isinstance(value, YList):
        _error(walk, path, f"must be a list of fields, not {_describe(value)}", where)
        return
    for index, (item, location) in enumerate(value.located()):
        here = (*path, str(index))
        if not isinstance(item, YMap):
            _error(walk, here, f"must be a field (a mapping with `name` and `type`), not {_describe(item)}", location)
            continue
        for required in ("name", "type"):
            if required not in item:
                _error(walk, here, f"is missing `{required}`, which an Avro field requires", item.location)
        for key in ("name", "doc"):
            if key in item:
                _string(walk, item[key], (*here, key), item.value_location(key))
        if "type" in item:
            _avro(walk, item["type"], (*here, "type"), item.value_location("type"))


# -- words --------------------------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    return f"{'a number' if _is_number(value) else type(value).__name__} ({_short(str(value))})"


def _one_of(values: Any) -> str:
    values = [f"`{v}`" for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def _article(title: str) -> str:
    return ("an " if title[0] in "AEIOU" else "a ") + title
