"""Pingback 1.0 over XML-RPC: reading the call, writing the answer.

The call comes from outside, so it is parsed with defusedxml (no DTDs, entities or
external references), never the standard library's parser. Answers are written with
`xmlrpc.client.dumps`, which only serialises.
"""

from __future__ import annotations

import xmlrpc.client

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.http import HttpResponse

from federkiel.linkbacks.webmention import Fault

MAX_CALL_BYTES = 64 * 1024
METHOD = "pingback.ping"


class BadCall(Exception):
    """Not an XML-RPC call we understand."""


def read_call(body: bytes) -> tuple[str, list[str]]:
    """(method name, string parameters) of an XML-RPC call; BadCall otherwise."""
    if len(body) > MAX_CALL_BYTES:
        raise BadCall("call too large")
    try:
        root = fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise BadCall(f"not XML-RPC: {error}") from None
    if root.tag != "methodCall":
        raise BadCall("not an XML-RPC call")
    method = (root.findtext("methodName") or "").strip()
    params = []
    for value in root.findall("params/param/value"):
        children = list(value)
        if not children:
            params.append(value.text or "")
        elif len(children) == 1 and children[0].tag == "string":
            params.append(children[0].text or "")
        else:
            raise BadCall("parameters must be strings")
    return method, params


def answer(result: str) -> HttpResponse:
    body = xmlrpc.client.dumps((result,), methodresponse=True, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def fault(code: Fault, message: str) -> HttpResponse:
    body = xmlrpc.client.dumps(xmlrpc.client.Fault(int(code), message), encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
