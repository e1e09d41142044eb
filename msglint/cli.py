"""The command line. Only click is imported at start-up; everything else is imported by the command that
needs it, so `msglint --version` stays instant."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import click

from msglint import __version__
from msglint.errors import UsageError as UsageProblem

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")  # as msglint.report.FORMATS
LEVELS = ("error", "warning", "info")
OutputFile = click.Path(dir_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="msglint", message="%(prog)s %(version)s")
def cli() -> None:
    """msglint: check that commands and events in your code and contracts say what they mean."""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def analysis_options(function):  # noqa: ANN001, ANN201 - a click decorator
    """The options every command that analyses a repository shares."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option(
            "--config", "config_file", type=OutputFile, help="Configuration file (msglint.toml or pyproject.toml)."
        ),
        click.option(
            "--exclude",
            multiple=True,
            help="Leave out these files and folders (gitignore patterns, comma-separated); replaces the configured "
            "`exclude` and its defaults.",
        ),
        click.option("--extend-exclude", multiple=True, help="Also leave out these (added to `exclude`)."),
        click.option(
            "--force-exclude",
            is_flag=True,
            default=None,
            help="Apply the exclusions to files and folders named on the command line too (as pre-commit names them).",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            envvar="MSGLINT_NO_CACHE",
            help="Read every file; neither use nor write the cache.",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            envvar="MSGLINT_CACHE_DIR",
            help="Where the cache lives [default: .msglint_cache in the project root].",
        ),
        click.option(
            "--jobs", "-j", type=click.IntRange(min=1), help="Processes that read files [default: one per core]."
        ),
        click.option("--quiet", "-q", is_flag=True, help="Less output: no progress bar; one line per finding."),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@cli.command()
