"""The template sandbox: Jinja's, with bounds on the size of every value a template builds and of its output.

Jinja's sandbox keeps a template away from the interpreter and caps ``range()``, but not
what a template makes: ``{{ 'A' * 10**9 }}`` took 3.9 GB and 27 s and wrote a 1 GB
briefing. Here a value whose size follows from its operands (repetition, powers, padding
and format widths, joins, replacements, translations) is checked before it is built, any
other after, and the output is counted as it is written. Past a bound the template stops
with :class:`TooBig`, a ``SecurityError`` the renderers report as a template error
(exit 6); the output, written to a temporary file, is discarded.
"""

from __future__ import annotations

import functools
import os
import re
import string
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import FileSystemLoader, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

MAX_VALUE = 5_000_000
"""Characters of a string, items of a list, or printed characters of a value a template may
build: a thousand reports' whole briefing is about a million characters."""
MAX_OUTPUT = 50_000_000
"""Characters a template may write in all (a Word template's XML included)."""
MAX_INT_BITS = 65_536
"""Bits of an integer a template may compute (20,000 digits); ``10**10**9`` would take hours."""
MAX_STEPS = 1_000_000
"""Calls, filters, operators and loop turns a template may take: ours take 20 (Markdown) and 30
(Word) a report; a loop over ``range(100000)`` nested twice, or a macro calling itself twice,
would run for hours. Counted, not timed, so that a run's outcome never depends on the machine."""
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
"""Bytes of a template file (one it includes too): ours is 3 KB."""

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


def _refuse(what: str, size: int, limit: int) -> TooBig:
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
            raise _refuse("computes an integer of {} bits", value.bit_length(), MAX_INT_BITS)
    elif isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and len(value) > MAX_VALUE:
        unit = "characters" if isinstance(value, str) else "items"
        raise _refuse(f"builds a {type(value).__name__} of {{}} {unit}", len(value), MAX_VALUE)
    return value


def check_printed(value: Any, what: str = "prints a value") -> Any:
    """``value`` if printing it gives at most :data:`MAX_VALUE` characters; raises :class:`TooBig`."""
    size = len(value) if isinstance(value, str) else printed_size(value)
    if size > MAX_VALUE:
        raise _refuse(f"{what} of about {{}} characters", size, MAX_VALUE)
    return value


def _check_width(width: Any) -> None:
    if isinstance(width, int) and width > MAX_VALUE:
        raise _refuse("would build a value of {} characters or items", width, MAX_VALUE)


def _check_format(template: str, args: Iterable[Any]) -> None:
    """A ``str.format`` template's widths and precisions, taken from the template or the arguments."""
    nested = False
    for _, _, spec, _ in string.Formatter().parse(template):
        for number in re.findall(r"\d+", spec or ""):
            _check_width(int(number))
        nested = nested or "{" in (spec or "")
    for arg in args:
        if nested:
            _check_width(arg)
        check_printed(arg, "formats a value")


def _check_percent(template: str, args: Any) -> None:
    """A ``%`` template's widths and precisions, from the template or (``*``) the arguments."""
    values = args if isinstance(args, tuple) else (args,)
    starred = False
    for match in _PERCENT_SPEC.finditer(template):
        for part in match.groups():
            if part == "*":
                starred = True
            elif part:
                _check_width(int(part))
    for value in values:
        if starred:
            _check_width(value)
        check_printed(value, "formats a value")


def _bounded_items(items: Any) -> list[Any]:
    """An iterable as a list of at most :data:`MAX_VALUE` items (a generator is consumed once, here)."""
    out: list[Any] = []
    for item in items:
        out.append(item)
        if len(out) > MAX_VALUE:
            raise _refuse("joins more than {} items", MAX_VALUE, MAX_VALUE)
    return out


def _check_join(separator: str, items: list[Any]) -> None:
    size = len(separator) * len(items)
    for item in items:
        size += printed_size(item, MAX_VALUE - size)
        if size > MAX_VALUE:
            raise _refuse("joins a string of about {} characters", size, MAX_VALUE)


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = text.count(old) if not isinstance(count, int) or count < 0 else min(count, text.count(old))
        size = len(text) + times * (len(new) - len(old))
        if size > MAX_VALUE:
            raise _refuse("would build a str of {} characters", size, MAX_VALUE)


def _check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if name in _PADDING_METHODS:
        _check_width(args[0] if args else kwargs.get("width"))
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _check_width(size * text.count("\t"))
    elif name == "replace":
        _check_replace(text, *args[:3])
    elif name in ("format", "format_map"):
        _check_format(text, [*args, *kwargs.values(), *(v for a in args if isinstance(a, dict) for v in a.values())])
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _check_width(longest * len(text))


