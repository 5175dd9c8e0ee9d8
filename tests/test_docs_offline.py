"""The documentation renders its mathematics offline (issue 6/6 §3): MathJax is served
from a packaged copy (docs/_ext/offline_math.py), and no page loads a math script from
an http(s) URL.

The docs build itself fails on such a page (a ``build-finished`` check). The last test
here reads the built site and is skipped until it exists: build it first
(``python -m sphinx -W --keep-going -b html docs docs/_build/html``), then run
``python -m pytest tests/test_docs_offline.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
SITE = DOCS / "_build" / "html"


def offline_math():
    spec = importlib.util.spec_from_file_location("offline_math", DOCS / "_ext" / "offline_math.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_load_mathjax_through_the_offline_extension():
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert '"offline_math"' in conf and '"sphinx.ext.mathjax"' not in conf


def test_math_scripts_from_the_network_are_found_and_local_ones_are_not(tmp_path):
    module = offline_math()
    (tmp_path / "sub").mkdir()
    (tmp_path / "local.html").write_text('<script defer="defer" src="_static/mathjax/tex-mml-chtml.js?v=1"></script>')
    (tmp_path / "sub" / "cdn.html").write_text(
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>'
        "<script src='//cdn.jsdelivr.net/npm/katex/dist/katex.min.js'></script>"
        '<script src="https://example.org/other.js"></script>')
    assert module.remote_math_scripts(tmp_path) == [
        "sub/cdn.html: https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js",
        "sub/cdn.html: //cdn.jsdelivr.net/npm/katex/dist/katex.min.js",
    ]
    assert module.local_math_pages(tmp_path) == ["local.html"]


@pytest.mark.skipif(not (SITE / "index.html").is_file(), reason="needs the built site: python -m sphinx -W --keep-going -b html docs docs/_build/html")
def test_the_built_site_loads_math_only_from_its_own_static_folder():
    module = offline_math()
    assert module.remote_math_scripts(SITE) == []
    pages = module.local_math_pages(SITE)
    assert "physics.html" in pages
    assert (SITE / "_static" / module.SCRIPT).is_file()
    assert (SITE / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
