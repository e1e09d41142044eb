"""Every rule's documented examples are tests: the valid ones pass, the invalid ones fail at the stated lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from msglint.lint.config import Config, load_config
from msglint.lint.resolve import build_system
from msglint.lint.run import run_rules
from msglint.naming import Vocabulary
from msglint.readers import ReadSettings
from msglint.readers.asyncapi import AsyncApiReader
from msglint.readers.catalog import CatalogReader
from msglint.readers.python import PythonReader
from msglint.rules import BUILTIN_RULES, RuleContext
from msglint.rules.render import example_config, example_source

CASES = [
    pytest.param(rule, example, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{index}")
    for rule in BUILTIN_RULES
    for valid, examples in ((True, rule.valid), (False, rule.invalid))
    for index, example in enumerate(examples)
]


def findings_of(rule, example, folder: Path) -> list:
    """The rule's findings when every rule runs (MSG903 needs the others to use suppressions)."""
    source = example_source(example)
    if example.language == "python":
        reader, path = PythonReader(), folder / "example.py"
    elif source.startswith("asyncapi:"):
        reader, path = AsyncApiReader(), folder / "example.yaml"
    else:
        reader, path = CatalogReader(), folder / "example.yaml"
    path.write_text(source, encoding="utf-8")
    settings = ReadSettings(root=str(folder))
    facts = reader.read(str(path), source.encode(), settings)
    if hasattr(reader, "link"):
        reader.link([facts], settings)
    config = Config()
    if example.config:
        (folder / "msglint.toml").write_text(example_config(example), encoding="utf-8")
        config = load_config(folder / "msglint.toml")
    system = build_system([facts], Vocabulary.default(), scope=config.scope, selected=config.named_rules)
    context = RuleContext(conventions=config.conventions)
    return [f for f in run_rules(system, config, context, BUILTIN_RULES) if f.code == rule.code]


@pytest.mark.parametrize(("rule", "example", "valid"), CASES)
def test_example(rule, example, valid, tmp_path):
    findings = findings_of(rule, example, tmp_path)
    if valid:
        assert findings == [], [f.message for f in findings]
    else:
        assert sorted(f.location.line for f in findings) == sorted(example.lines)
        assert {f.code for f in findings} == {rule.code}
        assert all(f.location.path.endswith(("example.yaml", "example.py")) for f in findings)


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.code)
def test_rule_is_documented_both_ways(rule):
    assert rule.valid and rule.invalid, "every rule shows an example that passes and one that fails"
    assert all(example.lines for example in rule.invalid)
    for text in (rule.summary, rule.rationale, rule.fix):
        assert text.strip() and (text[0].isupper() or text[0] == "`")


def test_codes_and_slugs_are_unique():
    assert len({r.code for r in BUILTIN_RULES}) == len(BUILTIN_RULES)
    assert len({r.slug for r in BUILTIN_RULES}) == len(BUILTIN_RULES)


def test_one_module_per_rule():
    modules = sorted(p.stem for p in (Path(__file__).parents[1] / "msglint" / "rules").glob("msg*.py"))
    assert [m.split("_")[0].upper() for m in modules] == sorted(r.code for r in BUILTIN_RULES)
