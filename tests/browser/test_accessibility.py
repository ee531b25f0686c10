"""Every page a user can reach passes axe-core in light and dark mode, with real rows on it.

Each page is opened as the role that sees it (an admin sees nearly everything, Marketing meets the
403 page, nobody is signed in on the login page). Some pages are also checked in a state a user
meets often: a form with its errors showing, a page with a flash message on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from access.roles import MARKETING, SUPPORT
from audience.services import tags_get
from audit.services import Actor, audit_record
from catalog.models import Catalog, Product
from composer.kinds import KINDS
from composer.models import Draft
from messaging.models import MessageStatus
from recipients.models import ContactList, ListMember, Segment
from recipients.services import opt_out
from sandbox.models import SandboxInbound, SandboxMessage
from tests.browser.axe import axe_violations, describe, own_findings
from tests.conftest import make_user
from tests.factories import (
    ContactFactory,
    InboundMessageFactory,
    OutboundMessageFactory,
    TemplateFactory,
)

pytestmark = pytest.mark.browser

THEMES = ["light", "dark"]
CUSTOMER = "+6591234567"


def submit_empty_compose(page: Any) -> None:
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator(".errorlist").first.wait_for()


def save_product(page: Any) -> None:
    page.get_by_role("button", name="Save").first.click()
    page.locator(".flash").wait_for()


def save_bad_mapping(page: Any) -> None:
    page.get_by_label("body {{1}}: source").select_option("attribute")
    page.get_by_role("button", name="Save mapping").click()
    page.locator(".errorlist").first.wait_for()


def open_product_picker(page: Any) -> None:
    page.get_by_role("combobox", name="Product").press_sequentially("shirt")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    page.get_by_role("combobox", name="Product").press("ArrowDown")


def save_bad_sandbox_settings(page: Any) -> None:
    page.get_by_label("Delivered after").fill("-1")
    page.get_by_role("button", name="Save settings").click()
    page.locator("#sandbox-settings .errorlist").first.wait_for()


IMPORT_CSV = b"phone,name,city\n+6591234567,Ann,Paris\nbad,Bo,Rome\n"


def upload_contacts(page: Any) -> None:
    page.get_by_label("CSV file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV}
    )
    page.get_by_role("button", name="Upload and map columns").click()
    page.get_by_role("heading", name="Map the columns of people.csv").wait_for()


def map_contacts(page: Any) -> None:
    upload_contacts(page)
    page.get_by_role("button", name="Import").click()
    page.locator("#import-progress").wait_for()


def upload_nothing(page: Any) -> None:
    page.get_by_role("button", name="Upload and map columns").click()
    page.locator(".errorlist").first.wait_for()


@dataclass(frozen=True)
class Page:
    id: str
    path: str
    role: str | None = "admin"  # which of the cast signs in; None: nobody
    then: Callable[[Any], None] | None = None  # brings the page to the state checked


PAGES = [
    Page("dashboard", "/"),
    *[Page(f"compose-{kind}", f"/compose/?kind={kind}") for kind in KINDS],
    Page("compose-with-errors", "/compose/?kind=text", then=submit_empty_compose),
    Page("compose-from-draft", "/compose/?draft={draft}"),
    Page("drafts", "/compose/drafts/"),
    Page("history", "/messages/"),
    Page("message", "/messages/{message}/"),
    Page("message-failed", "/messages/{failed}/"),
    Page("templates", "/catalog/templates/"),
    Page("template-mapping", "/catalog/templates/{template}/mapping/"),
    Page(
        "template-mapping-errors", "/catalog/templates/{template}/mapping/", then=save_bad_mapping
    ),
    Page("products", "/catalog/products/"),
    Page("product-edit", "/catalog/products/{product}/"),
    Page("products-with-flash", "/catalog/products/{product}/", then=save_product),
    Page("compose-product-picker", "/compose/?kind=product", then=open_product_picker),
    Page("catalogs", "/catalog/catalogs/"),
    Page("catalog-edit", "/catalog/catalogs/{catalog}/"),
    Page("audit", "/audit/"),
    Page("users", "/accounts/users/"),
    Page("settings", "/settings/"),
    Page("sandbox", "/sandbox/"),
    Page("sandbox-with-errors", "/sandbox/", then=save_bad_sandbox_settings),
    Page("campaigns", "/campaigns/"),
    Page("inbox", "/inbox/"),
    Page("contacts", "/contacts/"),
    Page("contacts-filtered", "/contacts/?tag=vip&opted_out=no"),
    Page("contacts-as-support", "/contacts/", role="agent"),
    Page("contact", "/contacts/{contact}/"),
    Page("contact-new", "/contacts/new/"),
    Page("lists", "/contacts/lists/"),
    Page("list", "/contacts/lists/{list}/"),
    Page("segments", "/contacts/segments/"),
    Page("segment", "/contacts/segments/{segment}/"),
    Page("contacts-import", "/contacts/import/"),
    Page("contacts-import-with-errors", "/contacts/import/", then=upload_nothing),
    Page("contacts-import-mapping", "/contacts/import/", then=upload_contacts),
    Page("contacts-import-progress", "/contacts/import/", then=map_contacts),
    Page("contacts-export", "/contacts/export/"),
    Page("products-import", "/catalog/products/import/"),
    Page("403", "/audit/", role="marketer"),
    Page("404", "/no-such-page/"),
    Page("login", "/accounts/login/", role=None),
]


def seed(admin: User) -> dict[str, int]:
    """Rows every list and detail page shows, so their tables, badges and links are checked too."""
    actor = Actor.of(admin)
    catalog = Catalog.objects.create(catalog_id="demo", name="Demo shop")
    product = Product.objects.create(
        catalog_id="demo", retailer_id="shirt-001", name="8x8 Shirt",
        description="Soft cotton tee.", price=Decimal("24.90"), currency="SGD", section="Apparel",
    )  # fmt: skip
    template = TemplateFactory(
        name="order_update",
        parameter_sources={"body_1": {"source": "field", "key": "name", "fallback": "customer"}},
    )
    TemplateFactory(name="old_offer", status="REJECTED", category="MARKETING")
    InboundMessageFactory(msisdn=CUSTOMER)
    message = OutboundMessageFactory(msisdn=CUSTOMER, sent_by=admin, status=MessageStatus.READ)
    failed = OutboundMessageFactory(
        msisdn="+6598765432", sent_by=admin, status=MessageStatus.FAILED,
        error_code=1010, error_message="The number is not on WhatsApp.",
    )  # fmt: skip
    OutboundMessageFactory(sent_by=admin, status=MessageStatus.QUEUED)
    draft = Draft.objects.create(
        owner=admin, name="Order update", kind="text",
        form_data={"msisdn": CUSTOMER, "text": "Your order ships today."},
    )  # fmt: skip
    audit_record(action="product.change", summary="Changed 8x8 Shirt", actor=actor, target=product)
    SandboxMessage.objects.create(
        umid="umid-1", batch_id="batch-1", msisdn=CUSTOMER, type="Text",
        body={"type": "text", "content": {"text": "Your order ships today."}},
        state=SandboxMessage.State.READ,
    )  # fmt: skip
    SandboxInbound.objects.create(
        umid="umid-2", msisdn=CUSTOMER, type="Text", content={"text": "Thanks!"}
    )
    audience = audience_seed(admin)
    return {
        "catalog": catalog.pk, "product": product.pk, "message": message.pk, "failed": failed.pk,
        "draft": draft.pk, "template": template.pk, **audience,
    }  # fmt: skip


def audience_seed(admin: User) -> dict[str, int]:
    """A contact with a tag, an attribute, a list and an opt-out; a segment over them."""
    contact = ContactFactory(msisdn=CUSTOMER, attributes={"city": "Singapore"})
    contact.tags.set(tags_get(["vip"]))
    contact_list = ContactList.objects.create(name="Newsletter")
    ListMember.objects.create(contact=contact, contact_list=contact_list)
    opt_out(msisdn="+6598765432", reason="Asked by phone", source="manual", actor=Actor.of(admin))
    ContactFactory(msisdn="+6598765432", number_warning="kept as written")
    segment = Segment.objects.create(name="VIPs", rules={"tags": ["vip"]})
    return {"contact": contact.pk, "list": contact_list.pk, "segment": segment.pk}


@pytest.fixture
def themed(page):
    """Open pages in a theme the way the app keeps it, in localStorage; forget it afterwards, as
    the browser context (and so the live server's origin storage) is shared with later tests."""

    def choose(theme: str) -> None:
        page.add_init_script(f"try {{ localStorage.setItem('theme', '{theme}'); }} catch (e) {{}}")

    yield choose
    if page.url.startswith("http"):
        page.evaluate("try { localStorage.removeItem('theme'); } catch (e) {}")


def sign_in(context: Any, base_url: str, user: User) -> None:
    """A session cookie straight from Django: the login form itself is checked as its own page."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": base_url, "httpOnly": True}]
    )


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("target", PAGES, ids=[p.id for p in PAGES])
def test_no_axe_violations(live_server, browser, page, themed, admin, target, theme):
    ids = seed(admin)
    cast = {
        "admin": admin,
        "marketer": make_user("mark-marketing", MARKETING),
        "agent": make_user("sam-support", SUPPORT),
    }
    if target.role is not None:
        sign_in(browser, live_server.url, cast[target.role])
    themed(theme)  # theme.js applies it before first paint

    page.goto(live_server.url + target.path.format(**ids))
    if target.then is not None:
        target.then(page)
        assert page.evaluate("document.documentElement.dataset.theme") == theme

    violations = axe_violations(page)
    assert violations == [], f"{target.id} in {theme} mode:\n{describe(violations)}"
    findings = own_findings(page)
    assert findings == [], f"{target.id} in {theme} mode:\n" + "\n".join(findings)


def test_the_theme_toggle_is_named_as_it_reads(live_server, browser, page, themed, admin):
    sign_in(browser, live_server.url, admin)
    themed("light")
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Dark mode", exact=True).click()

    toggle = page.get_by_role("button", name="Light mode", exact=True)
    assert toggle.inner_text().strip().endswith("Light mode")
    assert toggle.get_attribute("aria-label") is None  # nothing to fall out of step with the text
