"""The command line. Only click is imported at start-up; everything else is imported by the command that
needs it, so `msglint --version` stays instant."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from msglint import __version__
from msglint.errors import UsageError as UsageProblem

FORMATS = ("text", "json")
LEVELS = ("error", "warning", "info")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="msglint", message="%(prog)s %(version)s")
def cli() -> None:
    """msglint: check that commands and events in your code and contracts say what they mean."""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format."
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Only these rules (codes or slugs, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes or slugs, comma-separated).")
@click.option("--fail-on", type=click.Choice(LEVELS), help="Lowest severity that fails the run [default: error].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (msglint.toml or pyproject.toml).",
)
@click.option("--no-color", is_flag=True, help="Plain text, no colours.")
@click.option("--quiet", "-q", is_flag=True, help="One line per finding, no source, no summary.")
@click.option(
    "--no-cache", is_flag=True, envvar="MSGLINT_NO_CACHE", help="Read every file; neither use nor write the cache."
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MSGLINT_CACHE_DIR",
    help="Where the cache lives [default: .msglint_cache in the project root].",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes that read files [default: one per core].")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    config_file: Path | None,
    no_color: bool,
    quiet: bool,
    no_cache: bool,
    cache_dir: Path | None,
    jobs: int | None,
    debug: bool,
) -> None:
    """Check PATHS (default: the current folder) and report message-design problems."""
    from msglint.lint.run import lint

    targets = list(paths) or [Path(".")]
    config = _config_for(targets, config_file, select, ignore, fail_on)
    if not any(p.exists() for p in targets):
        raise UsageProblem(f"no such file or folder: {', '.join(str(p) for p in targets)}")
    result = lint(targets, config, debug=debug, cache_dir=cache_dir, use_cache=not no_cache, jobs=jobs)
    failing = [d for d in result.diagnostics if d.severity >= config.fail_on]
    exit_code = 0 if exit_zero or not failing else 1
    _write_report(result, output_format, output, exit_code, no_color, quiet)
    sys.exit(exit_code)


def _config_for(
    targets: list[Path], config_file: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None
):  # noqa: ANN202 - returns msglint.lint.config.Config, imported lazily
    from dataclasses import replace

    from msglint.lint.config import find_config, load_config
    from msglint.lint.run import rule_names
    from msglint.model import Severity

    names = rule_names()
    if config_file is not None and not config_file.is_file():
        raise UsageProblem(f"--config: no such file: {config_file}")
    config = load_config(config_file or find_config(targets[0].resolve()), names)
    changes = {}
    if select:
        changes["select"] = tuple(_rule_code(name, names, "--select") for name in _split(select))
    if ignore:
        changes["ignore"] = config.ignore + tuple(_rule_code(name, names, "--ignore") for name in _split(ignore))
    if fail_on:
        changes["fail_on"] = Severity.parse(fail_on)
    return replace(config, **changes)


def _rule_code(name: str, names: dict[str, str], option: str) -> str:
    import difflib

    code = names.get(name.upper()) or names.get(name.lower())
    if code:
        return code
    close = difflib.get_close_matches(name, sorted(names), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; `msglint rules` lists them"
    raise UsageProblem(f"{option}: unknown rule {name!r}{hint}")


def _write_report(
    result,
    output_format: str,
    output: Path | None,
    exit_code: int,  # noqa: ANN001
    no_color: bool,
    quiet: bool,
) -> None:
    import io

    if output_format == "json":
        from msglint.report.json_report import render_json

        text = render_json(result, exit_code)
        if output:
            _write_file(output, text)
        else:
            sys.stdout.write(text)
        return
    from msglint.report.text import render_text

    if output:
        buffer = io.StringIO()
        render_text(result, buffer, color=False, quiet=quiet)
        _write_file(output, buffer.getvalue())
    else:
        render_text(result, sys.stdout, color=False if no_color else None, quiet=quiet)


def _write_file(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageProblem(f"--output: cannot write {path}: {error.strerror or error}") from None


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar="MSGLINT_CACHE_DIR")
def clean(paths: tuple[Path, ...], cache_dir: Path | None) -> None:
    """Remove msglint's cache of the project PATHS belong to (default: the current folder)."""
    from msglint.lint.cache import cache_folder
    from msglint.lint.cache import clean as remove_cache
    from msglint.lint.discover import project_root

    targets = list(paths) or [Path(".")]
    config = _config_for(targets, None, (), (), None)
    folder = cache_folder(project_root(targets, config), cache_dir)
    if remove_cache(folder):
        click.echo(f"removed {folder}")
    else:
        click.echo(f"no msglint cache at {folder}")


@cli.command()
def rules() -> None:
    """List every rule: code, slug, default severity and what it flags."""
    from rich.console import Console
    from rich.table import Table

    from msglint.rules import BUILTIN_RULES

    table = Table(box=None, show_edge=False, pad_edge=False)
    for column in ("code", "slug", "severity", "what it flags"):
        table.add_column(column, no_wrap=column != "what it flags")
    for rule in BUILTIN_RULES:
        table.add_row(rule.code, rule.slug, rule.severity.label, rule.summary)
    Console(highlight=False).print(table)


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain a rule (by code or slug): what it flags, why, how to fix it, with examples."""
    from msglint.lint.run import rule_names
    from msglint.rules import find_rule
    from msglint.rules.render import rule_markdown

    found = find_rule(rule)
    if found is None:
        _rule_code(rule, rule_names(), "explain")
    text = rule_markdown(found)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file whose [naming] lists to use.",
)
def name(names: tuple[str, ...], output_format: str, config_file: Path | None) -> None:
    """Check message NAMES before you create them (`-` reads one name a line from stdin)."""
    import json

    from msglint.lint.config import find_config, load_config
    from msglint.lint.run import rule_names, vocabulary_of
    from msglint.naming import analyse_name

    if config_file is not None and not config_file.is_file():
        raise UsageProblem(f"--config: no such file: {config_file}")
    vocabulary = vocabulary_of(load_config(config_file or find_config(Path.cwd()), rule_names()))
    for raw in _names_from(names):
        analysis = analyse_name(raw, vocabulary)
        if output_format == "json":
            sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(_describe_name(analysis) + "\n")


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
        flags.append(f"{analysis.kind_suffix} suffix")
    action = f" ('{analysis.action_word}')" if analysis.action_word else ""
    reading = {
        "imperative": "reads as a command",
        "past": "reads as an event",
        "progressive": "an ongoing activity",
        "noun": "no verb",
    }[analysis.grammar]
    text = f"{analysis.name}: {analysis.grammar}{action}, {reading}"
    if flags:
        text += f"; {', '.join(flags)}"
    if analysis.suggestion:
        text += f"; other kind: {analysis.suggestion}"
    return text


def main(argv: list[str] | None = None) -> None:
    """Entry point: usage and configuration errors are one line and exit code 2, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
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
