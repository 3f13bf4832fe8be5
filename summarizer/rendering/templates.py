"""Finding and loading templates: ours from the package or checkout, the user's from their file.

Every template runs in Jinja's sandbox: a template is data chosen by the user, and it must
not reach the interpreter (``os.popen``, ``__class__.__mro__``) whatever it contains, nor
build values or write output past the bounds of :mod:`summarizer.rendering.sandbox`.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TemplateError

if TYPE_CHECKING:
    import jinja2

    from .sandbox import BoundedSandbox

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
"""Where the wheel carries ``templates/`` (see pyproject's force-include)."""
CHECKOUT_TEMPLATES = Path(__file__).parent.parent.parent / "templates"
MARKDOWN_TEMPLATE = "digest.md.j2"
TEMPLATE_FAULTS = (ArithmeticError, TypeError, ValueError, LookupError, AttributeError, RecursionError, MemoryError)
"""What a template expression can raise (``{{ 1/0 }}``, ``{{ x[9] }}``, a macro calling itself): its fault."""
DOCX_TEMPLATE = "digest.docx"


def template_dirs() -> list[Path]:
    """Template folders: the installed package's first, then a checkout's ``templates/``."""
    return [d for d in (PACKAGE_TEMPLATES, CHECKOUT_TEMPLATES) if d.is_dir()]


def find_template(name: str) -> Path:
    """Our template ``name`` from the wheel or the checkout."""
    for folder in template_dirs():
        if (folder / name).is_file():
            return folder / name
    raise TemplateError(f"template {name} is missing from the installation")


def jinja_env(extra: Path | None = None, *, autoescape: bool = False) -> BoundedSandbox:
    """A sandboxed Jinja environment over the user's template folder (if any) and ours."""
    import jinja2

    from .context import format_value
    from .sandbox import BoundedLoader, BoundedSandbox

    dirs = ([extra] if extra else []) + template_dirs()
    env = BoundedSandbox(
        loader=BoundedLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
    )
    env.filters["money"] = format_value
    return env


def located(err: Exception, template: Path | str) -> TemplateError:
    """``my.md.j2:12: template error: 'foo' is undefined`` for an error raised by a template."""
    import jinja2
    from jinja2.exceptions import SecurityError

    from .bounds import TooBig

    name = str(template)
    if isinstance(err, jinja2.TemplateSyntaxError) and err.lineno:
        return TemplateError(f"{err.filename or name}:{err.lineno}: template error: {err.message}")
    if isinstance(err, jinja2.TemplateNotFound):
        return TemplateError(f"{name}: template error: no template {err.name!r} to include")
    if isinstance(err, SecurityError) and not isinstance(err, TooBig):
        return TemplateError(f"{name}: template error: not allowed in a template ({err})")
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith((".j2", ".md", ".jinja", ".jinja2", ".html", ".txt")) or frame.filename == name:
            return TemplateError(f"{frame.filename}:{frame.lineno}: template error: {_reason(err)}")
    return TemplateError(f"{name}: template error: {_reason(err)}")


def _reason(err: Exception) -> str:
    message = str(err).splitlines()[0] if str(err) else ""
    return message or type(err).__name__


def load_template(path: Path | None, default: str, env: jinja2.Environment) -> jinja2.Template:
    """The user's template at ``path`` or our ``default``, compiled; raises :class:`TemplateError`."""
    import jinja2

    name = path.name if path else default
    try:
        return env.get_template(name)
    except jinja2.TemplateError as err:
        raise located(err, path or name) from err
    except (OSError, UnicodeDecodeError) as err:
        raise TemplateError(f"{path or name}: template error: cannot read the template ({err})") from err