@analysis_options
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output", "-o", "--output-file", type=OutputFile, help="Write the report to FILE instead of standard output."
)
@click.option("--output-text", type=OutputFile, help="Also write a text report to FILE.")
@click.option("--output-json", type=OutputFile, help="Also write a JSON report to FILE.")
@click.option("--output-sarif", type=OutputFile, help="Also write SARIF 2.1.0 to FILE (GitHub code scanning).")
@click.option("--output-github", type=OutputFile, help="Also write GitHub workflow annotations to FILE.")
@click.option("--output-junit", type=OutputFile, help="Also write JUnit XML to FILE.")
@click.option("--output-gitlab", type=OutputFile, help="Also write GitLab Code Quality JSON to FILE.")
@click.option(
    "--output-markdown", type=OutputFile, help="Also write a Markdown summary to FILE (pull-request comment)."
)
@click.option(
    "--statistics",
    is_flag=True,
    help="How many findings each rule has, instead of the findings (--format text, json, junit or markdown).",
)
@click.option("--select", multiple=True, help="Only these rules (codes, prefixes such as MSG1, slugs, or ALL).")
@click.option("--extend-select", multiple=True, help="Add these rules to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, prefixes or slugs, comma-separated).")
@click.option("--extend-ignore", multiple=True, help="Skip these rules too (added to --ignore and `ignore`).")
@click.option("--fail-on", type=click.Choice(LEVELS), help="Lowest severity that fails the run [default: error].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Report only findings not in FILE.")
@click.option("--write-baseline", type=OutputFile, help="Record the current findings in FILE and exit 0.")
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    show_default=True,
    help="Colours in the text report: auto is on a terminal unless NO_COLOR is set, or when FORCE_COLOR is.",
)
@click.option("--no-color", is_flag=True, help="Plain text, no colours (as --color never).")
@click.option(
    "--stdin-filename",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check the text on standard input as the file at this path (PATHS `-` or none); the rest of the "
    "project is read from disk.",
)
@click.option(
    "--inventory",
    "inventories",
    multiple=True,
    help="Also read other repositories' inventories (`msglint inventory`): a *.msglint.json file, a folder of "
    "them or a glob (quoted); repeatable.",
)
@click.option(
    "--organisation",
    "--organization",
    is_flag=True,
    help="The check covers every repository of the organisation: report dead ends (MSG208) too.",
)
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    statistics: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    color: str,
    no_color: bool,
    output_text: Path | None,
    output_json: Path | None,
    output_sarif: Path | None,
    output_github: Path | None,
    output_junit: Path | None,
    output_gitlab: Path | None,
    output_markdown: Path | None,
    stdin_filename: Path | None,
    inventories: tuple[str, ...],
    organisation: bool,
    **analysis: Any,
) -> None:
    """Check PATHS (default: the current folder) and report message-design problems.

    \b
    Read: AsyncAPI documents (YAML or JSON with an `asyncapi` key), EventCatalog
    folders, msglint catalogs (YAML with `msglint: 1`) and Python source.
    A file named here is reported on; the project around it is still read.
    `msglint check - --stdin-filename PATH` checks an editor's unsaved text.
    """
    from msglint.report.statistics import FORMATS as STATISTICS_FORMATS

    if statistics and output_format not in STATISTICS_FORMATS:
        raise UsageProblem(
            f"--statistics cannot be written as {output_format}, whose consumers read findings one by one: "
            f"use --format {', '.join(STATISTICS_FORMATS[:-1])} or {STATISTICS_FORMATS[-1]} "
            f"(and --output-{output_format} FILE for the findings)"
        )
    rules = Selection(select, extend_select, (*ignore, *extend_ignore), fail_on, organisation)
    paths, unsaved = _stdin_target(paths, stdin_filename)
    result = _analyse(paths, rules=rules, unsaved=unsaved, inventories=_inventory_files(inventories), **analysis)
    if write_baseline is not None:
        from msglint.lint.baseline import write_baseline as record
        from msglint.report.paths import for_machines

        record(write_baseline, for_machines(result).diagnostics)
        sys.stderr.write(f"msglint: recorded {len(result.diagnostics)} findings in {write_baseline}\n")
        sys.exit(0)
    if baseline is not None:
        _apply_baseline(result, baseline)
    failing = [d for d in result.diagnostics if d.severity >= result.config.fail_on]
    exit_code = 0 if exit_zero or not failing else 1
    outputs = {
        "text": output_text,
        "json": output_json,
        "sarif": output_sarif,
        "github": output_github,
        "junit": output_junit,
        "gitlab": output_gitlab,
        "markdown": output_markdown,
    }
    for name, path in outputs.items():
        if path is not None:
            _write_report(result, name, path, exit_code, False, analysis["quiet"])
    if statistics:
        from msglint.report.paths import for_machines
        from msglint.report.statistics import render_statistics

        shown = result if output_format == "text" else for_machines(result)
        _emit(render_statistics(shown, output_format, exit_code), output)
    else:
        styled = output is None and output_format == "text" and _use_color(color, no_color, sys.stdout)
        _write_report(result, output_format, output, exit_code, styled, analysis["quiet"])
    if baseline is not None and not analysis["quiet"]:
        sys.stderr.write(_baseline_note(result, baseline))
    sys.exit(exit_code)


def _stdin_target(paths: tuple[Path, ...], stdin_filename: Path | None):  # noqa: ANN202 - lint.run.Unsaved
    """`-` (or no path) with --stdin-filename: the path to check, and the text on stdin that stands for it."""
    reads_stdin = Path("-") in paths
    if stdin_filename is None:
        if reads_stdin:
            raise UsageProblem("`-` checks the text on stdin: name the file it stands for with --stdin-filename PATH")
        return paths, None
    if any(path != Path("-") for path in paths):
        raise UsageProblem("--stdin-filename checks stdin alone: give no PATHS, or `-`")
    from msglint.lint.run import Unsaved

    return (stdin_filename,), Unsaved(stdin_filename, _stdin_bytes())


def _stdin_bytes() -> bytes:
    """The bytes on stdin, undecoded: the reader of the file's format decides what they mean."""
    stream = getattr(sys.stdin, "buffer", None)
    return stream.read() if stream is not None else sys.stdin.read().encode("utf-8", "surrogateescape")


