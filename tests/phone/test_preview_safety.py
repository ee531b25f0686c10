"""No input can make the preview emit markup outside a small allowlist, or make it raise.

Random text (markup, quotes, template braces, control characters, hostile URLs) goes into every
user-controlled field of random bodies of every kind, with random types where a string belongs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phone import message_view, render_payload_preview, render_sms_preview
from phone.formatting import ALLOWED_TAGS as FORMATTING_TAGS
from phone.formatting import whatsapp_format, whatsapp_format_filled

ALLOWED_TAGS = FORMATTING_TAGS | {"div", "img"}
ALLOWED_ATTRIBUTES = {
    "class",
    "src",
    "alt",
    "referrerpolicy",
    "loading",
    "title",
    "aria-label",
    "aria-hidden",
    "role",
    "start",
}
# The icons (templates/phone/_phone_icon.html): fixed drawings that no user text reaches.
SVG_TAGS = {"svg", "path", "rect", "circle"}
SVG_ATTRIBUTES = {
    "viewbox", "focusable", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "d", "x", "y", "width", "height", "rx", "cx", "cy", "r",
}  # fmt: skip
VOID = {"br", "img"}
OUR_CLASSES = re.compile(r"[a-z0-9 -]*")

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' onmouseover='alert(1)",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "//evil.example/x.png",
        'https://ok.example/a.png" onerror="alert(1)',
        "https://ok.example/a.png",
        "http://ok.example/doc.pdf",
        "{{1}} {{name}} {{ 2 }}",
        "*_~`` ```x``` ",
        "> * - 1. ",
        "\x00\x01\x02\x1b",
        "&amp;&lt;&#x27;",
        "</div></span><div>",
    ]
)
TEXT = st.one_of(
    HOSTILE,
    st.text(max_size=40),
    st.text(alphabet="<>\"'&*_~`{}12 \n/:.=ajptsvwx\x00\x01", max_size=40),
)
URL = st.one_of(HOSTILE, TEXT, st.builds(lambda tail: "https://x.example/" + tail, TEXT))
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(TEXT, max_size=2),
    st.dictionaries(TEXT, TEXT, max_size=2),
)
PRODUCT_IDS = st.sampled_from(["<id>", "sku-1", '"><b>', ""])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The intended value most of the time, anything at all otherwise."""
    return st.one_of(strategy, strategy, JUNK)


