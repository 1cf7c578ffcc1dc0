"""Linkback endpoints: thin, the rules are in `receiving.py`."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from federkiel.accounts.limits import exceeded
from federkiel.comments.models import Comment
from federkiel.comments.views import visitor_ip
from federkiel.comments.writing import CommentRejected
from federkiel.linkbacks import trackback as tb
from federkiel.linkbacks.access import get_linked_story
from federkiel.linkbacks.limits import LINKBACKS_PER_IP
from federkiel.linkbacks.models import Linkback
from federkiel.linkbacks.pingback import METHOD, BadCall, answer, fault, read_call
from federkiel.linkbacks.receiving import check_open, receive_linkback
from federkiel.linkbacks.tasks import verify_linkback
from federkiel.linkbacks.webmention import BadRequest, Fault, check_request
from federkiel.queue import enqueue_on_commit


@csrf_exempt  # sent by other sites' servers, which have no token; it acts for nobody
def trackback(request: HttpRequest, blog: str, key: str) -> HttpResponse:
    """`/<blog>/stories/<id-or-slug>/modTrackback`, twoday's address."""
    with translation.override(settings.LANGUAGE_CODE):
        if request.method != "POST":
            answer = tb.response(_("Send a trackback as a POST request (Trackback 1.1)."), 405)
            answer["Allow"] = "POST"
            return answer
        if exceeded(request, LINKBACKS_PER_IP):
            return tb.response(_("Too many pings from your address. Please wait."), 429)
        try:
            story = get_linked_story(blog, key)
        except Http404:
            return tb.response(_("There is no such story."), 404)
    with translation.override(story.blog.language):
        try:
            check_open(story)
            incoming = tb.incoming_trackback(
                tb.form_fields(request),
                visitor_ip(request),
                request.META.get("HTTP_USER_AGENT", ""),
            )
            receive_linkback(story, incoming)
        except CommentRejected as rejected:
            return tb.response(str(rejected.message))
    return tb.response()


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt  # sent by other sites' servers, which have no token; it acts for nobody
def webmention(request: HttpRequest) -> HttpResponse:
    """`/webmention/`: check at once, verify the source in the background (202)."""
    if request.method != "POST":
        answer = _plain(_("Send a webmention as a POST request with source and target."), 405)
        answer["Allow"] = "POST"
        return answer
    if exceeded(request, LINKBACKS_PER_IP):
        return _plain(_("Too many pings from your address. Please wait."), 429)
    source = request.POST.get("source", "")
    target = request.POST.get("target", "")
    try:
        story = check_request(source, target)
    except BadRequest as bad:
        return _plain(str(bad.message), 400)
    enqueue_on_commit(
        verify_linkback,
        story.pk,
        source.strip(),
        target.strip(),
        visitor_ip(request),
        request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    return _plain(_("Accepted: the source will be checked shortly."), 202)


@csrf_exempt  # sent by other sites' servers, which have no token; it acts for nobody
def xmlrpc(request: HttpRequest) -> HttpResponse:
    """`/xmlrpc/`: Pingback 1.0's `pingback.ping(source, target)`; the source is checked
    in the background by the same task as a webmention's."""
    if request.method != "POST":
        response = _plain(_("Send XML-RPC calls (pingback.ping) as POST requests."), 405)
        response["Allow"] = "POST"
        return response
    if exceeded(request, LINKBACKS_PER_IP):
        return fault(Fault.ACCESS_DENIED, _("Too many pings from your address. Please wait."))
    try:
        method, params = read_call(request.body)
    except BadCall:
        return fault(Fault.GENERIC, _("This is not an XML-RPC call this site understands."))
    if method != METHOD:
        return fault(Fault.GENERIC, _("This site only answers pingback.ping."))
    if len(params) != 2:
        return fault(Fault.GENERIC, _("pingback.ping takes two strings: source and target."))
    source, target = (param.strip() for param in params)
    try:
        story = check_request(source, target)
    except BadRequest as bad:
        return fault(bad.fault, str(bad.message))
    if Linkback.objects.filter(story=story, source_url=source).exists():
        return fault(Fault.ALREADY_REGISTERED, _("This pingback is registered already."))
    enqueue_on_commit(
        verify_linkback,
        story.pk,
        source,
        target,
        visitor_ip(request),
        request.META.get("HTTP_USER_AGENT", "")[:300],
        Comment.Kind.PINGBACK,
    )
    return answer(_("Pingback received; the source will be checked shortly."))