class Selection:
    """The rule options of `check`, as written."""

    def __init__(
        self,
        select: tuple[str, ...] = (),
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        fail_on: str | None = None,
        organisation: bool = False,
    ) -> None:
        self.select = select
        self.extend_select = extend_select
        self.ignore = ignore
        self.fail_on = fail_on
        self.organisation = organisation


def _inventory_files(values: tuple[str, ...]) -> tuple[Path, ...]:
    """`--inventory` values: files, folders (their `*.msglint.json`, at any depth) and globs, in order."""
    import glob

    from msglint.readers.inventory import INVENTORY_SUFFIX

    files: list[Path] = []
    for value in values:
        given = Path(value)
        if given.is_dir():
            found = sorted(given.rglob(f"*{INVENTORY_SUFFIX}"))
        elif given.is_file():
            found = [given]
        else:
            found = sorted(Path(p) for p in glob.glob(value, recursive=True) if Path(p).is_file())
        if not found:
            raise UsageProblem(f"--inventory {value}: no such inventory file, folder or matching file")
        wrong = next((p for p in found if not p.name.endswith(INVENTORY_SUFFIX)), None)
        if wrong is not None:
            raise UsageProblem(
                f"--inventory {value}: {wrong} is not an inventory (the name ends in {INVENTORY_SUFFIX})"
            )
        files.extend(found)
    return tuple(dict.fromkeys(files))


def _use_color(option: str, no_color: bool, stream: Any) -> bool:
    """`--color always|never` decide; else NO_COLOR (set and not empty) turns styles off, FORCE_COLOR (set
    and not empty) turns them on, and a terminal gets them (no-color.org, force-color.org)."""
    import os

    if option != "auto" or no_color:
        return option == "always" and not no_color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _analyse(
    paths: tuple[Path, ...],
    config_file: Path | None,
    no_cache: bool,
    cache_dir: Path | None,
    jobs: int | None,
    quiet: bool,
    debug: bool,
    exclude: tuple[str, ...] = (),
    extend_exclude: tuple[str, ...] = (),
    force_exclude: bool | None = None,
    rules: Selection | None = None,
    unsaved=None,  # noqa: ANN001 - a msglint.lint.run.Unsaved, imported lazily
    inventories: tuple[Path, ...] = (),
):  # noqa: ANN202 - a msglint.lint.run.LintResult, imported lazily
    from msglint.lint.run import lint
    from msglint.progress import Progress

    targets = list(paths) or [Path(".")]
    config = _config_for(targets, config_file, rules or Selection(), Exclusions(exclude, extend_exclude, force_exclude))
    if unsaved is None and not any(p.exists() for p in targets):
        raise UsageProblem(f"no such file or folder: {', '.join(str(p) for p in targets)}")
    for target in targets:
        _require_utf8_path(target)
    with Progress(enabled=not quiet) as progress:
        return lint(
            targets,
            config,
            debug=debug,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            jobs=jobs,
            progress=progress,
            unsaved=unsaved,
            inventories=inventories,
        )


class Exclusions:
    """The exclusion options, as written."""

    def __init__(
        self, exclude: tuple[str, ...] = (), extend_exclude: tuple[str, ...] = (), force: bool | None = None
    ) -> None:
        self.exclude = exclude
        self.extend_exclude = extend_exclude
        self.force = force


def _require_utf8_path(target: Path) -> None:
    """Paths are shown, cached and reported as UTF-8 text: a target whose path is not (its bytes, or those
    of a folder above it) cannot be checked. Files with such names inside a target are skipped instead."""
    path = str(target.resolve())
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageProblem(f"{path!r}: the path is not valid UTF-8; rename it to check it") from None


def _apply_baseline(result, baseline: Path) -> None:  # noqa: ANN001 - a LintResult
    """Fingerprints are taken from the report's paths (relative to the repository), so a baseline written in
    one folder matches a run from another."""
    from msglint.lint.baseline import apply_baseline, fingerprint, read_baseline
    from msglint.report.paths import for_machines

    keys = [fingerprint(d) for d in for_machines(result).diagnostics]
    outcome = apply_baseline(result.diagnostics, read_baseline(baseline), keys)
    result.diagnostics = outcome.new
    result.baselined = outcome.baselined
    result.stale_baseline = outcome.stale


