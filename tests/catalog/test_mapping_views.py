"""The template mapping page: Admin and Marketing only, one row per parameter, errors that name
the parameter and the rule, audited saves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from catalog.models import Template
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

COMPONENTS = [
    {"type": "HEADER", "format": "IMAGE"},
    {"type": "BODY", "text": "Hi {{1}}, use {{2}} today."},
    {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Copy"}]},
]


@pytest.fixture
def template() -> Template:
    return TemplateFactory(name="spring_sale", components=COMPONENTS)


def url(template: Template) -> str:
    return reverse("catalog:template-mapping", args=[template.pk])


def row(key: str, source: str = "", text: str = "", fallback: str = "") -> dict[str, str]:
    return {f"{key}-source": source, f"{key}-text": text, f"{key}-fallback": fallback}


def post(client, template, *rows: dict[str, str]):
    data: dict[str, str] = {}
    for each in rows:
        data.update(each)
    return client.post(url(template), data)


def test_anonymous_users_are_sent_to_log_in(client, template):
    response = client.get(url(template))
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_support_and_outsiders_may_not_see_or_change_it(agent_client, outsider_client, template):
    for client in (agent_client, outsider_client):
        assert client.get(url(template)).status_code == 403
        assert post(client, template, row("body_1", "field:name")).status_code == 403
    assert Template.objects.get().parameter_sources == {}


def test_an_unknown_template_is_404(marketer_client):
    assert marketer_client.get(reverse("catalog:template-mapping", args=[999])).status_code == 404


def test_it_shows_one_labelled_row_per_parameter(marketer_client, template):
    html = marketer_client.get(url(template)).content.decode()
    for label in ("header image link", "body {{1}}", "body {{2}}", "button 1 “Copy” coupon code"):
        assert f"<code>{label}</code>" in html
    assert '<label for="id_body_1-source" class="sr-only">body {{1}}: source</label>' in html
    assert "Up to 20 characters" in html


def test_the_templates_page_links_to_it(marketer_client, template):
    html = marketer_client.get(reverse("catalog:templates")).content.decode()
    assert f'href="{url(template)}"' in html


def test_a_valid_mapping_is_saved_audited_and_shown_again(marketer_client, template, marketer):
    response = post(
        marketer_client,
        template,
        row("header_url", "fixed", "https://shop.example/spring.jpg"),
        row("body_1", "field:name", fallback="there"),
        row("body_2", "attribute", "coupon", fallback="SPRING"),
        row("button_0", "fixed", "SPRING10"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:templates")
    assert Template.objects.get().parameter_sources == {
        "header_url": {"source": "fixed", "value": "https://shop.example/spring.jpg"},
        "body_1": {"source": "field", "key": "name", "fallback": "there"},
        "body_2": {"source": "attribute", "key": "coupon", "fallback": "SPRING"},
        "button_0": {"source": "fixed", "value": "SPRING10"},
    }
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TEMPLATE_MAPPING)
    assert entry.actor == marketer
    html = marketer_client.get(url(template)).content.decode()
    assert '<option value="field:name" selected>' in html
    assert 'value="SPRING10"' in html


def test_typed_at_each_send_clears_a_mapping(admin_client_, template):
    template.parameter_sources = {"body_1": {"source": "fixed", "value": "you"}}
    template.save()
    assert post(admin_client_, template, row("body_1")).status_code == 302
    assert Template.objects.get().parameter_sources == {}


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        (
            [row("body_1", "attribute")],
            "body {{1}}: a custom attribute source needs the attribute&#x27;s key",
        ),
        ([row("body_2", "fixed")], "body {{2}}: a fixed value source needs the value"),
        (
            [row("button_0", "fixed", "X" * 21)],
            "button 1 “Copy” coupon code: the fixed value is 21 characters; WhatsApp leaves "
            "this parameter 20 with the rest of the template",
        ),
        (
            [row("body_1", "field:name", fallback="X" * 1010)],
            "body {{1}}: the fallback is 1010 characters; WhatsApp leaves this parameter",
        ),
        (
            [row("header_url", "fixed", "javascript:alert(1)")],
            "header image link: the fixed value &#x27;javascript:alert(1)&#x27; is not a web "
            "address",
        ),
        (
            [row("body_2", "fixed", "SALE", fallback="x")],
            "body {{2}}: a fallback applies only to a contact field or attribute source",
        ),
        (
            [row("body_1", "fixed", "two\nlines")],
            "body {{1}}: the fixed value may not hold a line break or a tab",
        ),
        ([row("body_1", "field:password")], "body {{1}}: field:password is not a source"),
    ],
)
def test_errors_name_the_parameter_and_the_rule_and_nothing_is_saved(
    marketer_client, template, rows, error
):
    response = post(marketer_client, template, *rows)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "Not saved: correct the parameters marked below." in response.content.decode()
    assert Template.objects.get().parameter_sources == {}
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.TEMPLATE_MAPPING).exists()


def test_user_text_is_escaped(marketer_client, template):
    html = post(marketer_client, template, row("body_2", "fixed", "<b>x</b>", "<i>")).content
    assert b"<b>x</b>" not in html
    assert b"&lt;b&gt;x&lt;/b&gt;" in html


def test_a_template_without_fillable_parameters_says_so(marketer_client):
    plain = TemplateFactory(components=[{"type": "BODY", "text": "Thanks for shopping."}])
    assert (
        "takes no parameters a mapping can fill" in marketer_client.get(url(plain)).content.decode()
    )


def test_it_refuses_other_methods(marketer_client, template):
    assert marketer_client.put(url(template)).status_code == 405
