"""factory-boy factories for the rows tests need most: users, messages both ways, templates,
contacts, catalogs and products."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from catalog.models import Catalog, Product, Template
from messaging.models import (
    InboundMessage,
    MessageEvent,
    MessageKind,
    MessageStatus,
    OutboundMessage,
)
from recipients.models import Contact

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in with PASSWORD; `role=` puts them in that role's group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


TEXT_BODY = {"user": {"msisdn": "+6591234567"}, "type": "text", "content": {"text": "Hello"}}


class OutboundMessageFactory(factory.django.DjangoModelFactory):
    """A stored text message with the exact body it was (or will be) sent with, and its first
    event."""

    class Meta:
        model = OutboundMessage
        skip_postgeneration_save = True

    kind = MessageKind.TEXT
    msisdn = "+6591234567"
    status = MessageStatus.QUEUED
    sent_by = factory.SubFactory(UserFactory)
    payload = factory.LazyAttribute(
        lambda m: {**TEXT_BODY, "user": {"msisdn": m.msisdn}, "clientMessageId": "pending"}
    )

    @factory.post_generation
    def first_event(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        # The body carries the row's own clientMessageId, as message_queue writes it.
        self.payload = {**self.payload, "clientMessageId": self.client_message_id}
        if create:
            self.save(update_fields=["payload"])
            MessageEvent.objects.create(
                message=self, status=MessageStatus.QUEUED, source=MessageEvent.Source.COMPOSER
            )


class InboundMessageFactory(factory.django.DjangoModelFactory):
    """A customer's text message; by default an hour ago, so their window is open."""

    class Meta:
        model = InboundMessage

    umid = factory.Faker("uuid4")
    msisdn = "+6591234567"
    profile_name = "Customer"
    type = "Text"
    content = factory.LazyFunction(lambda: {"text": "Hi!"})
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class TemplateFactory(factory.django.DjangoModelFactory):
    """An approved template whose body takes one parameter."""

    class Meta:
        model = Template
        django_get_or_create = ("name", "language")

    name = factory.Sequence(lambda n: f"template_{n}")
    language = "en"
    category = "UTILITY"
    status = "APPROVED"
    components = factory.LazyFunction(
        lambda: [{"type": "BODY", "text": "Hello {{1}}, your order is on its way."}]
    )


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact the dashboard knows, by a number of its own."""

    class Meta:
        model = Contact
        django_get_or_create = ("msisdn",)

    msisdn = factory.Sequence(lambda n: f"+659100{n:04d}")
    name = "Jane Tan"
    language = "en"


class CatalogFactory(factory.django.DjangoModelFactory):
    """A commerce catalog with a name."""

    class Meta:
        model = Catalog
        django_get_or_create = ("catalog_id",)

    catalog_id = factory.Sequence(lambda n: f"10000{n:05d}")
    name = factory.Sequence(lambda n: f"Shop {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    """A priced product with a picture, in a catalog of its own unless one is given."""

    class Meta:
        model = Product

    catalog_id = factory.LazyFunction(lambda: CatalogFactory().catalog_id)
    retailer_id = factory.Sequence(lambda n: f"sku-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    price = factory.LazyFunction(lambda: Decimal("24.90"))
    currency = "SGD"
    image_url = factory.Sequence(lambda n: f"https://img.example.com/{n}.jpg")
