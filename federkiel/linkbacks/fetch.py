"""Fetching a page another site names (a webmention's or pingback's source), safely.

Outside input chooses the address, so the fetcher must not become a way into our own
network (SSRF): only http(s); the host is resolved once and every address it resolves
to must be public (no private, loopback, link-local, multicast, reserved or unspecified
address, IPv4 or IPv6, also inside IPv4-mapped, 6to4 and NAT64 addresses); the connection
goes to the address that was checked (no second lookup an attacker's DNS could answer
differently); each redirect is checked the same way. Timeouts, a size cap and a
content-type check keep a hostile server from tying up the worker.

Loopback is allowed only when the setting LINKBACK_FETCH_ALLOW_LOOPBACK is on (tests).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
TOTAL_SECONDS = 20.0
MAX_BYTES = 1_000_000
MAX_REDIRECTS = 3
HTML_TYPES = ("text/html", "application/xhtml+xml")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The page could not be fetched; the message says why (for logs, not for users)."""


class Refused(FetchError):
    """The address is not one we fetch from (scheme, or a non-public host)."""


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    status: int
    content_type: str = ""
    charset: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", "replace")
        except LookupError:
            return self.body.decode("utf-8", "replace")


def user_agent() -> str:
    return f"Federkiel (linkback verification; +{settings.BASE_URL})"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_allowed_address(ip: Address) -> bool:
    """Whether we may connect to `ip`: a public unicast address (loopback only when
    LINKBACK_FETCH_ALLOW_LOOPBACK is on)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_allowed_address(inner)
        if ip.is_site_local:
            return False
    if ip.is_loopback:
        return bool(settings.LINKBACK_FETCH_ALLOW_LOOPBACK)
    return ip.is_global and not (
        ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def resolve(host: str, port: int) -> Address:
    """The one address we will connect to; Refused unless every address is allowed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not addresses:
        raise FetchError(f"{host} has no address")
    refused = [str(a) for a in addresses if not is_allowed_address(a)]
    if refused:
        raise Refused(f"{host} resolves to a non-public address ({', '.join(refused)})")
    return addresses[0]


def _target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL; Refused otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused(f"not a valid address: {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"not an http(s) address: {url!r}")
    if parts.username or parts.password:
        raise Refused("addresses with credentials are not fetched")
    default = 443 if parts.scheme == "https" else 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or default, path


def _host_header(host: str, port: int, scheme: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    default = 443 if scheme == "https" else 80
    return shown if port == default else f"{shown}:{port}"


def _pool(scheme: str, host: str, ip: Address, port: int) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    if scheme == "https":
        # Connect to the checked address; check the certificate against the host name.
        return urllib3.HTTPSConnectionPool(
            str(ip),
            port,
            timeout=timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            server_hostname=host,
            assert_hostname=host,
        )
    return urllib3.HTTPConnectionPool(str(ip), port, timeout=timeout, retries=False)


def _media_type(value: str) -> tuple[str, str]:
    media, _, params = value.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, found = param.strip().partition("=")
        if name.strip().lower() == "charset":
            charset = found.strip().strip('"')
    return media.strip().lower(), charset


def fetch(
    url: str, *, accept: tuple[str, ...] = HTML_TYPES, other_types_without_body: bool = False
) -> Page:
    """GET `url` under the limits above. A 2xx answer must be one of `accept` (or, with
    `other_types_without_body`, comes back with its headers only); other statuses come
    back without a body (a webmention's source may answer 410)."""
    deadline = time.monotonic() + TOTAL_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        accepted = {"Accept": ", ".join(accept) + ";q=1, */*;q=0.1"}
        response, pool = _open("GET", url, accepted)
        try:
            location = response.headers.get("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            return _read(url, response, accept, deadline, other_types_without_body)
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def post(url: str, body: bytes, content_type: str, *, max_bytes: int = 64 * 1024) -> Page:
    """POST `body` to `url` (a webmention or pingback endpoint) under the same address
    checks, timeouts and size cap; redirects are not followed. The answer comes back
    whatever its type, its body cut at `max_bytes`."""
    deadline = time.monotonic() + TOTAL_SECONDS
    typed = {"Content-Type": content_type, "Content-Length": str(len(body))}
    response, pool = _open("POST", url, typed, body)
    try:
        media, charset = _media_type(response.headers.get("Content-Type", ""))
        data = _body(url, response, deadline, max_bytes, cut=True)
        return Page(
            url=url,
            status=response.status,
            content_type=media,
            charset=charset,
            body=data,
            headers=_headers(response),
        )
    finally:
        response.release_conn()
        pool.close()


def _open(
    method: str, url: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[urllib3.BaseHTTPResponse, urllib3.HTTPConnectionPool]:
    """Send one request to the checked address of `url`; the caller reads the answer,
    then releases it and closes the pool."""
    scheme, host, port, path = _target(url)
    ip = resolve(host, port)
    headers = {
        "Host": _host_header(host, port, scheme),
        "User-Agent": user_agent(),
        "Accept-Encoding": "identity",
        **headers,
    }
    pool = _pool(scheme, host, ip, port)
    try:
        response = pool.urlopen(
            method,
            path,
            body=body,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.HTTPError as error:
        pool.close()
        raise FetchError(f"{url}: {error}") from None
    return response, pool


def _headers(response: urllib3.BaseHTTPResponse) -> dict[str, str]:
    """Header names in lower case; a header sent several times has its values joined
    by commas (HTTP's rule, which `Link` relies on)."""
    return {name.lower(): response.headers[name] for name in response.headers}


def _body(
    url: str, response: urllib3.BaseHTTPResponse, deadline: float, limit: int, *, cut: bool
) -> bytes:
    """The body, read within the deadline; longer than `limit` bytes is an error, or with
    `cut` is cut there."""
    body = bytearray()
    try:
        for chunk in response.stream(64 * 1024, decode_content=False):
            body += chunk
            if len(body) > limit:
                if cut:
                    return bytes(body[:limit])
                raise FetchError(f"{url}: larger than {limit} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: took longer than {TOTAL_SECONDS} seconds")
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"{url}: {error}") from None
    return bytes(body)


def _read(
    url: str,
    response: urllib3.BaseHTTPResponse,
    accept: tuple[str, ...],
    deadline: float,
    other_types_without_body: bool = False,
) -> Page:
    media, charset = _media_type(response.headers.get("Content-Type", ""))
    headers = _headers(response)
    if not 200 <= response.status < 300:
        return Page(url=url, status=response.status, content_type=media, headers=headers)
    if media not in accept:
        if other_types_without_body:
            return Page(url=url, status=response.status, content_type=media, headers=headers)
        raise FetchError(f"{url}: content type {media or 'missing'} is not fetched")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(f"{url}: larger than {MAX_BYTES} bytes")
    return Page(
        url=url,
        status=response.status,
        content_type=media,
        charset=charset,
        body=_body(url, response, deadline, MAX_BYTES, cut=False),
        headers=headers,
    )
