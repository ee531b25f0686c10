"""The template builder's form: a template's parts, linted before it may be submitted.

Field-level shape (a choice, a number) is checked by the fields; every WhatsApp rule by
catalog.template_lint, whose findings land on the field they name, so "button 2 text is 27
characters; WhatsApp allows 25" shows under that button's text. Warnings do not stop a submit.
"""

from __future__ import annotations

from typing import Any

from django import forms

from catalog.template_lint import DraftButton, Finding, TemplateDraft, errors, template_lint
from catalog.template_rules import (
    AUTH_EXPIRY_DEFAULT,
    BUTTON_TYPES,
    BUTTONS_MAX_FORMS,
    LANGUAGES,
    WARNING,
)

TEXT_CAP = 5000  # far past any WhatsApp limit: the lint names the real one

CATEGORY_CHOICES = [
    ("MARKETING", "Marketing"),
    ("UTILITY", "Utility"),
    ("AUTHENTICATION", "Authentication"),
]
HEADER_CHOICES = [
    ("", "None"),
    ("TEXT", "Text"),
    ("IMAGE", "Image"),
    ("VIDEO", "Video"),
    ("DOCUMENT", "Document"),
    ("LOCATION", "Location"),
]
BUTTON_CHOICES = [
    ("", "(no button)"),
    ("QUICK_REPLY", "Quick reply"),
    ("URL", "Visit website (URL)"),
    ("PHONE_NUMBER", "Call phone number"),
    ("COPY_CODE", "Copy offer code"),
    ("OTP", "One-time password (authentication)"),
]
OTP_CHOICES = [("COPY_CODE", "Copy code"), ("ONE_TAP", "One-tap autofill (Android)")]


def _text(label: str, *, help_text: str = "", textarea: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput()
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_CAP,
        strip=False,
        help_text=help_text,
        widget=widget,
        error_messages={"max_length": f"{label} is too long: at most {TEXT_CAP} characters."},
    )