def _baseline_note(result, baseline: Path) -> str:  # noqa: ANN001 - a LintResult
    note = f"msglint: {result.baselined} findings hidden by the baseline {baseline}"
    if result.stale_baseline:
        note += (
            f"; {result.stale_baseline} of its entries match nothing any more "
            f"(rewrite it with --write-baseline {baseline} to prune them)"
        )
    return note + "\n"


def _config_for(
    targets: list[Path], config_file: Path | None, rules: Selection, exclusions: Exclusions | None = None
):  # noqa: ANN202 - returns msglint.lint.config.Config, imported lazily
    from dataclasses import replace

    from msglint.lint.config import ConfigError, named_rules, rule_selector
    from msglint.model import Severity

    config = _load_config(config_file, targets[0].resolve())
    names = {name: rule.code for rule in config.rules for name in (rule.code, rule.slug)}

    def codes(values: tuple[str, ...], option: str) -> tuple[str, ...]:
        try:
            return tuple(code for name in _split(values) for code in rule_selector(name, names))
        except ConfigError as error:
            raise UsageProblem(f"{option}: {error}") from None

    changes: dict[str, Any] = {}
    if rules.select:
        changes["select"] = codes(rules.select, "--select")
        changes["named_rules"] = named_rules(_split(rules.select), names)
    if rules.extend_select:
        changes["extend_select"] = config.extend_select + codes(rules.extend_select, "--extend-select")
        named = changes.get("named_rules", config.named_rules)
        changes["named_rules"] = named + named_rules(_split(rules.extend_select), names)
    if rules.organisation:
        changes["scope"] = "organisation"
    if rules.ignore:
        changes["ignore"] = config.ignore + codes(rules.ignore, "--ignore")
    if rules.fail_on:
        changes["fail_on"] = Severity.parse(rules.fail_on)
    if exclusions is not None:
        changes.update(_exclusion_changes(config, exclusions))
    return replace(config, **changes)


def _exclusion_changes(config, exclusions: Exclusions) -> dict[str, Any]:  # noqa: ANN001 - a Config
    from msglint.lint.config import ConfigError, check_patterns

    changes: dict[str, Any] = {}
    try:
        if exclusions.exclude:
            changes["exclude"] = check_patterns(_split(exclusions.exclude), "--exclude")
        if exclusions.extend_exclude:
            extra = check_patterns(_split(exclusions.extend_exclude), "--extend-exclude")
            changes["extend_exclude"] = config.extend_exclude + extra
    except ConfigError as error:
        raise UsageProblem(str(error)) from None
    if exclusions.force is not None:
        changes["force_exclude"] = exclusions.force
    return changes


