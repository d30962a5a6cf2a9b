"""Black-box justifications over HermiT: find a minimal set of axioms that entails a conclusion.

Pellet explains its own conclusions (glass box, :func:`kgtools.reason.explain`). This module is the
reasoner-independent way: every conclusion is turned into an inconsistency test (``i : C`` holds
iff adding ``i : not C`` makes the ontology inconsistent; ``C`` is unsatisfiable iff a fresh
individual of ``C`` does), and HermiT's consistency check (``-k``) is the oracle. The axioms are
the logical statements of the RDF graph, each a triple with the blank-node structure below it;
declarations are always kept, annotations always dropped (they entail nothing).

Search: start from the axioms syntactically connected to the conclusion's terms, widen until the
conclusion follows, then remove windows of axioms (halving the width down to one) while it still
follows. Every axiom left was tried alone and is needed, so the result is minimal (one
justification, not all of them). Each check starts a JVM, so this is slower than Pellet's.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
import rdflib
from rdflib.term import BNode, Node, URIRef

from .errors import ReasonerError, ReasonerUnavailableError
from .java import JavaRuntime, jvm_options, owlready_dir
from .vocab import XSCO_BASE

__all__ = ["Axiom", "axioms_of", "justify", "render_axiom"]

OWL, RDF, RDFS = rdflib.OWL, rdflib.RDF, rdflib.RDFS
Triple = tuple[Node, Node, Node]
_DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    OWL.Ontology,
    RDFS.Datatype,
}
_PROBE = URIRef(XSCO_BASE + "graph/probe#x")


@dataclass(frozen=True)
class Axiom:
    """One logical statement: its head triple and the blank-node triples it needs."""

    head: Triple
    triples: frozenset[Triple]

    def terms(self) -> set[URIRef]:
        """The named terms the axiom mentions (its signature), vocabulary of RDF/OWL left out."""
        found = set()
        for triple in self.triples:
            for x in triple:
                if isinstance(x, URIRef) and not str(x).startswith((str(OWL), str(RDF), str(RDFS))):
                    found.add(x)
        return found


def _closure(graph: rdflib.Graph, node: Node, seen: set[Node]) -> set[Triple]:
    out: set[Triple] = set()
    if not isinstance(node, BNode) or node in seen:
        return out
    seen.add(node)
    for p, o in graph.predicate_objects(node):
        out.add((node, p, o))
        out |= _closure(graph, o, seen)
    return out


def axioms_of(graph: rdflib.Graph) -> tuple[list[Axiom], set[Triple]]:
    """Split a graph into logical axioms and the declarations kept with every subset."""
    annotation = set(graph.subjects(RDF.type, OWL.AnnotationProperty)) | {RDFS.label, RDFS.comment, RDFS.isDefinedBy}
    referenced = {o for o in graph.objects() if isinstance(o, BNode)}
    declarations: set[Triple] = set()
    axioms: list[Axiom] = []
    for s, p, o in graph:
        if p in annotation or p == OWL.versionIRI or p == OWL.imports:
            continue
        if isinstance(s, BNode) and s in referenced:
            continue  # part of another axiom's structure
        if isinstance(s, BNode) and (s, RDF.type, OWL.Axiom) in graph:
            continue  # reified axiom annotation
        if p == RDF.type and o in _DECLARATION_TYPES and isinstance(s, URIRef):
            declarations.add((s, p, o))
            continue
        if (
            p == RDF.type
            and isinstance(s, URIRef)
            and o
            in (OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.InverseFunctionalProperty)
        ):
            axioms.append(Axiom((s, p, o), frozenset({(s, p, o)})))
            continue
        if isinstance(s, BNode):  # a root blank node: GCI, AllDisjointClasses, anonymous individual
            if any(a.head[0] == s for a in axioms):
                continue
            triples = _closure(graph, s, set())
            axioms.append(Axiom((s, p, o), frozenset(triples)))
            continue
        triples = {(s, p, o)} | _closure(graph, o, set())
        axioms.append(Axiom((s, p, o), frozenset(triples)))
    # anonymous individuals used as objects of property assertions carry their types with them
    return axioms, declarations


class HermitOracle:
    """Consistency checks with HermiT's command line (``-k``), one JVM per check."""

    def __init__(self, java: JavaRuntime) -> None:
        here = owlready_dir() / "hermit"
        self.classpath = os.pathsep.join([str(here), str(here / "HermiT.jar")])
        self.java = java
        self.calls = 0

    def consistent(self, triples: Iterable[Triple]) -> bool:
        graph = rdflib.Graph()
        for t in triples:
            graph.add(t)
        self.calls += 1
        with tempfile.TemporaryDirectory(prefix="kgtools-justify-") as tmp:
            path = Path(tmp) / "subset.owl"
            graph.serialize(destination=str(path), format="xml")
            command = [
                self.java.path,
                "-Xmx1000M",
                # each check is a short JVM on a small subset (measured: 1.5-2.0 s -> 1.1-1.2 s a check)
                *jvm_options(len(graph)),
                "-cp",
                self.classpath,
                "org.semanticweb.HermiT.cli.CommandLine",
                "-k",
                path.as_uri(),
            ]
            try:
                done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
            except (OSError, subprocess.SubprocessError) as error:
                raise ReasonerUnavailableError(f"cannot run HermiT with {self.java}: {error}") from None
        text = done.stdout + done.stderr
        if "is satisfiable" in text and "not satisfiable" not in text:
            return True
        if "not satisfiable" in text or "nconsistent" in text:
            return False
        raise ReasonerError(f"HermiT consistency check failed: {' '.join(text.split())[:300]}")


