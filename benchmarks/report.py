"""Write the figures tables of docs/benchmarks.md from benchmark JSON files (never typed by hand).

    python benchmarks/engines.py --json /tmp/engines.json
    python benchmarks/hpo.py --json /tmp/hpo.json
    python benchmarks/link_all.py --from SITE --json /tmp/link_all.json
    python benchmarks/validation.py --process-only --json /tmp/validation.json
    python benchmarks/report.py /tmp/engines.json /tmp/hpo.json /tmp/link_all.json   # rewrites the generated section

The section between ``<!-- generated:begin -->`` and ``<!-- generated:end -->`` of
docs/benchmarks.md is replaced; the rest of the file (prose, the upstream report) is kept. README's
one-line summary of the figures (between ``<!-- benchmarks:begin -->`` and ``<!-- benchmarks:end -->``)
is rewritten from the same files.
``--print`` writes the tables to stdout instead. ``--keep-link-all``: when no ``link_all.py`` JSON is
given, the section "Every linked ontology at once" of the current file (a run of its own, stamped
with its time) and its part of README's line are kept as they are instead of dropped.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- generated:begin -->", "<!-- generated:end -->"
README = DOC.parent.parent / "README.md"
SUMMARY_BEGIN, SUMMARY_END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"


def _s(value: float | None, digits: int = 3) -> str:
    return "timeout" if value is None else f"{value:.{digits}f}"


def _opt(value: float | None) -> str:
    """A figure that older JSON files do not have ("-")."""
    return "-" if value is None else f"{value:.2f}"


def _graph_floor(load: dict) -> str:
    """pyoxigraph alone loading into one named graph, as kgtools does: seconds (CPU) | kgtools / that."""
    wall, cpu = load.get("pyoxigraph_graph_s"), load.get("pyoxigraph_graph_cpu_s")
    if wall is None or cpu is None:
        return "- | -"
    return (f"{wall:.2f} ({cpu:.2f}) | {load['kgtools_s'] / wall:.2f} "
            f"({load.get('kgtools_cpu_s', float('nan')) / cpu:.2f})")


def _cpu(query: dict) -> str:
    """`` (0.42)``: the first call's CPU seconds, where the JSON has them."""
    cpu = query.get("kgtools_first_cpu_s")
    return "" if cpu is None else f" ({cpu:.2f})"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}×"


def _below_goal(run: dict) -> list[str]:
    """The queries under 20× rdflib or over 1 s, each with its measured floor (pyoxigraph alone)."""
    out = []
    for name, q in run["queries"].items():
        alone = q.get("pyoxigraph_s")
        if alone is None:
            continue
        if q["ratio"] is not None and q["ratio"] < 20:
            floor = q["rdflib_s"] / max(alone, 1e-6)
            out.append(
                f"- {name}: {q['ratio']:.1f}× rdflib; pyoxigraph alone on the same store and text is "
                f"{floor:.1f}× rdflib ({alone:.3f} s against kgtools {q['kgtools_s']:.3f} s)"
            )
        if q["kgtools_s"] >= 1:
            out.append(f"- {name}: {q['kgtools_s']:.2f} s (goal < 1 s); pyoxigraph alone {alone:.2f} s")
        first = q.get("kgtools_first_s")
        if first is not None and first >= 1 and q["kgtools_s"] < 1:
            cpu = q.get("kgtools_first_cpu_s")
            out.append(
                f"- {name}: first call {first:.2f} s ({'-' if cpu is None else f'{cpu:.2f}'} s CPU; goal < 1 s), "
                f"then {q['kgtools_s']:.3f} s: the first call builds what the process keeps (the term index)"
            )
    if not out:
        return []
    return ["", "Below a goal (20× rdflib, < 1 s), with the floor measured in the same process:", "", *out]


