"""The ``kgtools`` command: a thin shell over the library.

Each verb parses its options, calls one library function and prints the result. Errors a user
can cause (:class:`kgtools.errors.KgError`, bad files, bad parameters) print one line on stderr
and exit 2; ``--debug`` shows the traceback instead. Exit codes: 0 success, 1 a finding
(validation failed, inconsistent ontology), 2 a usage or input error.

Heavy libraries (owlready2, pyshacl, networkx) are imported only inside the verbs that need them,
so ``kgtools info`` and ``kgtools lookup`` start fast.
"""

from __future__ import annotations

import functools
import json
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
    return func


def _load(inputs: Sequence[str], data: Sequence[str], engine: str) -> KnowledgeGraph:
    from .kg import load

    return load(*inputs, engine=engine, data=data)


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
        except Exception as error:  # noqa: BLE001 - the last line of defence for users
            if _Context.debug:
                raise
            click.echo(f"kgtools: internal error: {type(error).__name__}: {error} (rerun with --debug)", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


# --- the group --------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="kgtools", prog_name="kgtools")
def main(debug: bool) -> None:
    """Query, check and explore XSCO, the Extra-Skeletal Calcification Ontology."""
    _Context.debug = debug


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
@source_options
@format_option
@output_option
@handle_errors
def associations(
    type_: str | None,
    disorder: str | None,
    site: str | None,
    predicate: str | None,
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
        found = kg.associations(object=disorder, predicate=predicate)
    elif site is not None:
        found = kg.associations(object=site, predicate=predicate)
    else:
        found = kg.associations(subject=type_, predicate=predicate)
    rows = [
        {
            "subject": a.subject.label or a.subject.curie,
            "predicate": a.predicate,
            "object": a.object.label or a.object.curie,
            "qualifier": a.qualifier or "",
            "negated": "true" if a.negated else "",
            "open_list": "true" if a.open_list else "false",
            "source": a.source,
            "text": a.text,
        }
        for a in found
    ]
    _emit(_format_rows(rows, fmt), output)


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


# --- SPARQL endpoint (issue 5) ---


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", "-p", default=7878, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--store", type=click.Path(file_okay=False), default=None, help="On-disk Oxigraph store folder (loaded once, reopened instantly).")
@click.option("--refresh", is_flag=True, help="Reload the sources into --store even when it already holds data.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01), help="Time limit per query, seconds.")
@click.option("--max-results", default=10000, show_default=True, type=click.IntRange(min=1), help="Most rows (or triples) per answer.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(min=1), help="Queries that may run at once.")
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
    inputs: Sequence[str],
    data: Sequence[str],
    engine: str,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (http://HOST:PORT/sparql, a query form at /)."""
    import logging

    from .kg import load
    from .serve import serve as run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    kg = load(*inputs, engine=engine, data=data, store=store, refresh=refresh)
    click.echo(f"kgtools: serving {kg.store.count()} triples ({kg.engine}) at http://{host}:{port}/sparql", err=True)
    run(kg, host, port, timeout=timeout, max_results=max_results, workers=workers)


def _format_rows(rows: list[dict[str, str]], fmt: str) -> str:
    """Render plain rows (already display strings) in one of FORMATS."""
    from rdflib import Literal

    from .query import QueryResult

    columns = list(rows[0]) if rows else []
    terms = [{k: Literal(v) for k, v in row.items() if v != ""} for row in rows]
    return _render(QueryResult(columns, terms), fmt)  # type: ignore[arg-type]


if __name__ == "__main__":  # pragma: no cover
    main()
