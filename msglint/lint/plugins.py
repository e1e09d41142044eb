"""Rules from outside msglint: the `msglint.rules` entry point group of installed packages, and
`plugins = ["module:Class"]` in the configuration (modules importable from the project root or installed).

A plugin rule is a subclass of `msglint.rules.Rule`, the base the built-in rules use (docs/plugins.md).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from msglint.errors import UsageError
from msglint.rules import BUILTIN_RULES, Rule

ENTRY_POINT_GROUP = "msglint.rules"


class PluginError(UsageError):
    """A plugin that cannot be loaded: one line, exit code 2."""


def load_rules(specs: tuple[str, ...], project_root: Path | None) -> tuple[type[Rule], ...]:
    rules = list(BUILTIN_RULES)
    for origin, rule in (*_entry_point_rules(), *(_configured(spec, project_root) for spec in specs)):
        _check(rule, origin, rules)
        rules.append(rule)
    return tuple(rules)


def _entry_point_rules() -> list[tuple[str, type[Rule]]]:
    from importlib.metadata import entry_points

    found = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        origin = f"entry point `{entry.name} = {entry.value}`"
        try:
            found.append((origin, entry.load()))
        except Exception as error:
            raise PluginError(f"plugin {origin} cannot be loaded: {type(error).__name__}: {error}") from None
    return found


def _configured(spec: str, project_root: Path | None) -> tuple[str, type[Rule]]:
    origin = f"`{spec}` (plugins)"
    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise PluginError(f"plugin {origin} must be written `module:Class`")
    added = project_root is not None and str(project_root) not in sys.path
    if added:
        sys.path.insert(0, str(project_root))
    try:
        module = importlib.import_module(module_name)
        return origin, getattr(module, class_name)
    except AttributeError:
        raise PluginError(f"plugin {origin}: module `{module_name}` has no `{class_name}`") from None
    except Exception as error:
        raise PluginError(f"plugin {origin} cannot be imported: {type(error).__name__}: {error}") from None
    finally:
        if added:
            sys.path.remove(str(project_root))


def _check(rule: object, origin: str, known: list[type[Rule]]) -> None:
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        raise PluginError(f"plugin {origin} is not a subclass of msglint.rules.Rule")
    for attribute in ("code", "slug", "severity", "summary", "rationale", "fix"):
        if not hasattr(rule, attribute):
            raise PluginError(f"plugin {origin} has no `{attribute}`")
    clash = next((r for r in known if r.code == rule.code or r.slug == rule.slug), None)
    if clash is not None:
        raise PluginError(f"plugin {origin} reuses the code or slug of {clash.code} ({clash.slug})")
    rule.plugin = origin
