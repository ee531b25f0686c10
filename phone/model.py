"""What a phone shows for one message, as plain data the templates lay out.

Plain ``str`` fields are user text and are escaped by the templates; ``SafeString`` fields were
built by phone.formatting from escaped text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

# The icon templates/phone/_phone_icon.html draws beside each kind of button, as WhatsApp does;
# reply, flow and View buttons are text only.
BUTTON_ICONS = {
    "url": "external",
    "phone": "phone",
    "copy": "copy",
    "list": "list",
    "location": "location",
    "contact": "contact",
}


@dataclass
class Media:
    """A bubble header or media attachment."""

    kind: str  # text | image | video | audio | document | location
    url: str = ""  # an http(s) URL, or "" when missing or unusable
    text: SafeString | str = ""  # header text
    file_name: str = ""
    file_type: str = ""  # "PDF", "JS"…: upper-cased extension
    icon: str = "generic"  # pdf | doc | sheet | slides | generic: picks the icon colour
    name: str = ""  # location name
    address: str = ""
    coordinates: str = ""
    missing: str = ""  # what to ask for when the part cannot be shown
    uploaded: bool = False  # named by a media id: valid, but there is no picture to fetch


@dataclass
class Button:
    kind: str  # reply | url | phone | copy | list | view | flow | location | contact
    label: str
    detail: str = ""  # the URL, number or code behind the button, shown as a tooltip
    missing: bool = False

    @property
    def icon(self) -> str:
        return BUTTON_ICONS.get(self.kind, "")


@dataclass
class Product:
    retailer_id: str
    name: str = ""
    price: str = ""
    description: str = ""
    image_url: str = ""
    known: bool = False  # found in the catalog the caller passed


@dataclass
class SheetRow:
    title: str
    description: str = ""
    product: Product | None = None


@dataclass
class SheetSection:
    title: str
    rows: list[SheetRow] = field(default_factory=list)


@dataclass
class Sheet:
    """An opened list or product list, as WhatsApp shows it after the opener is tapped."""

    kind: str  # list | products
    title: str
    sections: list[SheetSection] = field(default_factory=list)
    missing: str = ""


@dataclass
class ProductCard:
    """The product (or collection) card at the top of a product bubble."""

    title: str
    subtitle: str = ""
    image_url: str = ""
    collection: bool = False


@dataclass
class MessageView:
    header: Media | None = None
    card: ProductCard | None = None
    body: SafeString | str = ""
    body_missing: str = ""
    footer: SafeString | str = ""
    inline_buttons: list[Button] = field(default_factory=list)  # inside the bubble, under a rule
    reply_buttons: list[Button] = field(default_factory=list)  # separate buttons under the bubble
    stack_replies: bool = True  # interactive replies stack; template quick replies sit in pairs
    sheet: Sheet | None = None
    notes: list[str] = field(default_factory=list)  # said above the bubble (unsupported parts…)
    fallback_text: str | None = None
    fallback_encoding: str = "AUTO"
    fallback_source: str = ""

    @property
    def wide(self) -> bool:
        """Media, cards and buttons make a bubble as wide as WhatsApp allows, not as its text."""
        has_media = self.header is not None and self.header.kind != "text"
        return bool(has_media or self.card or self.inline_buttons or self.reply_buttons)

    @property
    def media_only(self) -> bool:
        """An image or video without text: WhatsApp lays the time over the picture."""
        pictured = self.header is not None and self.header.kind in {"image", "video"}
        return pictured and not (self.body or self.body_missing or self.footer)