def probe_for(kind: str, subject: URIRef | None, target: URIRef | None) -> set[Triple]:
    """Triples whose addition makes the ontology inconsistent exactly when the conclusion holds."""
    if kind == "inconsistent":
        return set()
    if kind == "unsat" and subject is not None:
        return {(_PROBE, RDF.type, OWL.NamedIndividual), (_PROBE, RDF.type, subject)}
    if kind == "instance" and subject is not None and target is not None:
        neg = BNode()
        return {(subject, RDF.type, neg), (neg, RDF.type, OWL.Class), (neg, OWL.complementOf, target)}
    if kind == "subclass" and subject is not None and target is not None:
        neg = BNode()
        return {
            (_PROBE, RDF.type, OWL.NamedIndividual),
            (_PROBE, RDF.type, subject),
            (_PROBE, RDF.type, neg),
            (neg, RDF.type, OWL.Class),
            (neg, OWL.complementOf, target),
        }
    raise ValueError(f"unknown kind of conclusion {kind!r}")


def justify(
    graph: rdflib.Graph,
    kind: str,
    subject: URIRef | None,
    target: URIRef | None,
    consistent: Callable[[Iterable[Triple]], bool],
) -> list[Axiom]:
    """One minimal set of axioms of ``graph`` from which the conclusion follows (black box)."""
    axioms, declarations = axioms_of(graph)
    probe = probe_for(kind, subject, target)

    def entails(subset: Iterable[Axiom]) -> bool:
        triples = set(declarations) | probe
        for a in subset:
            triples |= a.triples
        return not consistent(triples)

    # widen from the conclusion's terms until it follows (syntactic relevance, step by step);
    # an inconsistency has no terms, so it starts from the individuals (the ABox)
    signature = {x for x in (subject, target) if x is not None}
    if not signature:
        signature = {a.head[0] for a in axioms if isinstance(a.head[0], URIRef) and a.head[1] == RDF.type}
    chosen: list[Axiom] = []
    rest = list(axioms)
    while True:
        step = [a for a in rest if a.terms() & signature] or rest  # nothing connected: take the rest
        chosen += step
        rest = [a for a in rest if a not in step]
        for a in step:
            signature |= a.terms()
        if entails(chosen):
            break
        if not rest:
            raise ReasonerError("nothing to explain: HermiT does not find that conclusion")
    # shrink with a sliding window that halves: drop a window whenever the conclusion still follows
    # without it; at width 1 every axiom left has been tried alone, so the result is minimal
    needed = list(chosen)
    width = max(1, len(needed) // 2)
    while True:
        start = 0
        while start < len(needed):
            trial = needed[:start] + needed[start + width :]
            if trial != needed and entails(trial):
                needed = trial
            else:
                start += width
        if width == 1:
            break
        width = max(1, width // 2)
    return needed


# --- rendering RDF axioms with labels ----------------------------------------------------------------


def disjoint_text(a: str, b: str) -> str:
    """"A is disjoint with B", operands in sorted order: the axiom is symmetric, so it reads the same
    whichever side a file or a reasoner states first (HermiT's search and Pellet agree on the text)."""
    first, second = sorted((a, b))
    return f"{first} is disjoint with {second}"


def render_axiom(axiom: Axiom, graph: rdflib.Graph, name: Callable[[Node], str]) -> str:
    """Plain-language text of an axiom in the style of :class:`kgtools.reason.Explanation`."""
    s, p, o = axiom.head

    def expr(x: Node) -> str:
        return _expr(x, graph, name)

    if p == RDFS.subClassOf:
        return f"{expr(s)} is a kind of {expr(o)}"
    if p == OWL.equivalentClass:
        return f"{expr(s)} is defined as {expr(o)}"
    if p == OWL.disjointWith:
        return disjoint_text(expr(s), expr(o))
    if p == RDF.type and o == OWL.AllDisjointClasses:
        members = rdflib.collection.Collection(graph, graph.value(s, OWL.members) or RDF.nil)
        return "disjoint classes: " + ", ".join(expr(m) for m in members)
    if p == RDF.type and o == OWL.FunctionalProperty:
        return f"{expr(s)} is functional"
    if p == RDF.type:
        return f"{expr(s)} is a {expr(o)}"
    if p == RDFS.domain:
        return f"{expr(s)} has domain {expr(o)}"
    if p == RDFS.range:
        return f"{expr(s)} has range {expr(o)}"
    if p == RDFS.subPropertyOf:
        return f"{expr(s)} is a sub-property of {expr(o)}"
    if p == OWL.inverseOf:
        return f"{expr(s)} is the inverse of {expr(o)}"
    return f"{expr(s)} {name(p)} {expr(o)}"


def _expr(x: Node, graph: rdflib.Graph, name: Callable[[Node], str]) -> str:
    if not isinstance(x, BNode):
        return name(x)
    prop = graph.value(x, OWL.onProperty)
    if prop is not None:
        for key, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
            filler = graph.value(x, key)
            if filler is not None:
                return f"{name(prop)} {word} {_wrap(filler, graph, name)}"
        return f"{name(prop)} (restriction)"
    for key, word in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
        head = graph.value(x, key)
        if head is not None:
            items = rdflib.collection.Collection(graph, head)
            return word.join(_wrap(i, graph, name) for i in items)
    comp = graph.value(x, OWL.complementOf)
    if comp is not None:
        return f"not {_wrap(comp, graph, name)}"
    types = [t for t in graph.objects(x, RDF.type) if not isinstance(t, BNode) and t != OWL.NamedIndividual]
    if types:  # an anonymous individual
        return "some " + " and ".join(name(t) for t in types)
    return "[anonymous]"


def _wrap(x: Node, graph: rdflib.Graph, name: Callable[[Node], str]) -> str:
    text = _expr(x, graph, name)
    return f"({text})" if isinstance(x, BNode) and (" and " in text or " or " in text) else text