def _rule_code(name: str, names: dict[str, str], option: str) -> str:
    import difflib

    code = names.get(name.upper()) or names.get(name.lower())
    if code:
        return code
    close = difflib.get_close_matches(name, sorted(names), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; `msglint rules` lists them"
    raise UsageProblem(f"{option}: unknown rule {name!r}{hint}")


def _write_report(
    result,  # noqa: ANN001 - a LintResult
    output_format: str,
    output: Path | None,
    exit_code: int,
    color: bool,
    quiet: bool,
) -> None:
    import io

    from msglint.report import write_report

    if output is None:
        write_report(output_format, result, exit_code, sys.stdout, color=color, quiet=quiet)
        return
    buffer = io.StringIO()
    write_report(output_format, result, exit_code, buffer, color=False, quiet=quiet)
    _write_file(output, buffer.getvalue())


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        _write_file(output, text)


def _write_file(path: Path, text: str) -> None:
    from msglint.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as error:
        raise UsageProblem(f"cannot write {path}: {error.strerror or error}") from None


@cli.command()
@analysis_options
@click.option(
    "--format", "output_format", type=click.Choice(("mermaid", "dot", "json")), default="mermaid", show_default=True
)
@click.option("--output", "-o", type=OutputFile, help="Write the graph to FILE.")
@click.option("--message", help="Only this message and what sends and receives it.")
@click.option("--service", help="Only the messages this service or component sends or receives.")
def graph(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    message: str | None,
    service: str | None,
    **analysis: Any,
) -> None:
    """Draw the flow of messages: who sends, publishes, handles and subscribes; findings in red."""
    from msglint.report.graph import RENDERERS, build_graph

    result = _machine_read(_analyse(paths, **analysis), output_format == "json")
    flow = build_graph(result.system, result.diagnostics, message=message, service=service)
    if not flow.nodes and (message or service):
        raise UsageProblem(f"no message or service matches {message or service!r}")
    _emit(RENDERERS[output_format](flow), output)


@cli.command()
@analysis_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "eventcatalog")),
    default="text",
    show_default=True,
    help="eventcatalog writes an EventCatalog folder (pages of services and messages) to --output.",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write the inventory to FILE (eventcatalog: FOLDER)."
)
@click.option("--force", is_flag=True, help="eventcatalog: write into a folder that is not empty.")
@click.option(
    "--inventory",
    "inventories",
    multiple=True,
    help="Also read other repositories' inventories, as `check --inventory` does (the joined system).",
)
def catalog(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    force: bool,
    inventories: tuple[str, ...],
    **analysis: Any,
) -> None:
    """List every message: its kind and why, who sends it and who receives it."""
    from msglint.report.inventory import render_inventory

    if force and output_format != "eventcatalog":
        raise UsageProblem("--force writes into a folder that is not empty: it goes with --format eventcatalog")
    analysis["inventories"] = _inventory_files(inventories)
    if output_format == "eventcatalog":
        _export_eventcatalog(paths, output, force, analysis)
        return
    result = _machine_read(_analyse(paths, **analysis), output_format == "json")
    _emit(render_inventory(result, as_json=output_format == "json"), output)


def _export_eventcatalog(paths: tuple[Path, ...], output: Path | None, force: bool, analysis: dict[str, Any]) -> None:
    from msglint.report.eventcatalog_export import ExportError, build_export, check_target, write_export

    if output is None:
        raise UsageProblem("--format eventcatalog writes a folder: name it with --output FOLDER")
    try:
        check_target(output, force)
        export = build_export(_machine_read(_analyse(paths, **analysis), True).system)
        write_export(export, output, force)
    except ExportError as error:
        raise UsageProblem(str(error)) from None
    except OSError as error:
        raise UsageProblem(f"cannot write {error.filename or output}: {error.strerror or error}") from None
    left_out = f"; left out {len(export.left_out)} of unknown kind" if export.left_out else ""
    services, messages = _count(export.services, "service"), _count(export.messages, "message")
    sys.stderr.write(f"msglint: wrote {services} and {messages} to {output}{left_out}\n")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@cli.command()
@analysis_options
@click.option("--output", "-o", type=OutputFile, help="Write the inventory to FILE (name it NAME.msglint.json).")
def inventory(paths: tuple[Path, ...], output: Path | None, **analysis: Any) -> None:
    """Write this repository's messages, handlers and emitters as an inventory other repositories' checks
    read (`msglint check --inventory FILE`); docs/inventory.md describes it."""
    from msglint.lint.config import repository_identity
    from msglint.report.inventory import render_repository_inventory

    result = _analyse(paths, **analysis)
    _emit(render_repository_inventory(result, repository_identity(result.root, result.config)), output)


def _machine_read(result, json_output: bool):  # noqa: ANN001, ANN202 - a LintResult
    """JSON names files relative to the repository, as every machine-read report does (report/paths.py)."""
    if not json_output:
        return result
    from msglint.report.paths import for_machines

    return for_machines(result)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar="MSGLINT_CACHE_DIR")
