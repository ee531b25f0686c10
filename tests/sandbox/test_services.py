"""The timetable, the failing number lists, customer replies, duplicates and reset."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sandbox import selectors, services
from sandbox.models import (
    SandboxFile,
    SandboxInbound,
    SandboxMessage,
    SandboxProduct,
    SandboxTemplate,
    SandboxWebhook,
)
from tests.sandbox import bodies


def accept(body: dict) -> SandboxMessage:
    return services.message_accept(body=body)


def advance(message: SandboxMessage, step: str) -> SandboxMessage | None:
    return services.receipt_advance(message_id=message.pk, step=step)


# -- timetable -----------------------------------------------------------------------------------


def test_a_message_goes_queued_delivered_read(db, window_open):
    message = accept(bodies.text())

    assert advance(message, "delivered").state == "delivered"
    assert advance(message, "read").state == "read"
    message.refresh_from_db()
    assert (message.state, message.detail, message.error_code) == ("read", "", None)


def test_a_step_that_runs_twice_moves_nothing_the_second_time(db):
    message = accept(bodies.text())
    advance(message, "delivered")

    assert advance(message, "delivered") is None
    hooks = services.receipts_advance(message_ids=[message.pk], step="delivered", schedule=False)
    assert hooks == []


def test_read_before_delivered_moves_nothing(db):
    message = accept(bodies.text())

    assert advance(message, "read") is None
    message.refresh_from_db()
    assert message.state == "queued"


def test_a_deleted_message_is_skipped(db):
    message = accept(bodies.text())
    SandboxMessage.objects.all().delete()

    assert services.receipts_advance(message_ids=[message.pk], step="delivered") == []


def test_delivery_posts_a_receipt_and_plans_the_read_step(
    db, enqueued, django_capture_on_commit_callbacks, window_open
):
    message = accept(bodies.text())
    services.config_update(read_after_seconds=7)

    with django_capture_on_commit_callbacks(execute=True):
        [hook] = services.receipts_advance(message_ids=[message.pk], step="delivered")

    assert enqueued == [
        ("sandbox.tasks.sandbox_webhook_task", (hook.pk,), 0),
        ("sandbox.tasks.sandbox_receipts_task", ([message.pk], "read"), 7),
    ]


def test_no_webhooks_are_made_while_they_are_switched_off(db, window_open):
    services.config_update(webhooks_enabled=False)
    message = accept(bodies.text())

    assert services.sandbox_webhooks_deliver_now(message) == []
    message.refresh_from_db()
    assert message.state == "read"
    assert SandboxWebhook.objects.count() == 0


def test_an_unknown_step_is_a_programming_error(db):
    with pytest.raises(ValueError, match="unknown step"):
        services.receipt_advance(message_id=1, step="sent")


# -- fates ---------------------------------------------------------------------------------------


def test_an_unreachable_number_is_undelivered_with_error_15(db):
    services.config_update(unreachable_numbers="+6500000000\n+6591234567")

    moved = advance(accept(bodies.text()), "delivered")

    assert (moved.state, moved.detail, moved.error_code, moved.error_message) == (
        "undelivered",
        "rejected_by_operator",
        15,
        "Invalid destination",
    )


def test_free_form_outside_the_window_is_undelivered_1022_but_a_template_goes_through(db):
    services.config_update(outside_window_numbers=bodies.CUSTOMER)

    free_form = advance(accept(bodies.text()), "delivered")
    template = advance(accept(bodies.order_update()), "delivered")

    assert (free_form.state, free_form.error_code, free_form.provider_error_code) == (
        "undelivered",
        1022,
        "131047",
    )
    assert template.state == "delivered"


def test_free_form_to_a_customer_who_never_wrote_is_undelivered_with_1022_131047(db):
    message = advance(accept(bodies.text()), "delivered")

    assert (message.state, message.error_code, message.provider_error_code) == (
        "undelivered",
        1022,
        "131047",
    )


def test_a_template_reaches_a_customer_who_never_wrote(db):
    assert advance(accept(bodies.order_update()), "delivered").state == "delivered"


def test_a_customer_reply_opens_the_window_for_free_form(db):
    services.customer_reply(phone=bodies.CUSTOMER, kind="text")

    assert advance(accept(bodies.text()), "delivered").state == "delivered"


def test_a_listed_number_stays_closed_even_after_the_customer_writes(db):
    services.config_update(outside_window_numbers=bodies.CUSTOMER)
    services.customer_reply(phone=bodies.CUSTOMER, kind="text")

    assert advance(accept(bodies.text()), "delivered").error_code == 1022


def test_a_reply_older_than_24_hours_does_not_keep_the_window_open(db):
    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="text")
    SandboxInbound.objects.filter(pk=inbound.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    assert advance(accept(bodies.text()), "delivered").error_code == 1022


def test_an_opted_out_number_gets_no_marketing_template_but_gets_utility(db):
    services.config_update(opted_out_numbers=bodies.CUSTOMER)
    marketing = bodies.template(
        "new_collection",
        "en",
        [{"type": "header", "parameters": [{"type": "image", "url": "https://x.test/a.jpg"}]}],
    )

    blocked = advance(accept(marketing), "delivered")
    utility = advance(accept(bodies.order_update()), "delivered")

    assert (blocked.state, blocked.error_code, blocked.provider_error_code) == (
        "undelivered",
        1051,
        "131050",
    )
    assert utility.state == "delivered"


# -- replies -------------------------------------------------------------------------------------


def test_a_text_reply_is_stored_and_its_webhook_scheduled(
    db, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inbound = services.customer_reply(
            phone=bodies.CUSTOMER, kind="text", text="Where is my order?"
        )

    assert (inbound.type, inbound.content) == ("Text", {"text": "Where is my order?"})
    hook = SandboxWebhook.objects.get(inbound=inbound)
    assert enqueued == [("sandbox.tasks.sandbox_webhook_task", (hook.pk,), 0)]


def test_a_button_reply_taps_the_last_reply_button_message(db):
    accept(bodies.REPLY_BUTTONS)
    newest = accept(bodies.copy_of(bodies.REPLY_BUTTONS))

    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="button", choice=1)

    assert inbound.content["interactive"]["button_reply"] == {"id": "option-2", "title": "faq"}
    assert inbound.reply_to_umid == newest.umid


def test_a_button_reply_without_a_button_message_is_impossible(db):
    accept(bodies.text())

    with pytest.raises(services.ReplyImpossible, match="reply-button"):
        services.customer_reply(phone=bodies.CUSTOMER, kind="button")
    assert SandboxInbound.objects.count() == 0


def test_a_list_reply_picks_the_first_row_of_the_last_list(db):
    sent = accept(bodies.LIST)

    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="list")

    assert inbound.content == {
        "interactive": {
            "type": "list_reply",
            "list_reply": {"id": "shop-orchard", "title": "Orchard", "description": "Level 2"},
        }
    }
    assert inbound.reply_to_umid == sent.umid


def test_an_order_carries_the_products_of_the_last_product_list_with_catalog_prices(db):
    SandboxProduct.objects.create(
        catalog_id="cat-1", retailer_id="shirt-1", name="Shirt", price="19.90", currency="SGD"
    )
    sent = accept(bodies.PRODUCT_LIST)

    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="order")

    order = inbound.content["interactive"]["order"]
    assert inbound.type == "Interactive"
    assert order["catalogId"] == "cat-1"
    assert order["productItems"] == [
        {"productRetailerId": "shirt-1", "quantity": 1, "itemPrice": 19.9, "currency": "SGD"},
        {"productRetailerId": "shirt-2", "quantity": 2, "itemPrice": 10.0, "currency": "SGD"},
    ]
    assert inbound.reply_to_umid == sent.umid


def test_an_order_without_a_product_message_uses_the_sandboxs_own_catalog(db):
    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="order")

    order = inbound.content["interactive"]["order"]
    assert order["catalogId"] == "8x8-demo-catalog"
    assert order["productItems"] == [
        {"productRetailerId": "shirt-001", "quantity": 1, "itemPrice": 24.9, "currency": "SGD"},
        {"productRetailerId": "cap-002", "quantity": 2, "itemPrice": 14.5, "currency": "SGD"},
    ]


def test_an_order_is_priced_from_the_catalog_the_message_named(db):
    SandboxProduct.objects.create(
        catalog_id="other", retailer_id="shirt-1", name="Shirt", price="99", currency="EUR"
    )
    accept(bodies.PRODUCT_LIST)

    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="order")

    first = inbound.content["interactive"]["order"]["productItems"][0]
    assert (first["itemPrice"], first["currency"]) == (10.0, "SGD")


# -- counters ------------------------------------------------------------------------------------


def test_duplicates_are_counted_from_the_rows_even_when_the_flag_missed_one(db):
    accept(bodies.text(client_message_id="x"))
    accept(bodies.text(client_message_id="x"))
    accept(bodies.text(client_message_id="x"))
    accept(bodies.text(client_message_id="y"))
    # Two concurrent requests could both miss each other: the count must not rely on the flag.
    SandboxMessage.objects.update(is_duplicate=False)

    assert selectors.duplicate_count() == 2
    assert selectors.accepted_count() == 4


def test_messages_for_lists_one_numbers_accepted_messages_oldest_first(db):
    first = accept(bodies.text())
    accept(bodies.text("+6522222222"))
    second = accept(bodies.text())

    assert list(selectors.messages_for(bodies.CUSTOMER)) == [first, second]


def test_phones_interleave_our_messages_and_the_customers_replies(db):
    accept(bodies.REPLY_BUTTONS)
    services.customer_reply(phone=bodies.CUSTOMER, kind="button")

    [phone] = selectors.phones()

    assert phone.number == bodies.CUSTOMER
    assert [bool(b.outbound) for b in phone.bubbles] == [True, False]
    assert phone.can_tap_button and not phone.can_pick_row


# -- settings and reset --------------------------------------------------------------------------


def test_the_first_use_creates_the_settings_and_seeds_the_templates_and_products(db):
    SandboxTemplate.objects.all().delete()

    config = services.config_get()

    assert (config.delivered_after_seconds, config.read_after_seconds) == (2, 3)
    assert SandboxTemplate.objects.filter(name="order_update").exists()
    products = SandboxProduct.objects.values_list("catalog_id", "retailer_id", "name", "price")
    assert list(products) == [
        ("8x8-demo-catalog", "shirt-001", "8x8 Shirt", Decimal("24.90")),
        ("8x8-demo-catalog", "cap-002", "8x8 Cap", Decimal("14.50")),
        ("8x8-demo-catalog", "mug-003", "8x8 Mug", Decimal("9.90")),
        ("8x8-demo-catalog", "bottle-004", "8x8 Bottle", Decimal("19.00")),
    ]


def test_an_unknown_setting_is_refused(db):
    with pytest.raises(TypeError, match="not a sandbox setting: colour"):
        services.config_update(colour="blue")


def test_reset_forgets_everything_but_settings_and_restores_the_templates(db, api):
    services.config_update(delivered_after_seconds=9)
    accept(bodies.text())
    services.customer_reply(phone=bodies.CUSTOMER, kind="text")
    SandboxTemplate.objects.filter(name="order_update").delete()
    SandboxProduct.objects.filter(retailer_id="mug-003").update(price="1.00")
    SandboxProduct.objects.create(catalog_id="x", retailer_id="extra", name="Extra", price="1")
    SandboxFile.objects.create(file_name="a.jpg", token="t", storage_name="sandbox/a.jpg")

    services.sandbox_reset()

    assert SandboxMessage.objects.count() == SandboxInbound.objects.count() == 0
    assert SandboxWebhook.objects.count() == SandboxFile.objects.count() == 0
    assert SandboxTemplate.objects.filter(name="order_update").exists()
    assert sorted(SandboxProduct.objects.values_list("retailer_id", "price")) == [
        ("bottle-004", Decimal("19.00")),
        ("cap-002", Decimal("14.50")),
        ("mug-003", Decimal("9.90")),
        ("shirt-001", Decimal("24.90")),
    ]
    assert services.config_get().delivered_after_seconds == 9
