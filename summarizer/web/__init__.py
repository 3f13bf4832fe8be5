"""Web: ``summarize serve``, a page in the browser over the same engine, for staff without a terminal.

``form`` says which options the page offers, ``uploads`` puts uploaded files and archives
safely into a job's own folder, ``jobs`` runs the briefings in one bounded pool, ``page``
shows a briefing as HTML, and ``app`` is the Starlette application that serves it all.
Starlette, uvicorn and python-multipart come with ``pip install 'summarizer[web]'``; this
package's ``__init__`` imports none of them, so a missing extra is named, not a traceback.
"""

from __future__ import annotations

from importlib.util import find_spec

from ..errors import MissingExtraError

REQUIRED = ("starlette", "uvicorn", "multipart")
"""The import names the page needs (``multipart`` is python-multipart)."""


def require_web() -> None:
    """Raise :class:`MissingExtraError` naming the ``web`` extra when one of its packages is missing."""
    for name in REQUIRED:
        try:
            found = find_spec(name) is not None
        except (ImportError, ValueError):  # a module blocked in sys.modules, or a broken install
            found = False
        if not found:
            raise MissingExtraError(f"the web page ({name})", "web")
