"""Sphinx configuration: MyST pages, the tutorials executed and rendered by MyST-NB
(read from ../tutorials as jupytext percent scripts), and the API from docstrings.

Build: ``python -m sphinx -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import hybridsys  # noqa: E402

project = "hybridsys"
author = "the hybridsys developers"
copyright = "2026, the hybridsys developers"
release = version = hybridsys.__version__

# Mathematics renders offline: MathJax from a packaged copy (docs/_ext/offline_math.py).
sys.path.insert(0, str(HERE / "_ext"))
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "offline_math", "sphinx.ext.viewcode"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store", "conf.py"]
html_theme = "furo"
html_title = f"hybridsys {release}"

# The tutorials live in ../tutorials (run by the tests too); copy them in as notebooks.
nb_custom_formats = {".py": ["jupytext.reads", {"fmt": "py:percent"}]}
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
TUTORIALS = HERE / "tutorials"
if TUTORIALS.exists():
    shutil.rmtree(TUTORIALS)
TUTORIALS.mkdir()
for script in sorted((ROOT / "tutorials").glob("*.py")):
    shutil.copy(script, TUTORIALS / script.name)

autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_typehints = "description"
napoleon_google_docstring = False


def _escape_bars(app, what, name, obj, options, lines):
    """Docstrings write |x| for absolute values and norms; reStructuredText would read
    |...| as a substitution, so the bars are escaped, except inside ``inline literals``
    (the odd pieces between double backquotes), which show them as they are."""
    lines[:] = ["``".join(piece if k % 2 else piece.replace("|", "\\|") for k, piece in enumerate(line.split("``")))
                for line in lines]


def setup(app):
    app.connect("autodoc-process-docstring", _escape_bars)
