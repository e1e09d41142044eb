"""JUnit XML for Jenkins and GitLab test reports: one test case per rule per file, failing when that rule
found something there. Files without findings appear as one passing case, so a report is never empty."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree

from msglint.lint.run import LintResult


def render_junit(result: LintResult, exit_code: int) -> str:
    suites = ElementTree.Element("testsuites", name="msglint")
    suite = ElementTree.SubElement(suites, "testsuite", name="msglint")
    cases = failures = 0
    by_file_rule = sorted(result.diagnostics, key=lambda d: (d.location.path, d.code, d.location.line))
    flagged_files = set()
    for (path, code), group in groupby(by_file_rule, key=lambda d: (d.location.path, d.code)):
        findings = list(group)
        flagged_files.add(path)
        case = ElementTree.SubElement(suite, "testcase", classname=path, name=f"{code} {findings[0].slug}")
        failure = ElementTree.SubElement(
            case,
            "failure",
            message=f"{len(findings)} finding{'s' if len(findings) != 1 else ''} of {code}",
            type=findings[0].severity.label,
        )
        failure.text = "\n".join(f"{d.location}: {d.severity.label}: {d.message}" for d in findings)
        cases += 1
        failures += 1
    for path in sorted(set(result.files) - flagged_files):
        ElementTree.SubElement(suite, "testcase", classname=path, name="msglint")
        cases += 1
    for element in (suites, suite):
        element.set("tests", str(cases))
        element.set("failures", str(failures))
        element.set("errors", "0")
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
