"""Streamlit's start-up search for installed components (issue 13: a tenth of a warm
restart went into parsing every package's metadata). The pre-filter must pass on every
distribution Streamlit's own filter accepts, and the installed scan must find exactly
the components Streamlit's full scan finds, a real component package included."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import types

import pytest
from streamlit.components.v2 import manifest_scanner

from assistant.ui.component_scan import could_be_component, install
from conftest import PROJECT


def distribution(root, name: str, metadata: str, files: dict[str, str] | None = None) -> importlib.metadata.Distribution:
    """A real installed-style distribution: a dist-info folder (METADATA, RECORD) and its files."""
    info = root / f"{name.replace('-', '_')}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n{metadata}")
    for path, text in (files or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    (info / "RECORD").write_text("".join(f"{path},,\n" for path in files or {}))
    return importlib.metadata.PathDistribution(info)


@pytest.mark.parametrize("name, metadata", [
    ("streamlit-charts", ""),                                       # the name says streamlit
    ("fancy-tables", "Summary: Sortable tables for Streamlit apps\n"),  # the summary does
    ("fancy-maps", "Requires-Dist: streamlit>=1.40\n"),             # it depends on streamlit
    ("st-annotated-text", ""), ("st_pages", ""),                     # st- / st_ names
])
def test_every_kind_of_distribution_streamlit_looks_at_passes_the_pre_filter(tmp_path, name, metadata):
    dist = distribution(tmp_path, name, metadata)
    assert manifest_scanner._is_likely_streamlit_component_package(dist)
    assert could_be_component(dist)


def test_unrelated_distributions_are_skipped_without_parsing_them(tmp_path):
    dist = distribution(tmp_path, "stats-tools", "Summary: Statistics\nRequires-Dist: numpy\n")
    assert not manifest_scanner._is_likely_streamlit_component_package(dist)
    assert not could_be_component(dist)


def test_the_pre_filter_keeps_every_installed_distribution_streamlit_keeps():
    installed = list(importlib.metadata.distributions())
    kept_by_streamlit = {d.name for d in installed if manifest_scanner._is_likely_streamlit_component_package(d)}
    assert "streamlit" in kept_by_streamlit
    assert kept_by_streamlit <= {d.name for d in installed if could_be_component(d)}
    # and it does skip most of them: that is the time saved
    assert sum(could_be_component(d) for d in installed) < len(installed) / 4


SCAN = """
import json
from streamlit.components.v2 import manifest_scanner as scanner
full = scanner.scan_component_manifests()
import app  # the served app installs the pre-filtered scan
assert scanner.scan_component_manifests.full_scan is not scanner.scan_component_manifests
fast = scanner.scan_component_manifests()
def found(results):
    return sorted([m.name, m.version, [c.name for c in m.components], str(root)] for m, root in results)
print(json.dumps({"full": found(full), "fast": found(fast)}))
"""


def test_the_served_app_finds_the_same_components_as_streamlit_a_real_component_included(tmp_path):
    site = tmp_path / "site"
    distribution(site, "streamlit-fake-widget", "Summary: A widget\n", {
        "streamlit_fake_widget/__init__.py": "",
        "streamlit_fake_widget/pyproject.toml": '[project]\nname = "streamlit-fake-widget"\nversion = "0.1"\n'
                                                '[[tool.streamlit.component.components]]\nname = "fake_widget"\n'})
    env = {**os.environ, "PYTHONPATH": str(site), "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-c", SCAN], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.splitlines()[-1])
    assert result["fast"] == result["full"]
    assert [name for name, *_ in result["full"]] == ["streamlit-fake-widget"]


def test_a_changed_streamlit_scanner_is_left_alone():
    changed = types.SimpleNamespace(scan_component_manifests=lambda max_workers=None: [])
    original = changed.scan_component_manifests
    assert install(changed) is False
    assert changed.scan_component_manifests is original


def test_installing_twice_wraps_streamlit_s_scan_once():
    scanner = types.SimpleNamespace(scan_component_manifests=manifest_scanner.scan_component_manifests,
                                    _is_likely_streamlit_component_package=lambda d: False,
                                    _process_single_package=lambda d: None)
    full = scanner.scan_component_manifests
    assert install(scanner) and install(scanner)
    assert scanner.scan_component_manifests.full_scan is full
    assert scanner.scan_component_manifests() == []
