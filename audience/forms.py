"""Forms of the contacts pages: the filter, bulk actions, one contact, lists and segments."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.http import QueryDict

from audience.bulk import MAX_SELECTION
from audience.models import BulkAction
from audience.rules import CLOSED, NO, OPEN, YES, Rules
from recipients.models import Contact, ContactList, OptEvent, Segment
from recipients.numbers import number_normalise

LANGUAGE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")
MAX_ATTRIBUTES = 50


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def split_attribute(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise forms.ValidationError(f"'{text}' is not key=value (for example city=Singapore)")
    return key.strip()[:64], value.strip()


class ContactFilterForm(forms.Form):
    """The contacts page's GET filter; `rules()` is what it means (invalid fields are ignored)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A number (digits), a name, or key=value for an attribute.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    tag = forms.CharField(
        required=False, max_length=50, widget=forms.TextInput(attrs={"list": "tag-names"})
    )
    list = forms.ModelChoiceField(
        queryset=ContactList.objects.all(), required=False, empty_label="Any list"
    )
    attr = forms.CharField(
        label="Attribute", required=False, max_length=300, help_text="key=value, exactly."
    )
    opted_out = forms.ChoiceField(
        label="Opted out",
        required=False,
        choices=[("", "Either"), (YES, "Opted out"), (NO, "Not opted out")],
    )
    window = forms.ChoiceField(
        label="Service window",
        required=False,
        choices=[("", "Either"), (OPEN, "Open now"), (CLOSED, "Closed or never wrote")],
    )
    never_messaged = forms.BooleanField(label="Never messaged", required=False)

    def clean_attr(self) -> str:
        text = self.cleaned_data["attr"].strip()
        if text:
            split_attribute(text)
        return text

    def rules(self) -> Rules:
        data = self.cleaned_data if self.is_bound else {}
        attr = data.get("attr") or ""
        attributes = dict([split_attribute(attr)]) if attr else {}
        chosen = data.get("list")
        return Rules.from_dict(
            {
                "q": data.get("q") or "",
                "tags": [data["tag"]] if data.get("tag") else [],
                "lists": [chosen.pk] if chosen is not None else [],
                "attributes": attributes,
                "opted_out": data.get("opted_out") or "",
                "window": data.get("window") or "",
                "never_messaged": bool(data.get("never_messaged")),
            }
        )


def filter_rules(query: QueryDict | str) -> tuple[ContactFilterForm, Rules]:
    """The filter form for a query (a request's GET, or the urlencoded copy a POST carries)."""
    data = QueryDict(query) if isinstance(query, str) else query
    form = ContactFilterForm(data)
    form.is_valid()
    return form, form.rules()


