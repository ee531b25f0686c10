"""A pin on the map."""

from __future__ import annotations

from typing import Any

from django import forms

from composer.forms.base import ComposeForm, Spot, Tokens
from composer.forms.fields import CoordinateField
from composer.kinds.base import Kind
from composer.payloads import TemplateSpec
from composer.payloads.common import as_dict, as_number, clean_text, number_text, string
from messaging.models import MessageKind


class LocationForm(ComposeForm):
    latitude = CoordinateField(bound=90, label="Latitude", help_text="e.g. 1.2834")
    longitude = CoordinateField(bound=180, label="Longitude", help_text="e.g. 103.8607")
    name = forms.CharField(label="Place name", required=False)
    address = forms.CharField(label="Address", required=False)

    def locate(self, tokens: Tokens) -> Spot | None:
        match tokens:
            case ["content", "location", str(key), *_] if key in self.fields:
                return Spot(field=key)
        return None


def location_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    # Numbers, as 8x8's schema types them (its template example's strings are kept there only).
    location: dict[str, Any] = {
        "latitude": as_number(data.get("latitude")),
        "longitude": as_number(data.get("longitude")),
    }
    for key in ("name", "address"):
        value = clean_text(data.get(key))
        if value:
            location[key] = value
    return {"location": location}


def location_form_data(content: dict[str, Any]) -> dict[str, Any]:
    location = as_dict(content.get("location"))
    data = {key: number_text(location.get(key)) for key in ("latitude", "longitude")}
    data.update({key: string(location.get(key)) for key in ("name", "address")})
    return data


KIND = Kind(
    value=MessageKind.LOCATION,
    icon="⊕",
    description="A pin on the map",
    form_class=LocationForm,
    fields_template="composer/kinds/location.html",
    message_type="location",
    content_build=location_content,
    content_read=location_form_data,
)
