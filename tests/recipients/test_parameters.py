"""A template's values for a contact: typed wins, else the mapped source, else the fallback, else
refused naming the parameter; and the same for many numbers at once."""

from __future__ import annotations

import pytest

from recipients.parameters import (
    MissingParameter,
    template_parameters,
    template_parameters_bulk,
    template_parameters_for_number,
)
from tests.factories import ContactFactory, TemplateFactory

pytestmark = pytest.mark.django_db

MSISDN = "+6591234567"


@pytest.fixture
def template():
    return TemplateFactory(
        name="order_ready",
        components=[
            {"type": "BODY", "text": "Hi {{1}}, your {{2}} is ready at {{3}}."},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks"}]},
        ],
        parameter_sources={
            "body_1": {"source": "field", "key": "name", "fallback": "customer"},
            "body_2": {"source": "attribute", "key": "item"},
            "body_3": {"source": "fixed", "value": "Orchard Road"},
        },
    )


def test_each_parameter_takes_its_mapped_field_attribute_or_fixed_value(template):
    jane = ContactFactory(msisdn=MSISDN, name="Jane", attributes={"item": "bike"})
    assert template_parameters(template, jane, {}) == {
        "body_1": "Jane",
        "body_2": "bike",
        "body_3": "Orchard Road",
    }


def test_the_fallback_fills_in_for_a_contact_who_lacks_the_value(template):
    nameless = ContactFactory(msisdn=MSISDN, name="", attributes={"item": 42})
    values = template_parameters(template, nameless, {})
    assert (values["body_1"], values["body_2"]) == ("customer", "42")


def test_a_value_given_for_the_send_wins(template):
    jane = ContactFactory(msisdn=MSISDN, name="Jane", attributes={"item": "bike"})
    values = template_parameters(
        template, jane, {"body_1": "Dr Tan", "body_3": " ", "button_0": "ok"}
    )
    assert values == {
        "body_1": "Dr Tan",
        "body_2": "bike",
        "body_3": "Orchard Road",
        "button_0": "ok",
    }


def test_a_parameter_with_neither_value_nor_fallback_is_refused_naming_it(template):
    jane = ContactFactory(msisdn=MSISDN, name="Jane", attributes={"size": "M"})
    with pytest.raises(MissingParameter) as refusal:
        template_parameters(template, jane, {})
    assert refusal.value.key == "body_2"
    assert str(refusal.value) == (
        "body {{2}} (from attribute 'item'): contact +6591234567 has no attribute 'item' and "
        "the mapping has no fallback"
    )


def test_a_number_that_is_no_contact_gets_fixed_values_and_fallbacks_only(template):
    with pytest.raises(MissingParameter, match=r"\+6598765432 is not a contact"):
        template_parameters(template, None, {}, msisdn="+6598765432")
    values = template_parameters(template, None, {"body_2": "bike"})
    assert values == {"body_1": "customer", "body_2": "bike", "body_3": "Orchard Road"}


def test_a_required_parameter_without_mapping_or_value_is_refused():
    plain = TemplateFactory(components=[{"type": "BODY", "text": "Hello {{1}}"}])
    with pytest.raises(MissingParameter, match=r"body \{\{1\}\}: no value was given"):
        template_parameters(plain, None, {})


def test_resolving_for_a_number_finds_its_contact_and_lists_every_missing_parameter(template):
    ContactFactory(msisdn=MSISDN, name="", attributes={})
    resolved = template_parameters_for_number(template, MSISDN, {})
    assert resolved.values == {"body_1": "customer", "body_3": "Orchard Road"}
    assert [m.key for m in resolved.missing] == ["body_2"]


def test_many_numbers_are_resolved_with_one_query(template, django_assert_num_queries):
    numbers = [f"+65910{n:05d}" for n in range(300)]
    for n, msisdn in enumerate(numbers[:200]):
        ContactFactory(msisdn=msisdn, name=f"C{n}", attributes={"item": "bike"} if n % 2 else {})
    with django_assert_num_queries(1):
        resolved = template_parameters_bulk(template, [*numbers, numbers[0]])
    assert len(resolved) == 300
    assert resolved[numbers[1]].values == {
        "body_1": "C1",
        "body_2": "bike",
        "body_3": "Orchard Road",
    }
    assert [m.key for m in resolved[numbers[0]].missing] == ["body_2"]
    assert "is not a contact" in str(resolved[numbers[250]].missing[0])
    for msisdn in numbers:
        contact_or_none = template_parameters_for_number(template, msisdn, {})
        assert resolved[msisdn].values == contact_or_none.values


def test_a_mapping_of_fixed_values_only_needs_no_query(django_assert_num_queries):
    fixed = TemplateFactory(parameter_sources={"body_1": {"source": "fixed", "value": "friend"}})
    with django_assert_num_queries(0):
        resolved = template_parameters_bulk(fixed, ["+6591000001", "+6591000002"])
    assert {m: r.values for m, r in resolved.items()} == {
        "+6591000001": {"body_1": "friend"},
        "+6591000002": {"body_1": "friend"},
    }
