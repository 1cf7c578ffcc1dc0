import pytest
from django.test import RequestFactory

from federkiel.accounts.limits import client_ip
from federkiel.config import ConfigError, env_networks


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.4", None, "198.51.100.4"),
        ("198.51.100.4", "203.0.113.9", "198.51.100.4"),  # not our proxy: header ignored
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the first part is forgeable
        ("127.0.0.1", "203.0.113.9, 10.0.0.2", "203.0.113.9"),  # skips our inner proxy
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, remote, forwarded, expected):
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(request_from(remote, forwarded)) == expected


def test_any_proxy_when_told(settings):
    settings.FORWARDED_ALLOW_IPS = ["*"]
    assert client_ip(request_from("198.51.100.4", "203.0.113.9")) == "203.0.113.9"


@pytest.mark.django_db
def test_sign_in_limit_counts_visitors_behind_the_proxy_apart(client, settings):
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    data = {"username": "nobody", "password": "wrong"}
    for n in range(10):
        client.post(
            "/accounts/login/", {**data, "username": f"n{n}"}, HTTP_X_FORWARDED_FOR="203.0.113.1"
        )
    limited = client.post("/accounts/login/", data, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert limited.status_code == 429
    other = client.post("/accounts/login/", data, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.status_code == 200


def test_proxy_list_from_the_environment(monkeypatch):
    monkeypatch.setenv("FEDERKIEL_FORWARDED_ALLOW_IPS", "127.0.0.1, 10.0.0.0/8,::1")
    assert env_networks("FEDERKIEL_FORWARDED_ALLOW_IPS", "") == ["127.0.0.1", "10.0.0.0/8", "::1"]
    monkeypatch.setenv("FEDERKIEL_FORWARDED_ALLOW_IPS", "127.0.0.1,proxy.local")
    with pytest.raises(ConfigError, match=r"FEDERKIEL_FORWARDED_ALLOW_IPS: 'proxy\.local'"):
        env_networks("FEDERKIEL_FORWARDED_ALLOW_IPS", "")
