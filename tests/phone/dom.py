"""Reading rendered phone HTML back as a small DOM, and the bodies the render tests share."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from phone import (
    render_payload_preview,
)
from tests.fixtures import SEED_DIR

SEEDS = SEED_DIR
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None = None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def all(self, css_class: str | None = None, tag: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (css_class is None or css_class in child.classes) and (
                    tag is None or child.tag == tag
                ):
                    found.append(child)
                found.extend(child.all(css_class, tag))
        return found

    def one(self, css_class: str) -> Node:
        found = self.all(css_class)
        assert len(found) == 1, f"expected one .{css_class}, found {len(found)}"
        return found[0]

    def texts(self, css_class: str) -> list[str]:
        return [node.text() for node in self.all(css_class)]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def dom(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, "unclosed tags"
    return builder.root


def seed(name: str) -> dict[str, Any]:
    return json.loads((SEEDS / f"{name}.json").read_text())


def preview(body: Any, **kwargs: Any) -> Node:
    return dom(render_payload_preview(body, **kwargs))


def text_body(text: str) -> dict[str, Any]:
    return {"user": {"msisdn": "+6500000000"}, "type": "text", "content": {"text": text}}


ORDER_TEMPLATE = [
    {"type": "BODY", "text": "Your order {{1}} has been shipped, {{2}}!"},
    {"type": "FOOTER", "text": "This is a delivery notification"},
]
