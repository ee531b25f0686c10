"""Contacts and the opt-out ledger.

Whether a number is opted out is never stored as a flag: it is derived from the ledger (the newest
event for the number), so every change keeps who made it, why and from what message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Tag(models.Model):
    """A label on contacts ("vip", "newsletter"); stored folded to lower case, so "VIP" is "vip"."""

    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A phone number we have written to or heard from, with what we know of the person.

    When they last wrote and the window that opened are not kept here: they are read from the
    inbound messages the messaging app stores, so the two can never disagree.
    """

    msisdn = models.CharField("Phone number", max_length=20, unique=True)  # E.164, with '+'
    name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=15, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    # Any key -> text value; template parameters can be mapped to them.
    attributes = models.JSONField(default=dict, blank=True)
    tags: models.ManyToManyField[Tag, ContactTag] = models.ManyToManyField(
        Tag, through="ContactTag", related_name="contacts", blank=True
    )
    opt_in_source = models.CharField(max_length=100, blank=True)
    opt_in_at = models.DateTimeField(null=True, blank=True)
    # A number phonenumbers finds possible but not valid (8x8 accepts any E.164): kept, with why.
    number_warning = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Pages walk contacts newest first by id (keyset pagination, never OFFSET or COUNT).
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.msisdn})" if self.name else self.msisdn


class ContactTag(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "contact"], name="unique_contact_tag")
        ]

    def __str__(self) -> str:
        return f"{self.tag_id} on {self.contact_id}"


class ContactList(models.Model):
    """A static list of contacts, filled by hand, by a bulk action or by an import."""

    name = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=500, blank=True)
    contacts: models.ManyToManyField[Contact, ListMember] = models.ManyToManyField(
        Contact, through="ListMember", related_name="lists"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ListMember(models.Model):
    contact_list = models.ForeignKey(ContactList, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact_list", "contact"], name="unique_list_member")
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} in {self.contact_list_id}"


class Segment(models.Model):
    """A saved filter over contacts; its members are worked out each time it is used.

    `rules` holds what the contacts page filters by (see audience.rules): tags, lists, attribute
    values, opt-out state, window state, never messaged, a search text.
    """

    name = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=500, blank=True)
    rules = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OptEvent(models.Model):
    """One opt-out or opt-in of a number, as it happened; rows are only ever added."""

    class Kind(models.TextChoices):
        OPT_OUT = "opt_out", "Opted out"
        OPT_IN = "opt_in", "Opted in"

    class Scope(models.TextChoices):
        # "marketing" is what Meta's 131050 means; "all" also stops authentication templates.
        MARKETING = "marketing", "Marketing"
        ALL = "all", "Everything"

    class Source(models.TextChoices):
        MANUAL = "manual", "Recorded by a person"
        KEYWORD = "keyword", "Replied with a keyword"
        RECEIPT = "receipt", "Reported by WhatsApp"
        BULK = "bulk", "Recorded in bulk (an import or a bulk action)"

    msisdn = models.CharField("Phone number", max_length=20)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    reason = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    # Kept as text too so the ledger still reads right after a user is renamed or deleted.
    actor_username = models.CharField(max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    umid = models.CharField("8x8 message id", max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        # "Is this number opted out" reads the newest events of one number: one index range scan.
        indexes = [models.Index(fields=["msisdn", "-at", "-id"], name="optevent_newest")]

    def __str__(self) -> str:
        return f"{self.msisdn} {self.get_kind_display().lower()} ({self.scope})"