def engines_tables(data: dict) -> list[str]:
    lines = ["### Load and named queries: kgtools against rdflib and pyoxigraph alone (`benchmarks/engines.py`)", ""]
    header = (
        "| shape | triples (XSCO + generated) | kgtools load s | rdflib `Graph().parse` s | pyoxigraph alone s "
        "| ratio rdflib/kgtools | kgtools/pyoxigraph | load CPU s kgtools / rdflib / pyoxigraph "
        "| pyoxigraph into one named graph s (CPU s) | kgtools/that, wall (CPU) "
        "| import kgtools / rdflib s | whole process kgtools / rdflib s | peak RSS kgtools / rdflib MB | load avg |"
    )
    lines += [header, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in data["runs"]:
        load, rss = run["load"], run["rss_mb"]
        lines.append(
            f"| {run['shape']} | {run['xsco']:,} + {run['generated']:,} | {_s(load['kgtools_s'], 2)} "
            f"| {_s(load['rdflib_s'], 2)} "
            f"| {_s(load['pyoxigraph_s'], 2)} | {_ratio(load['rdflib_s'] / load['kgtools_s'])} "
            f"| {load['kgtools_s'] / load['pyoxigraph_s']:.2f} "
            f"| {_opt(load.get('kgtools_cpu_s'))} / {_opt(load.get('rdflib_cpu_s'))} "
            f"/ {_opt(load.get('pyoxigraph_cpu_s'))} | {_graph_floor(load)} "
            f"| {_opt(load.get('import_kgtools_s'))} / {_opt(load.get('import_rdflib_s'))} "
            f"| {load['process_kgtools_s']:.2f} / {load['process_rdflib_s']:.2f} "
            f"| {rss['kgtools']:.0f} / {rss['rdflib']:.0f} | {run['load_avg']:.2f} |"
        )
    lines.append("")
    for run in data["runs"]:
        lines += [
            f"#### {run['shape']}, {run['triples']:,} triples (XSCO {run['xsco']:,} + {run['generated']:,} generated)",
            "",
            "| query | rows | kgtools s (median) | kgtools first call s (CPU s) | rdflib s | ratio | same rows "
            "| load avg | pyoxigraph alone s | rdflib / pyoxigraph alone |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, q in run["queries"].items():
            rdflib_s = f"> {run['rdflib_timeout_s']:g} (timeout)" if q["rdflib_s"] is None else _s(q["rdflib_s"])
            same = "-" if q["same"] is None else ("yes" if q["same"] else "**NO**")
            alone = q.get("pyoxigraph_s")
            floor = None if alone is None or q["rdflib_s"] is None else q["rdflib_s"] / max(alone, 1e-6)
            lines.append(
                f"| {name} | {q['rows']:,} | {_s(q['kgtools_s'])} | {_s(q['kgtools_first_s'])}{_cpu(q)} | {rdflib_s} "
                f"| {_ratio(q['ratio'])} | {same} | {q['load_avg']:.2f} | {'-' if alone is None else _s(alone)} "
                f"| {_ratio(floor)} |"
            )
        ratios = [q["ratio"] for q in run["queries"].values() if q["ratio"] is not None]
        slowest = max(run["queries"].items(), key=lambda kv: kv[1]["kgtools_s"])
        lines += [
            "",
            f"Lowest ratio {min(ratios):.1f}×; slowest kgtools query {slowest[0]} {slowest[1]['kgtools_s']:.3f} s.",
        ]
        lines += [*_below_goal(run), ""]
    return lines


def hpo_tables(data: dict) -> list[str]:
    results = data["results"]
    lines = [f"### HPO + annotations (`benchmarks/hpo.py --scope {data['scope']}`)", ""]
    lines += [
        "| engine | import s | HPO triples | term index s | peak RSS MB | load avg |",
        "|---|---|---|---|---|---|",
    ]
    for engine in ("oxigraph", "rdflib"):
        if engine in results:
            r = results[engine]
            lines.append(
                f"| {engine} (in memory) | {r['import_s']:.2f} | {r['hpo_triples']:,} | {r['index_s']:.2f} "
                f"| {r['peak_rss_mb']:.0f} | {r.get('load_avg', float('nan')):.2f} |"
            )
    if "disk" in results:
        d = results["disk"]
        disk = (
            f"On disk: import {d['build']:.2f} s; reopened with `kgtools.load(store_dir=...)` in {d['open_s']:.3f} s, "
            f"first query {d['first_query_s']:.3f} s; load average {d.get('load_avg', float('nan')):.2f}."
        )
        if "build_triples_counted" in d:  # the import reports the triples it wrote; the store counted after it
            same = "equal to" if d["build_triples"] == d["build_triples_counted"] else "NOT equal to"
            disk += (
                f" The import reported {d['build_triples']:,} triples, {same} the store's count after it "
                f"({d['build_triples_counted']:,})."
            )
        floor = d.get("floor")
        if floor:
            disk += (
                f" The floor, pyoxigraph alone bulk-loading the same {floor['triples']:,} HPO triples into "
                f"`Store(path)` beside XSCO: {floor['file_s']:.2f} s from one N-Triples file, "
                f"{floor['chunked_s']:.2f} s in 200k-line chunks (median of {len(floor['file_runs'])}; load average "
                f"{floor['load_avg']:.2f})."
            )
        lines += ["", disk]
    if "oxigraph" in results:
        lines += [
            "",
            "| query | parameters | rows | Oxigraph s | rdflib engine s | ratio |",
            "|---|---|---|---|---|---|",
        ]
        rd = results.get("rdflib", {}).get("queries", [None] * len(results["oxigraph"]["queries"]))
        for qo, qr in zip(results["oxigraph"]["queries"], rd, strict=False):
            params = " ".join(f"{k}={v}" for k, v in qo["params"].items())
            rd_s = None if qr is None else qr["median_s"]
            ratio = rd_s / qo["median_s"] if rd_s is not None and qo["median_s"] else None
            shown = _s(rd_s) if "rdflib" in results else "not run"
            lines.append(
                f"| {qo['query']} | {params} | {qo['rows']} | {_s(qo['median_s'])} | {shown} | {_ratio(ratio)} |"
            )
    return [*lines, ""]


def link_all_tables(data: dict) -> list[str]:
    """`kgtools link --all` as a process, the reopened store and the cross-ontology queries (Oxigraph and
    Virtuoso). Takes the JSON of ``link_all.py --json`` (or the JSON it prints on stderr)."""
    b, ox, virt = data.get("build"), data["oxigraph"], data.get("virtuoso")
    when = f" (finished {data['finished_utc']} UTC)" if data.get("finished_utc") else ""
    lines = [f"### Every linked ontology at once (`benchmarks/link_all.py`){when}", ""]
    if b:
        lines += [
            f"`kgtools link --all` as a process: {b['seconds']} s, peak RSS {b['peak_rss_mb']} MB, store "
            f"{b['store_mb']} MB on disk, {ox['triples']:,} triples (XSCO + {len(b['sources'])} graphs); load average "
            f"{b['load_average_before']} before, {b['load_average_after']} after. Reopened with "
            f"`kgtools.load(store_dir=...)` in {ox['reopen']} s.",
            "",
            "| source | version | terms | triples | seconds |",
            "|---|---|---:|---:|---:|",
        ]
        lines += [f"| {s['source']} | {s['version']} | {int(s['terms']):,} | {int(s['triples']):,} | {s['seconds']} |"
                  for s in b["sources"]]
    else:
        lines.append(f"Store reused (not rebuilt in this run); reopened in {ox['reopen']} s, "
                     f"{ox['triples']:,} triples.")
    lines += ["", f"Virtuoso 7 bulk load of the same graphs: {virt['load_s']} s." if virt else "Virtuoso not run.", ""]
    lines += ["| query | parameters | rows | Oxigraph (kgtools) s | Virtuoso s | Virtuoso rows |",
              "|---|---|---:|---:|---:|---:|"]
    for i, q in enumerate(ox["queries"]):
        v = virt["queries"][i] if virt else {}
        params = "; ".join(f"{k}={val}" for k, val in q["params"].items()) or "-"
        v_s = v.get("median_s", v.get("error", "-")) if v else "-"
        lines.append(f"| {q['query']} | {params} | {q['rows']:,} | {q['median_s']:.3f} | {v_s} "
                     f"| {v.get('rows', '-')} |")
    lines += ["", f"Load average at the end: {data.get('load_average_end', '-')}.", ""]
    return lines


def validation_lines(data: dict) -> list[str]:
    lines = ["### `kgtools validate` as a process (`benchmarks/validation.py --process-only`)", "",
             "| run | wall s (median) | CPU s (user + system) | runs | load avg |", "|---|---|---|---|---|"]
    for r in data["runs"]:
        lines.append(f"| {r['label']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['runs']} | {r['load_avg']:.2f} |")
    return [*lines, ""]


def summary(datas: list[dict]) -> str:
    """One line of the latest figures for README's table of documents."""
    parts = []
    for data in datas:
        kind = data.get("benchmark")
        if kind == "engines":
            for run in data["runs"]:
                if run["generated"] < 900_000:
                    continue
                load, queries = run["load"], run["queries"].values()
                under = sum(q["kgtools_s"] < 1 for q in queries)
                ratios = [q["ratio"] for q in queries if q["ratio"] is not None]
                parts.append(
                    f"{run['shape']} shape at {run['triples'] / 1e6:.1f}M triples, load average {run['load_avg']:.1f}: "
                    f"load {load['rdflib_s'] / load['kgtools_s']:.1f}× rdflib `Graph().parse`, "
                    f"{load['kgtools_s'] / load['pyoxigraph_s']:.2f}× pyoxigraph alone; {under} of {len(queries)} "
                    f"named queries < 1 s; {sum(r >= 20 for r in ratios)} of {len(ratios)} ≥ 20× rdflib"
                )
        elif kind == "hpo" and "disk" in data["results"]:
            d = data["results"]["disk"]
            floor = d.get("floor")
            text = f"HPO + annotations into an on-disk store {d['build']:.1f} s"
            if floor:
                text += f" (pyoxigraph alone {floor['file_s']:.1f} s, load average {floor['load_avg']:.1f})"
            parts.append(text + f", reopened in {d['open_s']:.2f} s")
        elif kind == "validation":
            warm = next((r for r in data["runs"] if r["label"] == "kgtools validate"), None)
            if warm:
                parts.append(
                    f"`kgtools validate` {warm['wall_s']:.2f} s as a process ({warm['cpu_s']:.2f} s CPU) at load "
                    f"average {warm['load_avg']:.1f}"
                )
        elif "oxigraph" in data:
            ox, b, virt = data["oxigraph"], data.get("build"), data.get("virtuoso")
            times = [q["median_s"] for q in ox["queries"]]
            when = f" (run of {data['finished_utc'][-5:]} UTC)" if data.get("finished_utc") else ""
            text = f"`kgtools link --all`{when}: {ox['triples'] / 1e6:.1f}M triples"
            if b:
                text += f" in {b['seconds']:.0f} s, {b['store_mb'] / 1024:.1f} GB on disk"
                text += f", peak RSS {b['peak_rss_mb']} MB"
            text += f", cross-ontology queries {min(times):.2f}–{max(times):.2f} s"
            if virt:
                ok = [q["median_s"] for q in virt["queries"] if q.get("rows") is not None]
                failed = len(virt["queries"]) - len(ok)
                if ok:
                    text += f" (Virtuoso {min(ok):.2f}–{max(ok):.2f} s" + (f", {failed} failed)" if failed else ")")
            parts.append(text)
    return "; ".join(parts)


LINK_ALL_HEADING = "### Every linked ontology at once (`benchmarks/link_all.py`)"
LINK_ALL_SUMMARY = "`kgtools link --all`"


def kept_link_all(doc: str) -> list[str]:
    """The link_all subsection of the generated section of ``doc`` (up to the next ``###``), or []."""
    if BEGIN not in doc or END not in doc:
        return []
    section = doc.split(BEGIN, 1)[1].split(END, 1)[0]
    if LINK_ALL_HEADING not in section:
        return []
    part = LINK_ALL_HEADING + section.split(LINK_ALL_HEADING, 1)[1]
    nxt = part.find("\n### ", 1)
    return [*(part if nxt < 0 else part[: nxt + 1]).rstrip("\n").split("\n"), ""]


def render(paths: list[str], keep: list[str] | None = None) -> str:
    """The generated section from the JSON files at ``paths``; ``keep``: lines of an earlier run's
    link_all subsection, carried over as they are (and said so in the stamp)."""
    kept = " The link_all section is kept from its own run (its heading gives the time)." if keep else ""
    stamp = (
        f"_Generated by `benchmarks/report.py` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC from "
        f"{', '.join(Path(p).name for p in paths)}; {platform.machine()}, Python {platform.python_version()}."
        f"{kept} Do not edit by hand._"
    )
    lines = [BEGIN, stamp, ""]
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("benchmark") == "engines":
            lines += engines_tables(data)
        elif data.get("benchmark") == "hpo":
            lines += hpo_tables(data)
        elif data.get("benchmark") == "validation":
            lines += validation_lines(data)
        elif data.get("benchmark") == "link_all" or {"build", "oxigraph"} <= set(data):
            lines += link_all_tables(data)
        else:
            raise SystemExit(f"{path}: not a JSON file of benchmarks/engines.py, hpo.py or link_all.py")
    return "\n".join([*lines, *(keep or []), END])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", nargs="+", help="JSON files written by the benchmarks' --json option")
    parser.add_argument("--print", action="store_true", help="print the tables instead of rewriting docs/benchmarks.md")
    parser.add_argument(
        "--keep-link-all", action="store_true", help="keep the current link_all section when no link_all JSON is given"
    )
    args = parser.parse_args()
    datas = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args.json]
    has_link_all = any(d.get("benchmark") == "link_all" or {"build", "oxigraph"} <= set(d) for d in datas)
    keep = kept_link_all(DOC.read_text(encoding="utf-8")) if args.keep_link_all and not has_link_all else None
    section = render(args.json, keep)
    if args.print:
        print(section)
        return 0
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"error: {DOC} has no {BEGIN} ... {END} section", file=sys.stderr)
        return 2
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(head + section + tail, encoding="utf-8")
    print(f"wrote {DOC}")
    readme = README.read_text(encoding="utf-8")
    if SUMMARY_BEGIN in readme and SUMMARY_END in readme:
        head, rest = readme.split(SUMMARY_BEGIN, 1)
        _, tail = rest.split(SUMMARY_END, 1)
        line = summary(datas)
        if keep:  # the link_all part of the current line, as it is
            old = readme.split(SUMMARY_BEGIN, 1)[1].split(SUMMARY_END, 1)[0]
            line = "; ".join([line, *(p for p in old.split("; ") if p.startswith(LINK_ALL_SUMMARY))])
        README.write_text(head + SUMMARY_BEGIN + line + SUMMARY_END + tail, encoding="utf-8")
        print(f"wrote {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