def clean(paths: tuple[Path, ...], cache_dir: Path | None) -> None:
    """Remove msglint's cache of the project PATHS belong to (default: the current folder)."""
    from msglint.lint.cache import cache_folder
    from msglint.lint.cache import clean as remove_cache
    from msglint.lint.discover import project_root

    targets = list(paths) or [Path(".")]
    config = _config_for(targets, None, Selection())
    folder = cache_folder(project_root(targets, config), cache_dir)
    if remove_cache(folder):
        click.echo(f"removed {folder}")
    else:
        click.echo(f"no msglint cache at {folder}")


@cli.command()
@click.argument("old")
@click.argument("new")
@analysis_options
@click.option("--diff/--write", "show_diff", default=True, help="Show the change (default), or apply it.")
def rename(old: str, new: str, paths: tuple[Path, ...], show_diff: bool, **analysis: Any) -> None:
    """Rename message OLD to NEW in Python code and contracts under PATHS (default: the current folder)."""
    from msglint.rename import plan_rename

    result = _analyse(paths, **analysis)
    plan = plan_rename(result, old, new, list(paths) or [Path(".")])
    for warning in plan.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if not plan.edits:
        sys.stderr.write(f"msglint: nothing to rename: no file msglint reads spells `{plan.old}`\n")
        return
    if show_diff:
        sys.stdout.write(plan.diff())
        sys.stderr.write(f"msglint: {_files(len(plan.edits))} would change; run again with --write to apply\n")
    else:
        try:
            plan.write()
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            raise UsageProblem(
                f"rename: nothing was changed: {error.strerror or error}{where}; every file is as it was"
            ) from None
        sys.stderr.write(f"msglint: renamed `{plan.old}` to `{new}` in {_files(len(plan.edits))}\n")


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


@cli.command()
@click.option("--config", "config_file", type=OutputFile, help="Configuration whose plugins to include.")
def rules(config_file: Path | None) -> None:
    """List every rule (plugins included): code, slug, default severity and what it flags."""
    import os

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False)
    for column in ("code", "slug", "severity", "what it flags"):
        table.add_column(column, no_wrap=column != "what it flags")
    for rule in _project_rules(config_file):
        table.add_row(rule.code, rule.slug, rule.severity.label, escape(rule.summary))
    plain = {"color_system": None} if os.environ.get("NO_COLOR") else {}
    Console(highlight=False, **plain).print(table)


def _project_rules(config_file: Path | None) -> tuple:
    """The built-in rules and the plugins of the given configuration, or of the current folder's."""
    return _load_config(config_file, Path.cwd()).rules


def _load_config(config_file: Path | None, start: Path):  # noqa: ANN202 - a Config, imported lazily
    """The configuration named by `--config`, else the one found from `start` upwards (or the defaults)."""
    from msglint.lint.config import find_config, load_config

    if config_file is not None and not config_file.is_file():
        raise UsageProblem(f"--config: no such file: {config_file}")
    return load_config(config_file or find_config(start))


@cli.command()
@click.argument("rule")
@click.option("--config", "config_file", type=OutputFile, help="Configuration whose plugins to include.")
def explain(rule: str, config_file: Path | None) -> None:
    """Explain a rule (by code or slug): what it flags, why, how to fix it, with examples."""
    from msglint.rules import find_rule
    from msglint.rules.render import rule_markdown

    known = _project_rules(config_file)
    found = find_rule(rule, known)
    if found is None:
        _rule_code(rule, {name: r.code for r in known for name in (r.code, r.slug)}, "explain")
    import os

    text = rule_markdown(found)
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file whose [naming] lists to use.",
)
def name(names: tuple[str, ...], output_format: str, config_file: Path | None) -> None:
    """Check message NAMES before you create them (`-` reads one name a line from stdin)."""
    import json

    from msglint.naming import Vocabulary, analyse_name

    vocabulary = Vocabulary()
    if config_file is not None or _may_configure_naming(Path.cwd()):
        from msglint.lint.run import vocabulary_of  # only then: loading a configuration costs ten times the answer

        vocabulary = vocabulary_of(_load_config(config_file, Path.cwd()))
    for raw in _names_from(names):
        analysis = analyse_name(raw, vocabulary)
        if output_format == "json":
            sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(_describe_name(analysis) + "\n")


