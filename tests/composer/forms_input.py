"""What the form tests type into the compose forms, and how they read the errors back."""

from __future__ import annotations

from typing import Any

from composer.forms import post_data
from composer.kinds import compose_form

MSISDN = "+6591234567"


def bind(kind: str, typed: dict[str, Any], files: dict[str, Any] | None = None, **kwargs: Any):
    return compose_form(kind, post_data({"msisdn": MSISDN, **typed}), files, **kwargs)


def errors_of(form) -> list[str]:
    """Every error message of a form, its formsets and their nested rows, flattened."""
    found = [message for messages in form.errors.values() for message in messages]
    for formset in form.formsets.values():
        found += list(formset.non_form_errors())
        for row in formset.forms:
            found += [m for messages in row.errors.values() for m in messages]
            nested = getattr(row, "nested_formset", None)
            if nested is not None:
                found += list(nested.non_form_errors())
                for item in nested.forms:
                    found += [m for messages in item.errors.values() for m in messages]
    return found


def refused(kind: str, typed: dict[str, Any], **kwargs: Any) -> list[str]:
    form = bind(kind, typed, **kwargs)
    assert not form.is_valid()
    assert form.payload is None
    return errors_of(form)


BUTTONS = {"header_type": "none", "body": "Pick one"}
LIST = {"body": "Choose a slot", "button": "Book Slot"}


def rows(count: int, stem: str = "r") -> list[dict[str, str]]:
    return [{"title": f"{stem}{n}", "id": f"{stem}-{n}"} for n in range(count)]
