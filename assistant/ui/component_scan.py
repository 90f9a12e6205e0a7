"""Streamlit's start-up search for installed components, without parsing every
package's metadata.

Before the server listens, Streamlit looks through all installed distributions (~150
here) for v2 components, parsing each one's METADATA with the email parser to apply its
filter (the name or summary mentions streamlit, a Requires-Dist on it, or a name
starting st- / st_): ~0.3 s of CPU, a tenth of a warm restart. `could_be_component`
reads the raw text instead and passes on every distribution that filter could accept
(the word "streamlit" anywhere in it, or such a name); Streamlit's own filter and
manifest reader then decide, so the same components are found
(tests/test_component_scan.py compares both scans).
"""

from __future__ import annotations

import importlib.metadata
import logging
import re

log = logging.getLogger(__name__)

_ST_NAME = re.compile(r"^name:[ \t]*st[-_]", re.IGNORECASE | re.MULTILINE)


def could_be_component(dist: importlib.metadata.Distribution) -> bool:
    """False only for a distribution Streamlit's component filter certainly rejects."""
    try:
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
    except Exception:  # unreadable metadata: let Streamlit's own filter decide
        return True
    return not text or "streamlit" in text.lower() or _ST_NAME.search(text) is not None


def install(scanner=None) -> bool:
    """Make Streamlit's start-up scan (`scanner`: its manifest_scanner module) use the
    pre-filter. Leaves Streamlit alone, and says so in the log, when its scanner no longer
    has the parts this builds on."""
    if scanner is None:
        try:
            from streamlit.components.v2 import manifest_scanner as scanner
        except ImportError:
            pass
    parts = ("scan_component_manifests", "_is_likely_streamlit_component_package", "_process_single_package")
    if scanner is None or not all(callable(getattr(scanner, name, None)) for name in parts):
        log.info("Streamlit's component scanner changed; its own full scan runs at start")
        return False
    if hasattr(scanner.scan_component_manifests, "full_scan"):
        return True  # installed already
    is_likely, process = scanner._is_likely_streamlit_component_package, scanner._process_single_package

    def scan_component_manifests(max_workers: int | None = None) -> list:
        """Streamlit's scan over the pre-filtered distributions (one or two: no thread pool)."""
        candidates = [d for d in importlib.metadata.distributions() if could_be_component(d) and is_likely(d)]
        return [found for found in map(process, candidates) if found]

    scan_component_manifests.full_scan = scanner.scan_component_manifests
    scanner.scan_component_manifests = scan_component_manifests
    return True
