"""The demo data: products with pictures the project itself serves."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Catalog, Product, Template
from chatapps_admin.management.commands.load_demo import DEMO_PRODUCTS
from messaging.models import InboundMessage, WebhookEvent
from sandbox.models import SandboxInbound, SandboxTemplate


def test_every_demo_picture_is_a_vendored_static_file():
    for *_, picture in DEMO_PRODUCTS:
        assert finders.find(f"demo/products/{picture}.svg"), picture


def test_demo_products_carry_absolute_picture_urls_on_the_public_base_url(db, settings):
    settings.SANDBOX_ENABLED = False
    settings.PUBLIC_BASE_URL = "https://admin.example.com/"
    call_command("load_demo", stdout=StringIO())
    urls = dict(Product.objects.values_list("retailer_id", "image_url"))
    assert urls == {
        "shirt-001": "https://admin.example.com/static/demo/products/shirt.svg",
        "cap-002": "https://admin.example.com/static/demo/products/cap.svg",
        "mug-003": "https://admin.example.com/static/demo/products/mug.svg",
        "bottle-004": "https://admin.example.com/static/demo/products/bottle.svg",
    }


def test_the_demo_learns_templates_and_its_customer_from_the_sandbox_as_from_8x8(
    transactional_db, settings, monkeypatch
):
    monkeypatch.setattr("messaging.enqueue._send", lambda name, args: None)  # no worker here
    settings.SANDBOX_ENABLED = True
    call_command("load_demo", stdout=StringIO())

    # Templates: the product's own sync, over the sandbox's HTTP API.
    synced = set(Template.objects.values_list("name", "language"))
    assert synced == set(SandboxTemplate.objects.values_list("name", "language"))
    assert len(synced) == 8
    # The customer wrote to WhatsApp's side an hour ago; its webhook told the product.
    [inbound] = InboundMessage.objects.all()
    assert (inbound.msisdn, inbound.profile_name) == ("+6591234567", "Demo Customer")
    assert abs(inbound.received_at - (timezone.now() - timedelta(hours=1))) < timedelta(minutes=1)
    assert SandboxInbound.objects.get().umid == inbound.umid
    assert WebhookEvent.objects.get().state == WebhookEvent.State.APPLIED

    call_command("load_demo", stdout=StringIO())  # a second run adds nothing
    assert InboundMessage.objects.count() == 1


def test_demo_products_are_filed_under_a_named_catalog(db, settings):
    settings.SANDBOX_ENABLED = False
    call_command("load_demo", stdout=StringIO())
    [catalog] = Catalog.objects.all()
    assert (catalog.catalog_id, catalog.name) == ("8x8-demo-catalog", "8x8 Demo Shop")
    assert set(Product.objects.values_list("catalog_id", flat=True)) == {catalog.catalog_id}
