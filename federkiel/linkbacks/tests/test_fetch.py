import ipaddress
import socket

import pytest

from federkiel.linkbacks import fetch as fetching
from federkiel.linkbacks.fetch import FetchError, Refused, fetch, is_allowed_address
from federkiel.linkbacks.tests.server import loopback_site


@pytest.fixture
def site():
    """The loopback server, with loopback still refused unless `allow_loopback`."""
    with loopback_site() as running:
        yield running


@pytest.fixture
def allow_loopback(settings):
    settings.LINKBACK_FETCH_ALLOW_LOOPBACK = True


def fake_dns(monkeypatch, names):
    """Answer lookups of `names` (host -> address) without the network; count them."""
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host in names:
            family = socket.AF_INET6 if ":" in names[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(fetching.socket, "getaddrinfo", getaddrinfo)
    return asked


def test_fetches_html_with_our_user_agent(site, allow_loopback, settings):
    url = site.page("/post", "<p>Hallo</p>", content_type="text/html; charset=iso-8859-1")
    page = fetch(url)
    assert page.status == 200
    assert page.body == b"<p>Hallo</p>"
    assert page.charset == "iso-8859-1"
    assert site.requests[0][2] == f"Federkiel (linkback verification; +{settings.BASE_URL})"


def test_xhtml_too(site, allow_loopback):
    url = site.page("/x", "<p/>", content_type="application/xhtml+xml")
    assert fetch(url).body == b"<p/>"


def test_loopback_is_refused_by_default(site):
    url = site.page("/post", "<p>Hallo</p>")
    with pytest.raises(Refused):
        fetch(url)
    assert site.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1", "::1", "::",
        "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::", "64:ff9b::a00:1",
    ],
)  # fmt: skip
def test_non_public_addresses_are_refused(address):
    assert not is_allowed_address(ipaddress.ip_address(address))
    shown = f"[{address}]" if ":" in address else address
    with pytest.raises(Refused):
        fetch(f"http://{shown}/")


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_are_allowed(address):
    assert is_allowed_address(ipaddress.ip_address(address))


def test_the_setting_opens_loopback_only(allow_loopback):
    assert is_allowed_address(ipaddress.ip_address("127.0.0.1"))
    assert is_allowed_address(ipaddress.ip_address("::1"))
    assert not is_allowed_address(ipaddress.ip_address("10.0.0.1"))
    assert not is_allowed_address(ipaddress.ip_address("169.254.169.254"))


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "::1"])
def test_host_names_resolving_to_non_public_addresses_are_refused(monkeypatch, site, address):
    fake_dns(monkeypatch, {"intranet.example": address})
    with pytest.raises(Refused):
        fetch("http://intranet.example/")


def test_localhost_is_refused(site):
    port = site.base.rsplit(":", 1)[1]
    with pytest.raises(Refused):
        fetch(f"http://localhost:{port}/")
    assert site.requests == []


def test_one_bad_address_among_good_ones_refuses(monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.1", port)),
        ]

    monkeypatch.setattr(fetching.socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(Refused):
        fetch("http://mixed.example/")


def test_connects_to_the_address_it_checked(monkeypatch, site, allow_loopback):
    """One lookup per hop, and the connection goes to its answer: the name is not
    resolved again by the HTTP library (a DNS-rebinding gap)."""
    asked = fake_dns(monkeypatch, {"blog.example": "127.0.0.1"})
    port = site.base.rsplit(":", 1)[1]
    site.page("/post", "<p>Hallo</p>")
    assert fetch(f"http://blog.example:{port}/post").body == b"<p>Hallo</p>"
    assert [host for host in asked if not host[0].isdigit()] == ["blog.example"]
    assert site.requests[0][:2] == ("/post", f"blog.example:{port}")


@pytest.mark.parametrize(
    "url", ["ftp://example.org/", "file:///etc/passwd", "gopher://x/", "javascript:alert(1)",
            "http:///nohost", "http://user:pw@example.org/", "http://example.org:99999/"],
)  # fmt: skip
def test_only_http_and_https(url):
    with pytest.raises(Refused):
        fetch(url)


def test_redirects_are_followed_and_checked_again(monkeypatch, site, allow_loopback):
    target = site.page("/post", "<p>angekommen</p>")
    first = site.page("/old", status=301, headers={"Location": "/post"})
    assert fetch(first).url == target
    site.page("/evil", status=302, headers={"Location": "http://10.0.0.1/admin"})
    with pytest.raises(Refused):
        fetch(site.base + "/evil")
    site.page("/meta", status=307, headers={"Location": "http://169.254.169.254/latest/"})
    with pytest.raises(Refused):
        fetch(site.base + "/meta")


def test_a_few_redirects_at_most(site, allow_loopback):
    for n in range(5):
        site.page(f"/r{n}", status=302, headers={"Location": f"/r{n + 1}"})
    site.page("/r5", "<p>end</p>")
    with pytest.raises(FetchError, match="redirects"):
        fetch(site.base + "/r0")
    assert fetch(site.base + "/r2").body == b"<p>end</p>"


def test_size_cap(site, allow_loopback, monkeypatch):
    monkeypatch.setattr(fetching, "MAX_BYTES", 1000)
    with pytest.raises(FetchError, match="larger"):
        fetch(site.page("/big", "x" * 1001))
    assert fetch(site.page("/fits", "x" * 1000)).body == b"x" * 1000


def test_size_cap_without_content_length(site, allow_loopback, monkeypatch):
    monkeypatch.setattr(fetching, "MAX_BYTES", 1000)
    site.page("/big", "x" * 5000, send_length=False)
    with pytest.raises(FetchError, match="larger"):
        fetch(site.base + "/big")


def test_only_html(site, allow_loopback):
    for path, kind in [("/j", "application/json"), ("/i", "image/png"), ("/n", "")]:
        with pytest.raises(FetchError, match="content type"):
            fetch(site.page(path, "{}", content_type=kind))


def test_other_statuses_come_back_without_body(site, allow_loopback):
    page = fetch(site.page("/gone", "bye", status=410))
    assert (page.status, page.body) == (410, b"")
    assert fetch(site.base + "/missing").status == 404


def test_read_timeout(site, allow_loopback, monkeypatch):
    monkeypatch.setattr(fetching, "READ_TIMEOUT", 0.2)
    with pytest.raises(FetchError):
        fetch(site.page("/slow", "<p>late</p>", delay=1.0))


def test_connection_refused_is_a_fetch_error(allow_loopback):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError):
        fetch(f"http://127.0.0.1:{port}/")


def test_ipv6_loopback_when_allowed(allow_loopback):
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        context = loopback_site("::1")
        site = context.__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback")
    try:
        assert fetch(site.page("/six", "<p>6</p>")).body == b"<p>6</p>"
    finally:
        context.__exit__(None, None, None)