def _may_configure_naming(start: Path) -> bool:
    """Does the nearest configuration (as `find_config` finds it) mention `naming`? A cheap look, without
    importing the configuration machinery; when it may, the configuration is loaded and validated."""
    from msglint.files import read_regular_file

    for folder in (start, *start.parents):
        for candidate in (folder / "msglint.toml", folder / "pyproject.toml"):
            try:
                text = read_regular_file(candidate) if candidate.is_file() else b""
            except OSError:
                return True  # let the full load report it
            if candidate.name == "msglint.toml" or b"[tool.msglint" in text:
                return b"naming" in text
    return False


def _names_from(names: tuple[str, ...]) -> list[str]:
    found = []
    for item in names:
        if item == "-":
            found.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            found.append(item)
    return found


def _describe_name(analysis) -> str:  # noqa: ANN001 - a msglint.naming.NameAnalysis
    flags = [flag for flag, on in (("technical", analysis.technical), ("crud", analysis.crud)) if on]
    if analysis.kind_suffix:
        object_too = f" (or the object of '{analysis.action_word}')" if analysis.suffix_may_be_object else ""
        flags.append(f"{analysis.kind_suffix} suffix{object_too}")
    action = f" ('{analysis.action_word}')" if analysis.action_word else ""
    reading = {
        "imperative": "reads as a command",
        "past": "reads as an event",
        "progressive": "an ongoing activity",
        "noun": f"a lifecycle hook ('{analysis.hook}')"
        if analysis.hook
        else ("a noun phrase" if len(analysis.readings) > 1 else "no verb"),
    }[analysis.grammar]
    text = f"{analysis.name}: {analysis.grammar}{action}, {reading}"
    if len(analysis.readings) > 1:
        text += f" ({analysis.readings[0].weight:.2f})"
    for other in analysis.readings[1:]:
        text += f"; may also read as {other.grammar} ({other.weight:.2f}: {other.reason})"
    if flags:
        text += f"; {', '.join(flags)}"
    if analysis.suggestion:
        text += f"; other kind: {analysis.suggestion}"
    return text


@cli.command()
def server() -> None:
    """Run the language server (LSP over stdio) for editors; needs `pip install 'msglint[server]'`."""
    try:
        import pygls  # noqa: F401 - only to tell whether the extra is installed
    except ImportError:
        raise UsageProblem("the language server needs pygls: pip install 'msglint[server]'") from None
    from msglint.server import serve

    gc.enable()  # a long-lived process: cycles made by one check must not pile up over a day of editing
    serve()


def main(argv: list[str] | None = None) -> None:
    """Entry point: usage and configuration errors are one line and exit code 2, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    for stream in (sys.stdout, sys.stderr):
        # half a character read from a file (a JSON `"\ud800"`) is written as that escape, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # A command runs without the cyclic garbage collector: its passes over the facts of 50,000 files cost a
    # third of a cold run, and the facts hold no cycles (files are read with it paused chunk by chunk, which
    # collects what a chunk left). The language server, which lives on, turns it back on.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _run(args, debug)
    finally:
        if collecting:
            gc.enable()  # msglint run in-process, by a test or a tool


def _run(args: list[str], debug: bool) -> None:
    try:
        cli.main(args=args, prog_name="msglint", standalone_mode=False)
    except click.exceptions.Abort:
        sys.stderr.write("msglint: interrupted\n")
        sys.exit(2)
    except click.ClickException as error:
        sys.stderr.write(f"msglint: error: {error.format_message()}\n")
        sys.exit(2)
    except UsageProblem as error:
        sys.stderr.write(f"msglint: error: {error}\n")
        sys.exit(2)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("msglint: interrupted\n")
        sys.exit(2)
    except Exception as error:
        if debug:
            raise
        sys.stderr.write(f"msglint: internal error: {type(error).__name__}: {error} (run with --debug for details)\n")
        sys.exit(2)
