"""Share links to other networks, the Mastodon hand-off and the prepared message to the council.

Every link is a plain URL on the other network's own share page: no scripts, pixels or requests
from our pages to other hosts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from flask import current_app
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

MAX_SHARE_TEXT = 300
# One DNS name: labels of letters, digits and inner hyphens, a letter-only TLD. No IPs, ports or paths.
_HOST = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: str
    href: str


class InvalidInstance(ValueError):
    """What the person typed is not the name of a Mastodon server."""


class NotOurPage(ValueError):
    """The address is not a page of this site."""


def _q(text: str) -> str:
    return quote(text, safe="")


def mailto(subject: str, body: str, recipient: str = "") -> str:
    """A mailto link; spaces as %20 because mail programs show '+' literally."""
    return f"mailto:{recipient}?subject={_q(subject)}&body={_q(body)}"


def share_links(url: str, title: str, text: str) -> list[ShareLink]:
    message = f"{text} {url}".strip()
    return [
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": message})),
        ShareLink("email", _("E-mail"), mailto(title, f"{text}\n\n{url}")),
        ShareLink("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ShareLink("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"text": text, "url": url})),
        ShareLink("bluesky", "Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": message})),
    ]


def mastodon_instance(typed: str) -> str:
    """The host name of a Mastodon server from what a person types ('mastodon.social', 'https://x.nl/')."""
    host = (typed or "").strip().lower()
    for prefix in ("https://", "http://"):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    host = host.rstrip("/")
    if host.startswith("@") or "@" in host:
        host = host.rsplit("@", 1)[-1]  # '@name@mastodon.social' names the server after the last @
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidInstance(typed) from None
    if not _HOST.match(host):
        raise InvalidInstance(typed)
    return host


def mastodon_share_url(typed_instance: str, url: str, text: str) -> str:
    host = mastodon_instance(typed_instance)
    message = f"{text[:MAX_SHARE_TEXT]} {own_absolute_url(url)}".strip()
    return f"https://{host}/share?" + urlencode({"text": message})


def own_absolute_url(address: str) -> str:
    """The absolute URL of a page of this site, from its path or its absolute URL; refuses anything else.

    Used for QR codes and share hand-offs, so the site never encodes or forwards someone else's link.
    """
    base = current_app.config["WIJKSTEM_BASE_URL"]
    address = (address or "").strip()
    if address.startswith(base + "/"):
        address = address[len(base) :]
    if not address.startswith("/") or address.startswith("//") or "\\" in address or len(address) > 500:
        raise NotOurPage(address)
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in address):
        raise NotOurPage(address)
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or parts.fragment:
        raise NotOurPage(address)
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _values = adapter.match(parts.path, method="GET")
    except (NotFound, MethodNotAllowed, RequestRedirect):
        raise NotOurPage(address) from None
    if endpoint == "static":
        raise NotOurPage(address)
    return base + address


def council_message(municipality_name: str, url: str, people: int) -> tuple[str, str]:
    """Subject and body of the prepared message to the municipal council (the griffie); `people`:
    how many people from the municipality endorse at least one pillar (offered only when > 0)."""
    subject = _("Manifest voor een succesvolle wijkaanpak in %(name)s", name=municipality_name)
    support = ngettext(
        "Nu steunt %(count)s persoon uit %(name)s het manifest.",
        "Nu steunen %(count)s inwoners, beroepskrachten en politici uit %(name)s het manifest.",
        people,
        name=municipality_name,
        count=format_decimal(people),
    )
    body = _(
        "Beste griffie,\n\n"
        "Wilt u dit bericht doorsturen naar de leden van de gemeenteraad van %(name)s?\n\n"
        "Op wijkstem steunen bewoners, beroepskrachten en politici het Manifest voor een succesvolle "
        "wijkaanpak. %(support)s Op deze pagina ziet u per "
        "pijler wie het manifest steunt, en u kunt er een samenvatting voor de raadsagenda downloaden:\n\n"
        "%(url)s\n\n"
        "Ik hoop dat de raad de wijkaanpak bespreekt.\n\n"
        "Met vriendelijke groet,\n",
        name=municipality_name,
        support=support,
        url=url,
    )
    return subject, body
