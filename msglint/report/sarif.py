"""SARIF 2.1.0 for GitHub code scanning: one run, every rule in the tool's table, results with physical
locations relative to `%SRCROOT%` (the repository's root; its absolute path is not written, so the report
is the same on every machine), related locations linked from the message text, and fingerprints that
survive unrelated edits (`primaryLocationLineHash` as GitHub computes it, and msglint's own)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from msglint import __version__
from msglint.lint.baseline import unique_fingerprints
from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Location, Related, Severity
from msglint.report.linehash import line_hashes
from msglint.report.paths import source_file
from msglint.rules.render import rule_help_uri, rule_markdown

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"
FINGERPRINT = "msglintFingerprint/v2"  # v1 was shared by identical findings; v2 adds the occurrence


def render_sarif(result: LintResult, exit_code: int) -> str:
    rules = list(result.rules)
    index = {rule.code: position for position, rule in enumerate(rules)}
    hashes = _line_hashes(result)
    fingerprints = unique_fingerprints(result.diagnostics)
    run = {
        "tool": {
            "driver": {
                "name": "msglint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": rule_help_uri(None),
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The root of the git work tree msglint ran in, else the project root."}},
            **_repository_bases(result),
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index, key, hashes) for d, key in zip(result.diagnostics, fingerprints, strict=True)],
        "invocations": [{"executionSuccessful": True, "exitCode": exit_code}],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(rule) -> dict[str, Any]:  # noqa: ANN001 - a Rule class
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {"text": " ".join(rule.fix.split()), "markdown": rule_markdown(rule)},
        "helpUri": rule_help_uri(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["message-design", *(["heuristic"] if rule.heuristic else [])]},
    }


def physical_location(location: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)}
    if location.end_line and location.end_line >= region["startLine"]:
        region["endLine"] = location.end_line
        if location.end_column and (
            location.end_line > region["startLine"] or location.end_column > region["startColumn"]
        ):
            region["endColumn"] = location.end_column
    return {"artifactLocation": artifact(location.path, location.repository), "region": region}


def artifact(path: str, repository: str | None = None) -> dict[str, Any]:
    """A relative path is a URI reference under %SRCROOT%, percent-encoded (spaces, `#`, `%`, non-ASCII); a
    path in another repository is relative to that repository's base."""
    if repository:
        return {"uri": quote(path, safe="/"), "uriBaseId": repository_base_id(repository)}
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def repository_base_id(repository: str) -> str:
    return f"REPO_{repository}"


def _repository_bases(result: LintResult) -> dict[str, Any]:
    """One base per other repository a finding names: its URL when the inventory gave one (links then open
    there), else a description only, which a viewer resolves as it resolves %SRCROOT%."""
    named = set(result.overview.repositories)
    for diagnostic in result.diagnostics:
        named.update(r.location.repository for r in diagnostic.related if r.location.repository)
        if diagnostic.location.repository:
            named.add(diagnostic.location.repository)
    bases = {}
    for name in sorted(named):
        base: dict[str, Any] = {"description": {"text": f"The root of repository `{name}`, read from its inventory."}}
        url = result.overview.repositories.get(name)
        if url:
            base["uri"] = files_url(url)
        bases[repository_base_id(name)] = base
    return bases


def files_url(url: str) -> str:
    """Where a repository's files are browsed: GitHub and GitLab show them under `blob/HEAD` (the default
    branch); any other URL is taken as the files' base itself."""
    url = url.rstrip("/")
    host = url.partition("://")[2].split("/", 1)[0].lower()
    if host == "github.com" and url.count("/") == 4:
        return f"{url}/blob/HEAD/"
    if host == "gitlab.com" and url.count("/") >= 4 and "/-/" not in url:
        return f"{url}/-/blob/HEAD/"
    return url + "/"


def message_text(diagnostic: Diagnostic) -> str:
    """The finding, a link to each related location (`[the other handler](1)`, SARIF 3.11.6), the fix."""
    text = diagnostic.message
    if diagnostic.related:
        links = ", ".join(f"[{_link_text(r)}]({number})" for number, r in enumerate(diagnostic.related, start=1))
        text += f"\nSee: {links}."
    if diagnostic.suggestion:
        text += f"\nFix: {diagnostic.suggestion}"
    return text


def _link_text(related: Related) -> str:
    text = related.note or str(related.location)
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _result(diagnostic: Diagnostic, index: dict[str, int], key: str, hashes: dict[str, dict[int, str]]) -> dict:
    fingerprints = {FINGERPRINT: key}
    line_hash = (
        None
        if diagnostic.location.repository
        else hashes.get(diagnostic.location.path, {}).get(diagnostic.location.line)
    )
    if line_hash:
        fingerprints["primaryLocationLineHash"] = line_hash
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": message_text(diagnostic)},
        "locations": [{"physicalLocation": physical_location(diagnostic.location)}],
        "partialFingerprints": fingerprints,
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    if diagnostic.related:
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": physical_location(r.location), "message": {"text": r.note}}
            for number, r in enumerate(diagnostic.related, start=1)
        ]
    properties = {"heuristic": diagnostic.heuristic}
    if diagnostic.signals:
        properties["signals"] = list(diagnostic.signals)
    if diagnostic.message_key:
        properties["message"] = diagnostic.message_key
    result["properties"] = properties
    return result


def _line_hashes(result: LintResult) -> dict[str, dict[int, str]]:
    """The line hashes of every file a finding is in, up to its last finding's line; a file that cannot be
    read gets none (GitHub's upload then computes them itself, as it does for any report without them)."""
    last: dict[str, int] = {}
    for diagnostic in result.diagnostics:
        if diagnostic.location.repository:
            continue  # another repository's file is not here
        path = diagnostic.location.path
        last[path] = max(last.get(path, 0), diagnostic.location.line)
    hashes = {}
    for path, line in last.items():
        try:
            text = result.source(source_file(path, result)).decode("utf-8", errors="replace")
        except OSError:
            continue
        hashes[path] = line_hashes(text, line)
    return hashes
