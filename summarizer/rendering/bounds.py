"""What a template may build: the size checks the sandbox makes before and after each operation.

A value whose size follows from its operands (a repetition, a power, a padding or format
width, a join, a replacement) is judged before it is built; any other after. Past a bound:
:class:`TooBig`, a ``SecurityError`` the renderers report as a template error.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

from jinja2.exceptions import SecurityError

MAX_VALUE = 5_000_000
"""Characters of a string, items of a list, or printed characters of a value a template may
build: a thousand reports' whole briefing is about a million characters."""
MAX_OUTPUT = 50_000_000
"""Characters a template may write in all (a Word template's XML included)."""
MAX_INT_BITS = 65_536
"""Bits of an integer a template may compute (20,000 digits); ``10 ** 1000000000`` would take hours."""
_WIDTH_FILTERS = {"center": 1, "indent": 1, "wordwrap": 1, "truncate": 1, "batch": 1, "slice": 1}
"""Filters taking a width or count (position after the value) that sizes their result."""
_STRUCTURAL_FILTERS = frozenset(
    {
        *("abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby", "int"),
        *("items", "last", "length", "list", "map", "max", "min", "money", "random", "reject", "rejectattr"),
        *("reverse", "round", "select", "selectattr", "slice", "sort", "sum", "unique"),
    }
)
"""Filters that do not turn their value into text; every other one prints it, so its printed size is checked."""
_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")


class TooBig(SecurityError):
    """A template built, or wrote, more than the sandbox allows."""


def refuse(what: str, size: int, limit: int) -> TooBig:
    """``the template builds a str of 1,000,000,000 characters (limit 5,000,000)``."""
    return TooBig(f"the template {what.format(f'{size:,}')} (limit {limit:,})")


def printed_size(value: Any, budget: int = MAX_VALUE) -> int:
    """About how many characters ``str(value)`` has, counted only until past ``budget``: a list
    holding itself twice, forty times nested, prints as a trillion characters."""
    total = 0
    todo = [value]
    while todo and total <= budget:
        item = todo.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            todo.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif hasattr(item, "_Namespace__attrs"):  # jinja2's namespace() prints its attributes
            todo.append(item._Namespace__attrs)
        else:
            total += 40  # a name and an address
    return total


def check_built(value: Any) -> Any:
    """``value`` if its own size (not what it holds) is within :data:`MAX_VALUE`; raises :class:`TooBig`."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise refuse("computes an integer of {} bits", value.bit_length(), MAX_INT_BITS)
    elif isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and len(value) > MAX_VALUE:
        unit = "characters" if isinstance(value, str) else "items"
        raise refuse(f"builds a {type(value).__name__} of {{}} {unit}", len(value), MAX_VALUE)
    return value


def check_printed(value: Any, what: str = "prints a value") -> Any:
    """``value`` if printing it gives at most :data:`MAX_VALUE` characters; raises :class:`TooBig`."""
    size = len(value) if isinstance(value, str) else printed_size(value)
    if size > MAX_VALUE:
        raise refuse(f"{what} of about {{}} characters", size, MAX_VALUE)
    return value


def check_width(width: Any) -> None:
    """Refuse a width or count (an int) past :data:`MAX_VALUE`: what it would build is that long."""
    if isinstance(width, int) and width > MAX_VALUE:
        raise refuse("would build a value of {} characters or items", width, MAX_VALUE)


def _check_format(template: str, args: Iterable[Any]) -> None:
    """A ``str.format`` template's widths and precisions, taken from the template or the arguments."""
    nested = False
    for _, _, spec, _ in string.Formatter().parse(template):
        for number in re.findall(r"\d+", spec or ""):
            check_width(int(number))
        nested = nested or "{" in (spec or "")
    for arg in args:
        if nested:
            check_width(arg)
        check_printed(arg, "formats a value")


def check_percent(template: str, args: Any) -> None:
    """A ``%`` template's widths and precisions, from the template or (``*``) the arguments."""
    values = args if isinstance(args, tuple) else (args,)
    starred = False
    for match in _PERCENT_SPEC.finditer(template):
        for part in match.groups():
            if part == "*":
                starred = True
            elif part:
                check_width(int(part))
    for value in values:
        if starred:
            check_width(value)
        check_printed(value, "formats a value")


def bounded_items(items: Any) -> list[Any]:
    """An iterable as a list of at most :data:`MAX_VALUE` items (a generator is consumed once, here)."""
    out: list[Any] = []
    for item in items:
        out.append(item)
        if len(out) > MAX_VALUE:
            raise refuse("joins more than {} items", MAX_VALUE, MAX_VALUE)
    return out


def check_join(separator: str, items: list[Any]) -> None:
    """Refuse joining ``items`` when the string it makes would pass :data:`MAX_VALUE`."""
    size = len(separator) * len(items)
    for item in items:
        size += printed_size(item, MAX_VALUE - size)
        if size > MAX_VALUE:
            raise refuse("joins a string of about {} characters", size, MAX_VALUE)


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = text.count(old) if not isinstance(count, int) or count < 0 else min(count, text.count(old))
        size = len(text) + times * (len(new) - len(old))
        if size > MAX_VALUE:
            raise refuse("would build a str of {} characters", size, MAX_VALUE)


def check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of ``text``'s method ``name`` that would pad, replace, format or translate past the bound."""
    if name in _PADDING_METHODS:
        check_width(args[0] if args else kwargs.get("width"))
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            check_width(size * text.count("\t"))
    elif name == "replace":
        _check_replace(text, *args[:3])
    elif name in ("format", "format_map"):
        _check_format(text, [*args, *kwargs.values(), *(v for a in args if isinstance(a, dict) for v in a.values())])
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        check_width(longest * len(text))


def filter_checks(name: str, value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The checks before a filter runs: its width, its value's printed size, its estimate."""
    if name in _WIDTH_FILTERS:
        for width in (*rest[: _WIDTH_FILTERS[name]], *kwargs.values()):
            check_width(width)
    if name not in _STRUCTURAL_FILTERS:
        check_printed(value, f"passes to |{name} a value")
    if name == "replace":
        _check_replace(value, *rest[:3])
    elif name == "format" and isinstance(value, str):
        check_percent(value, tuple(rest) or tuple(kwargs.values()))
    elif name == "indent" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        check_width(len(value) + pad * (value.count("\n") + 1))
    elif name == "wordwrap" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 79)
        wrap = rest[3] if len(rest) > 3 else kwargs.get("wrapstring") or "\n"
        if isinstance(width, int) and isinstance(wrap, str):
            check_width(len(value) + (len(value) // max(width, 1) + 1) * len(wrap))
    elif name == "sum":
        check_printed(value, "sums values")
