"""The contacts upload (with the list to fill) and the export's choice of contacts."""

from __future__ import annotations

from typing import Any

from django import forms

from recipients.models import ContactList, Segment
from tabular.forms import UploadForm

NO_LIST, EXISTING_LIST, NEW_LIST = "none", "existing", "new"
EVERYONE, ONE_LIST, ONE_SEGMENT = "all", "list", "segment"


class ContactsUploadForm(UploadForm):
    list_choice = forms.ChoiceField(
        label="Add the imported contacts to a list",
        choices=[
            (NO_LIST, "No list"),
            (EXISTING_LIST, "An existing list"),
            (NEW_LIST, "A new list"),
        ],
        initial=NO_LIST,
        widget=forms.RadioSelect,
    )
    contact_list = forms.ModelChoiceField(
        label="Existing list", queryset=ContactList.objects.all(), required=False
    )
    new_list = forms.CharField(label="New list's name", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.get("list_choice")
        if choice == EXISTING_LIST and not cleaned.get("contact_list"):
            self.add_error("contact_list", "Choose the list, or choose “No list”.")
        if choice == NEW_LIST:
            name = (cleaned.get("new_list") or "").strip()
            if not name:
                self.add_error("new_list", "Give the new list a name.")
            elif ContactList.objects.filter(name=name).exists():
                self.add_error("new_list", f"A list named “{name}” exists: choose it above.")
        return cleaned

    def options(self) -> dict[str, Any]:
        options = super().options()
        choice = self.cleaned_data["list_choice"]
        if choice == EXISTING_LIST:
            options["list_id"] = self.cleaned_data["contact_list"].pk
        elif choice == NEW_LIST:
            options["new_list"] = self.cleaned_data["new_list"].strip()
        return options


class ExportForm(forms.Form):
    scope = forms.ChoiceField(
        label="Contacts to export",
        choices=[(EVERYONE, "All contacts"), (ONE_LIST, "One list"), (ONE_SEGMENT, "One segment")],
        initial=EVERYONE,
        widget=forms.RadioSelect,
    )
    contact_list = forms.ModelChoiceField(
        label="List", queryset=ContactList.objects.all(), required=False
    )
    segment = forms.ModelChoiceField(
        label="Segment", queryset=Segment.objects.all(), required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("scope") == ONE_LIST and not cleaned.get("contact_list"):
            self.add_error("contact_list", "Choose the list to export.")
        if cleaned.get("scope") == ONE_SEGMENT and not cleaned.get("segment"):
            self.add_error("segment", "Choose the segment to export.")
        return cleaned

    def params(self) -> dict[str, Any]:
        if self.cleaned_data["scope"] == ONE_LIST:
            return {"list_id": self.cleaned_data["contact_list"].pk}
        if self.cleaned_data["scope"] == ONE_SEGMENT:
            return {"segment_id": self.cleaned_data["segment"].pk}
        return {}