class TemplateBuilderForm(forms.Form):
    name = forms.CharField(
        max_length=TEXT_CAP,
        help_text="Lowercase letters, digits and _ (e.g. order_ready).",
        error_messages={"required": "name is required.", "max_length": "name is too long."},
    )
    language = forms.CharField(
        max_length=15,
        help_text="Type to search WhatsApp's languages, e.g. en_US or Portuguese.",
        widget=forms.TextInput(attrs={"list": "template-languages", "autocomplete": "off"}),
        error_messages={"required": "language is required.", "max_length": "language: a code."},
    )
    category = forms.ChoiceField(choices=CATEGORY_CHOICES)
    header_format = forms.ChoiceField(choices=HEADER_CHOICES, required=False, label="Header")
    header_text = _text("Header text", help_text="At most 60 characters and one {{1}}.")
    header_sample = _text(
        "Header sample",
        help_text="The header parameter's sample value, or a link to a sample image, video or "
        "document.",
    )
    body = _text(
        "Body",
        textarea=True,
        help_text="{{1}}, {{2}}… or named {{first_name}}; *bold*, _italic_, ~strike~.",
    )
    body_samples = _text(
        "Body samples", textarea=True, help_text="One sample per line, in parameter order."
    )
    footer = _text("Footer", help_text="At most 60 characters, no parameters.")
    add_security_recommendation = forms.BooleanField(
        required=False, label="Add “For your security, do not share this code.”"
    )
    code_expiration_minutes = forms.IntegerField(
        required=False,
        label="Code expires after (minutes)",
        help_text="Authentication only: shown as the footer.",
        error_messages={"invalid": "code expiry: a whole number of minutes."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.findings: list[Finding] = []
        self.button_errors: list[str] = []  # about the buttons together: counts, order
        self.fields["language"].widget.attrs["list"] = "template-languages"

    def clean_language(self) -> str:
        return (self.cleaned_data.get("language") or "").strip()

    def clean_name(self) -> str:
        return (self.cleaned_data.get("name") or "").strip()


class ButtonForm(forms.Form):
    type = forms.ChoiceField(choices=BUTTON_CHOICES, required=False, label="Button type")
    text = _text("Button text")
    url = _text("Link", help_text="May end in {{1}}: the send supplies the rest.")
    sample = _text("Sample", help_text="The link's {{1}}, or the offer code.")
    phone = _text("Phone number", help_text="International: +6561234567.")
    otp_type = forms.ChoiceField(choices=OTP_CHOICES, required=False, label="OTP button")
    package_name = _text("Android package name")
    signature_hash = _text("App signature hash")


ButtonFormSet = forms.formset_factory(
    ButtonForm, extra=0, max_num=BUTTONS_MAX_FORMS, absolute_max=BUTTONS_MAX_FORMS
)


def button_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    """The buttons: the ones given plus one empty row (more with "Add a button")."""
    rows = list(initial or [])
    return ButtonFormSet(data, prefix="buttons", initial=[*rows, {}] if data is None else None)


def _values(form: forms.Form) -> dict[str, Any]:
    """What a form holds: its valid fields once bound and cleaned, else its initial values."""
    if form.is_bound:
        return getattr(form, "cleaned_data", None) or {}
    return dict(form.initial)


def draft_of(form: TemplateBuilderForm, buttons: Any) -> TemplateDraft:
    """The draft the forms hold (after is_valid: the fields that are valid), empty buttons left
    out. An unbound form gives its initial values (a new version's copy)."""
    data = _values(form)
    rows = [_values(b) for b in buttons.forms]
    category = data.get("category") or ""
    minutes = data.get("code_expiration_minutes")
    if category == "AUTHENTICATION" and minutes is None:
        minutes = AUTH_EXPIRY_DEFAULT
    return TemplateDraft(
        name=data.get("name") or "",
        language=data.get("language") or "",
        category=category,
        header_format=data.get("header_format") or "",
        header_text=data.get("header_text") or "",
        header_sample=(data.get("header_sample") or "").strip(),
        body=(data.get("body") or "").replace("\r\n", "\n"),
        body_samples=[line.strip() for line in str(data.get("body_samples") or "").splitlines()],
        footer=data.get("footer") or "",
        buttons=[
            DraftButton(
                type=str(row["type"]),
                text=row.get("text") or "",
                url=(row.get("url") or "").strip(),
                sample=(row.get("sample") or "").strip(),
                phone=(row.get("phone") or "").strip(),
                otp_type=row.get("otp_type") or "COPY_CODE",
                package_name=(row.get("package_name") or "").strip(),
                signature_hash=(row.get("signature_hash") or "").strip(),
            )
            for row in rows
            if row.get("type") in BUTTON_TYPES
        ],
        add_security_recommendation=bool(data.get("add_security_recommendation")),
        code_expiration_minutes=minutes if category == "AUTHENTICATION" else None,
    )


def builder_check(form: TemplateBuilderForm, buttons: Any) -> TemplateDraft | None:
    """Validate both forms and lint the draft; the draft when nothing stops a submit.

    Lint errors land on the field they name; warnings are kept on `form.findings` to show.
    """
    valid = form.is_valid() & buttons.is_valid()  # both, so every field shows its errors
    if not valid:
        return None
    draft = draft_of(form, buttons)
    form.findings = template_lint(draft)
    numbered = _button_rows(buttons)
    for finding in errors(form.findings):
        finding_add(form, buttons, numbered, finding)
    return None if errors(form.findings) else draft


def warnings_of(form: TemplateBuilderForm) -> list[Finding]:
    return [f for f in form.findings if f.level == WARNING]


def _button_rows(buttons: Any) -> list[Any]:
    """The button forms that hold a button, in order: lint numbers buttons the same way."""
    return [b for b in buttons.forms if (getattr(b, "cleaned_data", None) or {}).get("type")]


def finding_add(form: TemplateBuilderForm, buttons: Any, rows: list[Any], finding: Finding) -> None:
    """Put one lint error under its field (a button's own field for "buttons-N-…")."""
    target, _, rest = finding.field.partition("-")
    if target == "buttons" and rest:
        index, _, name = rest.partition("-")
        if index.isdigit() and int(index) < len(rows) and name in rows[int(index)].fields:
            rows[int(index)].add_error(name, finding.message)
            return
    if finding.field == "buttons":
        form.button_errors.append(finding.message)
        return
    form.add_error(finding.field if finding.field in form.fields else None, finding.message)


def language_options() -> list[tuple[str, str]]:
    return sorted(LANGUAGES.items(), key=lambda item: item[1])
