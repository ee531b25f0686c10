"""The kind registry: every MessageKind has exactly one entry, and every entry is complete."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.template.loader import get_template

import composer.kinds
from chatapps.validation.message import MESSAGE_TYPES
from composer.forms.base import ComposeForm
from composer.kinds import KINDS, Kind, compose_form, kind_get
from messaging.models import MessageKind


def entries_defined() -> list[Kind]:
    """Every Kind any module of composer.kinds defines, whether registered or not."""
    found: dict[int, Kind] = {}
    for module_info in pkgutil.iter_modules(composer.kinds.__path__):
        module = importlib.import_module(f"composer.kinds.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Kind):
                found[id(value)] = value
    return list(found.values())


def test_every_message_kind_has_exactly_one_entry():
    defined = [entry.value for entry in entries_defined()]
    assert sorted(defined) == sorted(MessageKind.values)
    assert sorted(KINDS) == sorted(MessageKind.values)
    assert all(key == entry.value for key, entry in KINDS.items())


def test_every_defined_entry_is_registered():
    registered = {id(entry) for entry in KINDS.values()}
    assert all(id(entry) in registered for entry in entries_defined())


@pytest.mark.parametrize("kind", MessageKind.values)
def test_every_entry_has_a_form_a_template_and_an_8x8_type(db, kind):
    entry = KINDS[kind]
    assert issubclass(entry.form_class, ComposeForm)
    form = compose_form(kind)
    assert (form.kind, form.fields_template) == (kind, entry.fields_template)
    get_template(entry.fields_template)  # raises if the template is missing
    assert entry.message_type in MESSAGE_TYPES
    assert entry.label == MessageKind(kind).label
    assert entry.icon and entry.description


@pytest.mark.parametrize("kind", MessageKind.values)
def test_an_empty_form_builds_and_reads_back_its_kind(db, kind):
    entry = KINDS[kind]
    body = entry.payload_build({"msisdn": "+6591234567"})
    assert body["type"] == entry.message_type
    assert entry.payload_build(entry.form_data(body)) == body


def test_an_unknown_kind_is_text():
    assert kind_get("fax") is KINDS[MessageKind.TEXT]
    assert kind_get(None) is KINDS[MessageKind.TEXT]