def obj(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An object whose keys may each be absent, as in a half-filled form."""
    return st.fixed_dictionaries({}, optional={k: maybe(v) for k, v in fields.items()})


def kinds(*names: str) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(names), st.sampled_from([n.upper() for n in names]), TEXT)


LOCATION = obj(latitude=TEXT, longitude=TEXT, name=TEXT, address=TEXT)
ROW = obj(id=TEXT, title=TEXT, description=TEXT)
SECTION = obj(
    title=TEXT,
    rows=st.lists(ROW, max_size=3),
    product_items=st.lists(obj(product_retailer_id=PRODUCT_IDS), max_size=3),
)
MEDIA_OBJECT = obj(link=URL, filename=TEXT, caption=TEXT)
INTERACTIVE = obj(
    type=kinds("button", "list", "product", "product_list", "cta_url", "flow", "voice_call"),
    header=obj(
        type=kinds("text", "image", "video", "document"),
        text=TEXT,
        image=MEDIA_OBJECT,
        video=MEDIA_OBJECT,
        document=MEDIA_OBJECT,
    ),
    body=obj(text=TEXT),
    footer=obj(text=TEXT),
    action=obj(
        button=TEXT,
        buttons=st.lists(obj(type=TEXT, reply=obj(id=TEXT, title=TEXT)), max_size=4),
        sections=st.lists(SECTION, max_size=3),
        catalog_id=TEXT,
        product_retailer_id=PRODUCT_IDS,
        parameters=obj(display_text=TEXT, url=URL),
        flowCta=TEXT,
        display_text=TEXT,
    ),
)
PARAMETER = obj(
    type=kinds("text", "image", "video", "document", "location", "payload", "couponCode"),
    text=TEXT,
    url=URL,
    payload=TEXT,
    couponCode=TEXT,
    location=LOCATION,
)
COMPONENT = obj(
    type=kinds("header", "body", "button", "Button", "carousel"),
    subType=st.one_of(kinds("quickReply", "url", "copyCode", "flow"), st.integers(-2, 6)),
    index=st.one_of(st.integers(-1, 11), TEXT),
    parameters=st.lists(PARAMETER, max_size=3),
)
CONTENT = obj(
    text=TEXT,
    url=URL,
    location=LOCATION,
    interactive=INTERACTIVE,
    template=obj(name=TEXT, language=TEXT, components=st.lists(COMPONENT, max_size=4)),
    fallbackText=TEXT,
    sms=obj(encoding=TEXT, source=TEXT),
)
BODY = st.one_of(
    obj(
        user=obj(msisdn=TEXT, channelUserId=TEXT),
        type=kinds(
            "text", "image", "video", "audio", "file", "location", "interactive", "template"
        ),
        content=CONTENT,
    ),
    JUNK,
)
BATCH = obj(messages=st.lists(BODY, max_size=2), template=obj(type=TEXT, content=CONTENT))
REGISTERED_TEMPLATE = st.one_of(
    st.none(),
    st.lists(
        obj(
            type=kinds("HEADER", "BODY", "FOOTER", "BUTTONS"),
            format=kinds("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"),
            text=TEXT,
            buttons=st.lists(
                obj(
                    type=kinds("QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW"),
                    text=TEXT,
                    url=URL,
                    phoneNumber=TEXT,
                    otpType=TEXT,
                ),
                max_size=3,
            ),
        ),
        max_size=4,
    ),
    JUNK,
)
PRODUCTS = st.one_of(
    JUNK,
    st.dictionaries(
        PRODUCT_IDS,
        obj(name=TEXT, price=TEXT, currency=TEXT, image_url=URL, description=TEXT),
        max_size=3,
    ),
)


class MarkupAudit(HTMLParser):
    """Collects every tag and attribute, and checks that tags close in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS | SVG_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES | (SVG_ATTRIBUTES if tag in SVG_TAGS else set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed or name.startswith("on"):
                self.problems.append(f"attribute {name}= on <{tag}>")
            if name == "src" and not value.startswith(("http://", "https://")):
                self.problems.append(f"src {value!r}")
            if name == "class" and not OUR_CLASSES.fullmatch(value):
                self.problems.append(f"class {value!r}")
            if name == "start" and not value.isdigit():
                self.problems.append(f"start {value!r}")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"misnested </{tag}>")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("declaration")


def audit(html: str) -> list[str]:
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser.problems + [f"unclosed <{tag}>" for tag in parser.open]


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(body=BODY, template=REGISTERED_TEMPLATE, products=PRODUCTS)
def test_no_single_body_yields_markup_outside_the_allowlist(body, template, products):
    message_view(body, template=template, products=products)  # raises on a bug
    html = render_payload_preview(body, template=template, products=products, business_name="B")
    assert audit(html) == []
    assert "This message cannot be previewed" not in html


@SETTINGS
@given(body=BATCH, business_name=st.one_of(st.none(), TEXT))
def test_no_batch_body_yields_markup_outside_the_allowlist(body, business_name):
    html = render_payload_preview(body, business_name=business_name)
    assert audit(html) == []
    assert "This message cannot be previewed" not in html


@SETTINGS
@given(text=TEXT, encoding=TEXT, source=TEXT)
def test_no_sms_text_yields_markup_outside_the_allowlist(text, encoding, source):
    assert audit(render_sms_preview(text, encoding, source=source)) == []


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXT, st.text(max_size=300)))
def test_formatting_only_ever_emits_its_own_tags(text):
    parser = MarkupAudit()
    parser.feed(whatsapp_format(text))
    parser.close()
    assert parser.problems == []
    assert parser.open == []


@settings(max_examples=200, deadline=None)
@given(
    text=TEXT,
    values=st.dictionaries(st.sampled_from(["1", "2", "name"]), st.one_of(TEXT, st.none())),
)
def test_filled_template_text_only_ever_emits_its_own_tags(text, values):
    assert audit(whatsapp_format_filled(text, values)) == []


def test_the_audit_itself_catches_forbidden_markup():
    assert audit('<div class="wa-x"><span>ok</span><br><img src="https://x/y.png"></div>') == []
    assert audit("<script>x</script>") == ["tag <script>"]
    assert audit('<a href="https://x">x</a>') == ["tag <a>", "attribute href= on <a>"]
    assert audit('<img src="javascript:alert(1)">') == ["src 'javascript:alert(1)'"]
    assert audit('<span onclick="x">') == ["attribute onclick= on <span>", "unclosed <span>"]
    assert audit('<span class="a&quot;b">x</span>') == ["class 'a\"b'"]