class IdsField(forms.Field):
    """Contact ids from ticked checkboxes (several values of one name)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        if len(values) > MAX_SELECTION:
            raise forms.ValidationError(f"at most {MAX_SELECTION} contacts can be ticked at once")
        ids = []
        for item in values:
            if not str(item).isdigit():
                raise forms.ValidationError(f"'{item}' is not a contact id")
            ids.append(int(item))
        return ids


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=BulkAction.Kind.choices)
    ids = IdsField(required=False)
    every_match = forms.BooleanField(label="Every match of this filter", required=False)
    filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    tag = forms.CharField(
        required=False, max_length=50, widget=forms.TextInput(attrs={"list": "tag-names"})
    )
    contact_list = forms.ModelChoiceField(
        label="List", queryset=ContactList.objects.all(), required=False, empty_label="(a new list)"
    )
    new_list = forms.CharField(label="New list name", required=False, max_length=200)
    scope = forms.ChoiceField(
        label="Opt out of",
        required=False,
        choices=OptEvent.Scope.choices,
        initial=OptEvent.Scope.MARKETING,
    )
    reason = forms.CharField(required=False, max_length=500)

    def clean_scope(self) -> str:
        return self.cleaned_data["scope"] or OptEvent.Scope.MARKETING

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if not data.get("ids") and not data.get("every_match"):
            raise forms.ValidationError("Tick some contacts, or choose every match of the filter.")
        if (
            action in {BulkAction.Kind.TAG_ADD, BulkAction.Kind.TAG_REMOVE}
            and not (data.get("tag") or "").strip()
        ):
            self.add_error("tag", "a tag is needed for this action")
        if action == BulkAction.Kind.LIST_ADD and not data.get("contact_list"):
            name = (data.get("new_list") or "").strip()
            if not name:
                self.add_error("new_list", "choose a list, or name a new one")
            elif ContactList.objects.filter(name=name).exists():
                self.add_error("new_list", f"a list named '{name}' already exists: choose it")
        if action == BulkAction.Kind.LIST_REMOVE and not data.get("contact_list"):
            self.add_error("contact_list", "choose the list to remove them from")
        if action == BulkAction.Kind.OPT_OUT and not (data.get("reason") or "").strip():
            self.add_error("reason", "say why they are opted out (it goes in the ledger)")
        return data


class ContactCreateForm(forms.Form):
    msisdn = forms.CharField(
        label="Phone number",
        max_length=40,
        help_text="International (+65 9123 4567), or national in the default country.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    name = forms.CharField(required=False, max_length=200)

    def clean_msisdn(self) -> str:
        number = number_normalise(self.cleaned_data["msisdn"])
        if number.error:
            raise forms.ValidationError(number.error)
        if Contact.objects.filter(msisdn=number.msisdn).exists():
            raise forms.ValidationError(f"{number.msisdn} is already a contact")
        self.warning = number.warning
        return number.msisdn


class ContactEditForm(forms.Form):
    name = forms.CharField(required=False, max_length=200)
    language = forms.CharField(
        required=False, max_length=15, help_text="A language code such as en, pt_BR or zh-Hant."
    )
    time_zone = forms.CharField(
        label="Time zone", required=False, max_length=64, help_text="Such as Asia/Singapore."
    )
    tags = forms.CharField(required=False, max_length=1000, help_text="Separated by commas.")

    def clean_language(self) -> str:
        value = self.cleaned_data["language"].strip()
        if value and not LANGUAGE.fullmatch(value):
            raise forms.ValidationError(f"'{value}' is not a language code (en, pt_BR, zh-Hant)")
        return value

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        if value and value not in time_zones():
            raise forms.ValidationError(f"'{value}' is not a time zone (such as Asia/Singapore)")
        return value

    def clean_tags(self) -> list[str]:
        names = [t.strip().lower() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        long = [n for n in names if len(n) > 50]
        if long:
            raise forms.ValidationError(f"'{long[0]}' is longer than 50 characters")
        return sorted(set(names))


class AttributeForm(forms.Form):
    key = forms.CharField(required=False, max_length=64)
    value = forms.CharField(required=False, max_length=1000)


class BaseAttributeFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for n, form in enumerate(self.forms, start=1):
            key = (form.cleaned_data.get("key") or "").strip()
            if not key and (form.cleaned_data.get("value") or "").strip():
                raise forms.ValidationError(f"attribute row {n}: a value needs a key")
            if key in seen:
                raise forms.ValidationError(f"attribute row {n}: '{key}' is there twice")
            if key:
                seen.add(key)

    def attributes(self) -> dict[str, str]:
        rows = [(f.cleaned_data.get("key") or "", f.cleaned_data.get("value") or "") for f in self]
        return {k.strip(): v.strip() for k, v in rows if k.strip()}


AttributeFormSet = forms.formset_factory(
    AttributeForm,
    formset=BaseAttributeFormSet,
    extra=2,
    max_num=MAX_ATTRIBUTES,
    validate_max=True,
    absolute_max=MAX_ATTRIBUTES + 2,
)


class OptForm(forms.Form):
    kind = forms.ChoiceField(label="Record", choices=OptEvent.Kind.choices)
    scope = forms.ChoiceField(choices=OptEvent.Scope.choices, initial=OptEvent.Scope.MARKETING)
    reason = forms.CharField(
        max_length=500, help_text="What the customer asked, and how (it goes in the ledger)."
    )


class MembershipForm(forms.Form):
    contact_list = forms.ModelChoiceField(label="List", queryset=ContactList.objects.all())
    remove = forms.BooleanField(required=False)


class ContactListForm(forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name", "description"]


class SegmentForm(ContactFilterForm):
    """A segment's name and description, then the same filter the contacts page has."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, max_length=500)
    field_order = ["name", "description"]

    def __init__(self, *args: Any, segment: Segment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.segment = segment

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Segment.objects.filter(name=name)
        if self.segment is not None:
            taken = taken.exclude(pk=self.segment.pk)
        if taken.exists():
            raise forms.ValidationError(f"a segment named '{name}' already exists")
        return name
