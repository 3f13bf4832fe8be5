"""The .eml draft: plain-text and HTML bodies from the Markdown, the Word file attached, RFC 5322 headers.

The same briefing gives the same mail, byte for byte: ``Date:`` is the briefing's date,
``Message-ID:`` and the MIME boundaries are derived from the content, and the Word file is
saved with fixed time stamps (:func:`summarizer.rendering.word.save_reproducibly`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import OptionError
from ..reading.normalise import display_safe
from ..reading.walk import generator, mark

if TYPE_CHECKING:
    from email.headerregistry import Address

PLACEHOLDER_SENDER = "发件人（请填写） <sender@example.invalid>"
"""``From:`` of a draft when none is given: a reserved domain (RFC 2606) the writer replaces."""
PLACEHOLDER_RECIPIENT = "收件人（请填写） <recipient@example.invalid>"
"""``To:`` of a draft when none is given: the writer fills it in before sending."""
CHINA = dt.timezone(dt.timedelta(hours=8))
SENT_AT = dt.time(9)
"""A briefing is dated by its day; its mail is dated 09:00 China time that day."""
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


@dataclass(frozen=True)
class Mail:
    """``--eml``: recipients (``To:``), subject and sender of the draft; each has a default."""

    to_addr: str | None = None
    subject: str | None = None
    from_addr: str | None = None


def addresses(option: str, value: str) -> tuple[Address, ...]:
    """The addresses of ``--to-addr``/``--from-addr`` (``办公室 <bgs@example.cn>, b@example.cn``).

    Raises :class:`OptionError` for more than one line or anything that is not an address,
    rather than write a header that a mail client drops or misreads.
    """
    from email.headerregistry import Address, AddressHeader
    from email.policy import default

    if any(ch in value for ch in "\r\n\x00"):
        raise OptionError(f"{option} must be one line")
    try:
        header = default.header_factory("To", value)
    except (IndexError, ValueError, TypeError) as err:  # the parser's own slips on 'a@' (IndexError)
        raise OptionError(f"{option} {value!r} is not an e-mail address ({err or type(err).__name__})") from err
    found = header.addresses if isinstance(header, AddressHeader) else ()
    if not found or header.defects or any(not a.username or not a.domain for a in found):
        raise OptionError(f"{option} {value!r} is not an e-mail address (name@example.cn or 名称 <name@example.cn>)")
    try:
        # A domain in Chinese (例子.中国) goes as its ASCII form (IDNA), which every server reads.
        return tuple(Address(a.display_name, a.username, a.domain.encode("idna").decode("ascii")) for a in found)
    except UnicodeError as err:
        raise OptionError(f"{option} {value!r}: the domain is not a valid domain name") from err


def mail_date(date: str | None) -> dt.datetime:
    """``Date:``: the briefing's date at 09:00 China time; the clock only when no report gives a day."""
    day = dt.date.fromisoformat(date) if date and len(date) == 10 else None
    when = dt.datetime.combine(day, SENT_AT, CHINA) if day else dt.datetime.now(CHINA)
    return when.replace(microsecond=0)


def render_eml(
    markdown: str,
    attachment: bytes,
    name: str,
    mail: Mail,
    title: str,
    date: str | None = None,
    masthead: str | None = None,
) -> bytes:
    """An RFC 5322 draft of the briefing (``X-Unsent: 1`` makes Outlook open it for editing).

    ``multipart/mixed``: a ``multipart/alternative`` of the Markdown read as plain text and
    rendered as HTML (:mod:`summarizer.rendering.mailbody`), then the Word file ``name``.
    ``masthead`` is the masthead's title when the briefing has one (its HTML is styled red).
    Headers that are not ASCII are encoded as RFC 2047 words by the SMTP policy.
    """
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    from .mailbody import parse, render_html, render_text

    if mail.subject and any(ch in mail.subject for ch in "\r\n\x00"):
        raise OptionError("--subject must be one line")
    sender = addresses("--from-addr", mail.from_addr or PLACEHOLDER_SENDER)
    recipients = addresses("--to-addr", mail.to_addr or PLACEHOLDER_RECIPIENT)
    markdown = markdown.removeprefix(f"<!-- {mark()} -->\n")  # the X-Generator header marks the mail
    tokens = parse(markdown)
    text = render_text(tokens)
    page = render_html(tokens, title, masthead)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipients
    msg["Subject"] = display_safe(mail.subject or title)  # no bidirectional controls (issue 29)
    msg["Date"] = format_datetime(mail_date(date))
    content = hashlib.sha256()
    for field in (str(msg["From"]), str(msg["To"]), str(msg["Subject"]), str(msg["Date"]), markdown, name):
        content.update(field.encode("utf-8") + b"\0")
    content.update(attachment)
    key = content.hexdigest()
    # The same briefing, the same message: a draft remade from unchanged reports keeps its id.
    msg["Message-ID"] = f"<{key[:32]}@{sender[0].domain}>"
    msg["X-Unsent"] = "1"
    msg["X-Generator"] = generator()  # marks the file as ours (summarizer.reading.walk.MARK)
    msg.set_content(text)
    msg.add_alternative(page, subtype="html")
    msg.add_attachment(attachment, maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename=name)
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_briefing_{i}_{key[32:56]}")
    return msg.as_bytes(policy=SMTP)
