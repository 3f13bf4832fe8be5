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
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import FileSystemLoader, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from .bounds import (
    MAX_INT_BITS,
    MAX_OUTPUT,
    MAX_VALUE,
    TooBig,
    bounded_items,
    check_built,
    check_join,
    check_percent,
    check_printed,
    check_str_method,
    check_width,
    filter_checks,
    printed_size,
    refuse,
)

MAX_STEPS = 1_000_000
"""Calls, filters, operators and loop turns a template may take: ours take 20 (Markdown) and 30
(Word) a report; a loop over ``range(100000)`` nested twice, or a macro calling itself twice,
would run for hours. Counted, not timed, so that a run's outcome never depends on the machine."""
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
"""Bytes of a template file (one it includes too): ours is 3 KB."""


def _bounded_filter(name: str, func: Callable[..., Any], step: Callable[[], None]) -> Callable[..., Any]:
    # A filter marked pass_context/pass_eval_context/pass_environment takes that first.
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        step()
        head, value, rest = args[:skip], args[skip] if len(args) > skip else None, args[skip + 1 :]
        if name == "join" and value is not None:
            items = bounded_items(value)
            check_join(str(rest[0] if rest else kwargs.get("d", "")), items)
            args = (*head, items, *rest)
        else:
            filter_checks(name, value, rest, kwargs)
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
            raise refuse("takes more than {} steps (calls, filters, loop turns)", MAX_STEPS, MAX_STEPS)

    def turns(self, items: Any) -> Any:
        """``items`` as a loop goes over them, each turn a step; its length kept for ``loop.length``."""
        return _Counted(items, self.step)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**``, ``+`` and ``%`` with their result's size checked first where it can be."""
        self.step()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    check_width(len(seq) * times)
            bits = left.bit_length() + right.bit_length() if isinstance(left, int) and isinstance(right, int) else 0
            if bits > MAX_INT_BITS:
                raise refuse("computes an integer of about {} bits", bits, MAX_INT_BITS)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            bits = left.bit_length() * right
            if bits > MAX_INT_BITS:
                raise refuse("computes an integer of about {} bits", bits, MAX_INT_BITS)
        elif operator == "%" and isinstance(left, str):
            check_percent(left, right)
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
                items = bounded_items(args[0])
                check_join(owner, items)
                args = (items, *args[1:])
            else:
                check_str_method(owner, name, args, kwargs)
        elif getattr(target, "__name__", "") == "generate_lorem_ipsum":
            for count in (*args, *kwargs.values()):
                check_width(count * 100 if isinstance(count, int) else 0)
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
                raise refuse("joins a string of about {} characters", size, MAX_VALUE)
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
            raise refuse("writes more than {} characters", MAX_OUTPUT, MAX_OUTPUT)
        yield piece
