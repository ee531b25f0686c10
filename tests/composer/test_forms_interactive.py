"""Buttons, lists, products and templates: each form refuses what WhatsApp would, by field."""

from __future__ import annotations

from catalog.models import Template
from composer.kinds import compose_form
from tests.composer.forms_input import BUTTONS, LIST, bind, errors_of, refused, rows

# -- Reply buttons ------------------------------------------------------------------------------


def test_more_than_three_reply_buttons_are_refused(db):
    buttons = [{"title": f"B{n}"} for n in range(4)]
    assert refused("buttons", {**BUTTONS, "buttons": buttons}) == [
        "at most 3 reply buttons (got 4); WhatsApp allows 3"
    ]


def test_a_button_title_over_20_characters_is_refused_naming_the_limit(db):
    errors = refused("buttons", {**BUTTONS, "buttons": [{"title": "t" * 23}]})
    assert errors == ["Button title is 23 characters; WhatsApp allows 20"]


def test_two_buttons_with_the_same_title_are_refused(db):
    errors = refused("buttons", {**BUTTONS, "buttons": [{"title": "Yes"}, {"title": "Yes"}]})
    assert errors == ["Button title 'Yes' is used twice; each must be unique"]


def test_a_message_needs_at_least_one_button_and_blank_extra_rows_are_ignored(db):
    assert refused("buttons", {**BUTTONS, "buttons": [{}]}) == ["Button title is required."]
    form = bind("buttons", {**BUTTONS, "buttons": [{"title": "Yes"}, {}, {"id": "", "title": ""}]})
    assert form.is_valid()
    assert len(form.payload["content"]["interactive"]["action"]["buttons"]) == 1


def test_a_text_header_needs_its_text_and_a_media_header_its_link(db):
    errors = refused("buttons", {**BUTTONS, "header_type": "text", "buttons": [{"title": "A"}]})
    assert errors == ["Header text is required for a text header."]
    errors = refused("buttons", {**BUTTONS, "header_type": "image", "buttons": [{"title": "A"}]})
    assert errors == ["Give a link to the image or upload a file"]


def test_an_image_header_is_sent_as_a_link(db):
    form = bind(
        "buttons",
        {
            **BUTTONS,
            "header_type": "image",
            "header_url": "https://a.example/p.png",
            "buttons": [{"title": "A", "id": "a"}],
        },
    )
    assert form.is_valid(), form.errors
    assert form.payload["content"]["interactive"]["header"] == {
        "type": "image",
        "image": {"link": "https://a.example/p.png"},
    }


def test_a_body_over_1024_and_a_footer_over_60_are_refused(db):
    errors = refused(
        "buttons",
        {**BUTTONS, "body": "b" * 1025, "footer": "f" * 61, "buttons": [{"title": "A"}]},
    )
    assert sorted(errors) == [
        "Body is 1025 characters; WhatsApp allows 1024",
        "Footer is 61 characters; WhatsApp allows 60",
    ]


# -- Lists ----------------------------------------------------------------------------------------


def test_more_than_10_rows_across_all_sections_are_refused(db):
    sections = [{"title": "A", "rows": rows(6, "a")}, {"title": "B", "rows": rows(5, "b")}]
    assert refused("list", {**LIST, "sections": sections}) == [
        "at most 10 rows across all sections (got 11); WhatsApp allows 10"
    ]


def test_row_titles_and_descriptions_have_whatsapps_limits(db):
    sections = [{"rows": [{"title": "t" * 25, "description": "d" * 73}]}]
    assert sorted(refused("list", {**LIST, "sections": sections})) == [
        "Description is 73 characters; WhatsApp allows 72",
        "Row title is 25 characters; WhatsApp allows 24",
    ]


def test_several_sections_each_need_a_title(db):
    sections = [{"title": "A", "rows": rows(1, "a")}, {"title": "", "rows": rows(1, "b")}]
    assert refused("list", {**LIST, "sections": sections}) == [
        "Section title is required when there is more than one section"
    ]


