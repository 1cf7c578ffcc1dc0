"""An owner arranges the sidebar in a real browser and sees the result on the blog."""

import pytest
from playwright.sync_api import expect

from federkiel.browser import sign_in
from federkiel.sidebar.models import Module


def sidebar_headings(page):
    return page.locator("aside.blog-sidebar section h2").all_text_contents()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_adds_moves_and_hides_modules(page, live_server, blog, owner):
    sign_in(page.context, live_server, owner)
    page.goto("/kiel/")
    assert sidebar_headings(page) == [
        "User Status",
        "Rückblick",
        "Zuletzt geschrieben",
        "Themen",
        "Status",
        "Weblog abonnieren",
    ]
    page.get_by_role("link", name="Seitenleiste anpassen").click()

    page.get_by_label("Modul hinzufügen").select_option("text")
    page.get_by_role("button", name="Hinzufügen").click()
    page.get_by_label("Überschrift").fill("Carpe Diem")
    page.get_by_label("Text:", exact=True).fill(
        'Heute ist <b>Dienstag</b>.<img src=x onerror="window.__pwned=1">'
    )
    page.get_by_role("button", name="Modul hinzufügen").click()
    page.get_by_text("„Carpe Diem“ wurde unten in der Seitenleiste hinzugefügt.").wait_for()

    page.get_by_role("button", name="„Carpe Diem“ nach oben").click()
    expect(page.locator(".sidebar-modules li strong").nth(5)).to_have_text("Carpe Diem")
    recent = page.locator("li", has_text="Zuletzt geschrieben")
    recent.get_by_role("button", name="Verbergen").click()
    page.get_by_text("„Zuletzt geschrieben“ ist jetzt verborgen.").wait_for()
    rows = page.locator(".sidebar-modules li strong").all_inner_texts()
    assert rows == [
        "User Status",
        "Rückblick",
        "Zuletzt geschrieben",
        "Themen",
        "Status",
        "Carpe Diem",
        "Weblog abonnieren",
    ]

    page.get_by_role("link", name="Zum Weblog").click()
    page.wait_for_url("**/kiel/")
    assert sidebar_headings(page) == [
        "User Status",
        "Rückblick",
        "Themen",
        "Status",
        "Carpe Diem",
        "Weblog abonnieren",
    ]
    box = page.locator("aside section", has_text="Carpe Diem")
    assert box.locator("b").inner_text() == "Dienstag"
    assert page.evaluate("window.__pwned === undefined")
    assert page.dialogs == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_reorders_by_dragging(page, live_server, blog, owner):
    sign_in(page.context, live_server, owner)
    page.goto("/kiel/sidebar/")
    rows = page.locator(".sidebar-modules > li")
    with page.expect_response("**/kiel/sidebar/order/") as saved:
        rows.nth(2).drag_to(rows.nth(0), target_position={"x": 10, "y": 2})
    assert saved.value.ok
    page.wait_for_load_state("load")
    order = list(Module.objects.order_by("position").values_list("title", flat=True))
    assert order == [
        "Zuletzt geschrieben",
        "User Status",
        "Rückblick",
        "Themen",
        "Status",
        "Weblog abonnieren",
    ]