def _filter_checks(name: str, value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The checks before a filter runs: its width, its value's printed size, its estimate."""
    if name in _WIDTH_FILTERS:
        for width in (*rest[: _WIDTH_FILTERS[name]], *kwargs.values()):
            _check_width(width)
    if name not in _STRUCTURAL_FILTERS:
        check_printed(value, f"passes to |{name} a value")
    if name == "replace":
        _check_replace(value, *rest[:3])
    elif name == "format" and isinstance(value, str):
        _check_percent(value, tuple(rest) or tuple(kwargs.values()))
    elif name == "indent" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        _check_width(len(value) + pad * (value.count("\n") + 1))
    elif name == "wordwrap" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 79)
        wrap = rest[3] if len(rest) > 3 else kwargs.get("wrapstring") or "\n"
        if isinstance(width, int) and isinstance(wrap, str):
            _check_width(len(value) + (len(value) // max(width, 1) + 1) * len(wrap))
    elif name == "sum":
        check_printed(value, "sums values")


def _bounded_filter(name: str, func: Callable[..., Any], step: Callable[[], None]) -> Callable[..., Any]:
    # A filter marked pass_context/pass_eval_context/pass_environment takes that first.
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        step()
        head, value, rest = args[:skip], args[skip] if len(args) > skip else None, args[skip + 1 :]
        if name == "join" and value is not None:
            items = _bounded_items(value)
            _check_join(str(rest[0] if rest else kwargs.get("d", "")), items)
            args = (*head, items, *rest)
        else:
            _filter_checks(name, value, rest, kwargs)
        return check_built(func(*args, **kwargs))

    return bounded


class _Filters(dict):  # type: ignore[type-arg]
    """The environment's filters, each wrapped by :func:`_bounded_filter`, those added later too."""

    def __init__(self, filters: dict[str, Callable[..., Any]], step: Callable[[], None]) -> None:
        super().__init__()
        self.step = step
        for name, func in filters.items():
            self[name] = func

    def __setitem__(self, name: str, func: Callable[..., Any]) -> None:
        super().__setitem__(name, _bounded_filter(name, func, self.step))


class _Generator(CodeGenerator):
    """Jinja's code generator, with ``a ~ b`` checked before it is joined and loop turns counted
    (the sandbox has no hook for either)."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        """The loop, over ``environment.turns(ITEMS)`` (:meth:`BoundedSandbox.turns`)."""
        turns = nodes.EnvironmentAttribute("turns", lineno=node.iter.lineno)
        node.iter = nodes.Call(turns, [node.iter], [], None, None, lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """``environment.checked_concat((a, b), join)`` in place of ``join((a, b))``."""
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), ")
        if frame.eval_ctx.volatile:
            self.write("(markup_join if context.eval_ctx.volatile else str_join))")
        else:
            self.write("markup_join)" if frame.eval_ctx.autoescape else "str_join)")


class BoundedLoader(FileSystemLoader):
    """A file loader refusing a template file over :data:`MAX_TEMPLATE_BYTES` before reading it."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, as :class:`FileSystemLoader` gives it, if the file is not too big."""
        for folder in self.searchpath:
            path = os.path.join(folder, *split_template_path(template))
            if os.path.isfile(path):
                size = os.path.getsize(path)
                if size > MAX_TEMPLATE_BYTES:
                    raise TooBig(f"template file {template} has {size:,} bytes (limit {MAX_TEMPLATE_BYTES:,})")
                break
        return super().get_source(environment, template)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with every value a template builds, and its output, held within the bounds above."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("finalize", check_printed)
        super().__init__(*args, **kwargs)
        self.steps = 0
        self.filters = _Filters(self.filters, self.step)

    def step(self) -> None:
        """One more operation of the template; past :data:`MAX_STEPS` it is stopped."""
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _refuse("takes more than {} steps (calls, filters, loop turns)", MAX_STEPS, MAX_STEPS)

    def turns(self, items: Any) -> Any:
        """``items`` as a loop goes over them, each turn a step; its length kept for ``loop.length``."""
        return _Counted(items, self.step)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**``, ``+`` and ``%`` with their result's size checked first where it can be."""
        self.step()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    _check_width(len(seq) * times)
            bits = left.bit_length() + right.bit_length() if isinstance(left, int) and isinstance(right, int) else 0
            if bits > MAX_INT_BITS:
                raise _refuse("computes an integer of about {} bits", bits, MAX_INT_BITS)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            bits = left.bit_length() * right
            if bits > MAX_INT_BITS:
                raise _refuse("computes an integer of about {} bits", bits, MAX_INT_BITS)
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return check_built(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call from the template, its result's size checked (before, for the string methods that
        pad, replace, join or format), and the size of a list or dict a method grew."""
        __self.step()
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            name = getattr(target, "__name__", "")
            if name == "join" and args:
                items = _bounded_items(args[0])
                _check_join(owner, items)
                args = (items, *args[1:])
            else:
                _check_str_method(owner, name, args, kwargs)
        elif getattr(target, "__name__", "") == "generate_lorem_ipsum":
            for count in (*args, *kwargs.values()):
                _check_width(count * 100 if isinstance(count, int) else 0)
        result = check_built(super().call(__context, __obj, *args, **kwargs))
        if isinstance(owner, (list, dict, set)):
            check_built(owner)
        return result

    def checked_concat(self, parts: tuple[Any, ...], join: Callable[[Iterable[Any]], str]) -> str:
        """``a ~ b ~ c``: the parts' printed size checked, then joined."""
        size = 0
        for part in parts:
            size += len(part) if isinstance(part, str) else printed_size(part, MAX_VALUE - size)
            if size > MAX_VALUE:
                raise _refuse("joins a string of about {} characters", size, MAX_VALUE)
        return join(parts)

    def concat(self, pieces: Iterable[str]) -> str:
        """A whole rendering (or a macro's, a block's) joined, refused past :data:`MAX_OUTPUT`."""
        return "".join(bounded_output(pieces))


class _Counted:
    """An iterable whose every item costs a step; as long as the one it wraps, where that has a length."""

    def __init__(self, items: Any, step: Callable[[], None]) -> None:
        self.items = items
        self.step = step

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.step()
            yield item

    def __len__(self) -> int:
        return len(self.items)


def bounded_output(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces of a rendering as they come, stopped with :class:`TooBig` past :data:`MAX_OUTPUT` characters."""
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_OUTPUT:
            raise _refuse("writes more than {} characters", MAX_OUTPUT, MAX_OUTPUT)
        yield piece
