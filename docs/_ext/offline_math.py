"""Mathematics rendered without a network connection: MathJax 3 is served from the
copy that the PyPI package ``sphinx-mathjax-offline`` ships (installed by the ``docs``
extra), copied into ``_static/mathjax`` of the built site; when the build ends, every
page is checked and a math script from an http(s) URL fails the build.

The same check runs on a built site without Sphinx: ``python docs/_ext/offline_math.py
docs/_build/html`` (and ``tests/test_docs_offline.py`` when the site is built).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

#: The packaged copy (a folder named with hyphens, so found by spec, not imported).
PACKAGE = "sphinx-mathjax-offline"
#: The MathJax component the site loads, relative to ``_static`` (Sphinx's default one).
SCRIPT = "mathjax/tex-mml-chtml.js"
SCRIPT_TAG = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
MATH = re.compile(r"mathjax|katex", re.IGNORECASE)


def packaged_static() -> Path:
    """The folder holding ``mathjax/`` in the installed package."""
    spec = importlib.util.find_spec(PACKAGE)
    folder = Path(next(iter(spec.submodule_search_locations), "")) / "static" if spec and spec.submodule_search_locations else None
    if folder is None or not (folder / SCRIPT).is_file():
        raise RuntimeError(f"the documentation serves MathJax from the package {PACKAGE!r}, which is not installed: "
                           "python -m pip install '.[docs]'")
    return folder


def remote_math_scripts(site: Path) -> list[str]:
    """``page: url`` for every math script (MathJax or KaTeX) that a page of the built
    ``site`` loads from an http(s) or protocol-relative URL."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for url in SCRIPT_TAG.findall(page.read_text(encoding="utf-8", errors="replace")):
            if MATH.search(url) and re.match(r"(https?:)?//", url.strip(), re.IGNORECASE):
                found.append(f"{page.relative_to(site)}: {url}")
    return found


def local_math_pages(site: Path) -> list[str]:
    """Pages that load the local MathJax (which must then exist in the site)."""
    return [str(p.relative_to(site)) for p in sorted(site.rglob("*.html"))
            if any(url.split("?")[0].endswith(SCRIPT) for url in SCRIPT_TAG.findall(p.read_text(encoding="utf-8", errors="replace")))]


def _check(app, exception) -> None:
    from sphinx.errors import ExtensionError

    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    remote = remote_math_scripts(site)
    if remote:
        raise ExtensionError("math scripts loaded from the network (the site must render offline):\n  " + "\n  ".join(remote))
    if local_math_pages(site) and not (site / "_static" / SCRIPT).is_file():
        raise ExtensionError(f"pages load _static/{SCRIPT}, which the build did not copy")


def _serve_locally(app, config) -> None:
    from sphinx.errors import ExtensionError

    try:
        static = packaged_static()
    except RuntimeError as exc:
        raise ExtensionError(str(exc)) from None
    config.html_static_path = list(config.html_static_path) + [str(static)]
    config.mathjax_path = SCRIPT


def setup(app):
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("config-inited", _serve_locally)
    app.connect("build-finished", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")
    remote = remote_math_scripts(site)
    print("\n".join(remote) or f"no math script from the network in {site} ({len(local_math_pages(site))} pages load the local MathJax)")
    sys.exit(1 if remote else 0)
