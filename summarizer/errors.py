"""The library's one error family: every problem a user can cause or fix is a :class:`SummarizerError`.

Each kind says what went wrong in one line (``str(err)``); the command line alone decides
the exit code of each kind, as click does with its ``ClickException`` family.
"""

from __future__ import annotations

from pathlib import Path


class SummarizerError(Exception):
    """Base of every error the library raises on purpose; ``str(err)`` is the one-line message."""


class InputError(SummarizerError):
    """One input file cannot be used; the others still make the digest.

    ``path`` names the file and ``reason`` says why, e.g. ``empty file``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class PathError(SummarizerError):
    """A path given by the user does not exist or is not something we read (a bad argument)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class RuleFileError(SummarizerError):
    """A rule file or user dictionary is unreadable or malformed: ``FILE: line N: why``."""


class MissingExtraError(SummarizerError):
    """An optional feature was asked for whose package is not installed; names the extra to install."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} is not installed: pip install 'summarizer[{extra}]'")
        self.feature = feature
        self.extra = extra


class TemplateError(SummarizerError):
    """A Markdown or Word template cannot be loaded or rendered: ``FILE:LINE: template error: why``."""


class OutputError(SummarizerError):
    """An output file cannot be written: names the folder or file and the system's reason."""


class OptionError(SummarizerError):
    """Options that cannot work together or a value out of range (a bad argument)."""


class ArgumentTypeError(SummarizerError, TypeError):
    """A Python caller passed an argument of the wrong type: ``text must be a str, not bytes``.

    A ``TypeError`` too, so code that catches the built-in one still does.
    """

    @classmethod
    def check(cls, name: str, value: object, kinds: type | tuple[type, ...], wanted: str) -> None:
        """Raise unless ``value`` is one of ``kinds`` (a bool never passes for an int)."""
        allowed = kinds if isinstance(kinds, tuple) else (kinds,)
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            raise cls(f"{name} must be {wanted}, not {type(value).__name__}")