def test_row_ids_must_be_unique_across_sections_but_titles_may_repeat(db):
    sections = [
        {"title": "A", "rows": [{"title": "Mon", "id": "x"}]},
        {"title": "B", "rows": [{"title": "Mon", "id": "x"}]},
    ]
    assert refused("list", {**LIST, "sections": sections}) == [
        "Reply id 'x' is used twice; each must be unique"
    ]


def test_rows_without_an_id_are_given_unused_ones(db):
    sections = [{"rows": [{"title": "A", "id": "row-1"}, {"title": "B"}, {"title": "C"}]}]
    form = bind("list", {**LIST, "sections": sections})
    assert form.is_valid(), errors_of(form)
    ids = [r["id"] for r in form.payload["content"]["interactive"]["action"]["sections"][0]["rows"]]
    assert ids == ["row-1", "row-2", "row-3"]


def test_the_menu_button_label_is_limited_to_20(db):
    errors = refused("list", {**LIST, "button": "b" * 21, "sections": [{"rows": rows(1)}]})
    assert errors == ["Menu button label is 21 characters; WhatsApp allows 20"]


# -- Products -----------------------------------------------------------------------------------


def test_more_than_30_products_are_refused(db):
    sections = [
        {"title": "A", "products": [{"product_retailer_id": f"a{n}"} for n in range(16)]},
        {"title": "B", "products": [{"product_retailer_id": f"b{n}"} for n in range(15)]},
    ]
    typed = {"catalog_id": "1", "header_text": "Sale", "body": "Our picks", "sections": sections}
    assert refused("product_list", typed) == [
        "at most 30 products across all sections (got 31); WhatsApp allows 30"
    ]


def test_a_product_list_needs_a_text_header(db):
    typed = {
        "catalog_id": "1",
        "body": "b",
        "sections": [{"products": [{"product_retailer_id": "p"}]}],
    }
    assert refused("product_list", typed) == ["Header text is required."]


def test_a_single_product_needs_catalog_and_retailer_ids(db):
    assert sorted(refused("product", {})) == [
        "Catalog id is required.",
        "Product retailer id is required.",
    ]


# -- Templates ----------------------------------------------------------------------------------


def test_a_template_form_shows_exactly_the_templates_parameters(order_update):
    form = compose_form("template", initial={"template": "en_GB:order_update"})
    assert form.parameter_names == ["body_1", "body_2"]
    assert [f.label for f in form.parameter_bound_fields] == ["Body {{1}}", "Body {{2}}"]


def test_a_missing_template_parameter_is_refused_with_a_field_error(order_update):
    form = bind("template", {"template": "en_GB:order_update", "body_1": "A1"})
    assert not form.is_valid()
    assert form.errors["body_2"] == ["Body {{2}} is required: template order_update needs it."]


def test_an_extra_template_parameter_is_refused(order_update):
    typed = {"template": "en_GB:order_update", "body_1": "A1", "body_2": "today", "body_3": "x"}
    form = bind("template", typed)
    assert not form.is_valid()
    assert form.errors["template"][0].startswith("order_update (en_GB) takes no body {{3}}")


def test_only_approved_templates_can_be_chosen(db):
    Template.objects.create(name="draft_one", language="en", status="PENDING", components=[])
    form = bind("template", {"template": "en:draft_one"})
    assert not form.is_valid()
    assert "is not an approved template" in form.errors["template"][0]


def test_a_coupon_code_over_20_characters_is_refused(db):
    Template.objects.create(
        name="coupon",
        language="en",
        status="APPROVED",
        components=[{"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Copy"}]}],
    )
    errors = refused("template", {"template": "en:coupon", "button_0": "C" * 21})
    assert errors == ["Button “Copy”: coupon code is 21 characters; WhatsApp allows 20"]


def test_the_body_with_parameters_filled_in_must_fit_1024(order_update):
    typed = {"template": "en_GB:order_update", "body_1": "x" * 1010, "body_2": "y" * 10}
    errors = refused("template", typed)
    assert errors == ["Body with its parameters filled in is 1034 characters; WhatsApp allows 1024"]
