"""Repeated parts: reply buttons, list sections with rows, product-list sections with products.

Rows are added and removed by re-rendering the form from its state (see composer.forms.state), so
formsets need no JavaScript and no deletion checkboxes: a blank extra row is simply ignored.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.forms import BaseFormSet, formset_factory

from composer.forms.fields import (
    BUTTON_ID_LIMIT,
    BUTTON_TITLE_LIMIT,
    MAX_PRODUCTS,
    MAX_REPLY_BUTTONS,
    MAX_ROWS,
    MAX_SECTIONS,
    ROW_DESCRIPTION_LIMIT,
    ROW_ID_LIMIT,
    ROW_TITLE_LIMIT,
    SECTION_TITLE_LIMIT,
    text_field,
)
from composer.forms.picker import product_field
from composer.forms.state import fill_ids, typed_value

# Far above any limit: only a tampered form asks for more, and it gets an error, not 1000 forms.
ABSOLUTE_MAX = 60


class RowForm(forms.Form):
    nested_name: ClassVar[str] = ""
    nested_formset: RowFormSet | None = None

    def raw_row(self) -> dict[str, Any]:
        return {name: typed_value(self[name].value()) for name in self.fields}

    def cleaned_row(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def is_blank(self) -> bool:
        """Unchanged and allowed to be empty: a row the user added but left blank."""
        return self.empty_permitted and not self.has_changed()


class RowFormSet(BaseFormSet):
    """A formset that reports its rows as data and enforces WhatsApp's count limit by name."""

    noun: ClassVar[str] = "row"
    most: ClassVar[int] = 10

    def initial_form_count(self) -> int:
        # Every submitted row counts as "extra", so a blank one (beyond the first) is ignored
        # instead of being required just because it was on the page when it was rendered.
        return 0 if self.is_bound else super().initial_form_count()

    def filled_forms(self) -> list[Any]:
        return [form for form in self.forms if not form.is_blank()]

    def cleaned_rows(self) -> list[dict[str, Any]]:
        return [form.cleaned_row() for form in self.filled_forms()]

    def raw_rows(self) -> list[dict[str, Any]]:
        return [form.raw_row() for form in self.forms]

    def clean(self) -> None:
        count = len(self.filled_forms())
        if count > self.most:
            raise forms.ValidationError(
                f"at most {self.most} {self.noun}s (got {count}); WhatsApp allows {self.most}"
            )


def _unique(forms_: list[Any], field: str, what: str) -> None:
    """Mark the second and later uses of a value (e.g. two buttons titled "Yes")."""
    seen: set[str] = set()
    for form in forms_:
        value = form.cleaned_data.get(field)
        if not value:
            continue
        if value in seen:
            form.add_error(field, f"{what} '{value}' is used twice; each must be unique")
        seen.add(value)


# -- Reply buttons --------------------------------------------------------------------------------


class ReplyButtonForm(RowForm):
    title = text_field(BUTTON_TITLE_LIMIT, label="Button title")
    id = text_field(
        BUTTON_ID_LIMIT,
        label="Reply id",
        required=False,
        help_text="Sent back to you when tapped.",
        attrs={"placeholder": "option-1, option-2… if empty"},
    )


class BaseReplyButtonFormSet(RowFormSet):
    noun = "reply button"
    most = MAX_REPLY_BUTTONS

    def clean(self) -> None:
        super().clean()
        _unique(self.filled_forms(), "title", "Button title")
        _unique(self.filled_forms(), "id", "Reply id")
        fill_ids([form.cleaned_data for form in self.filled_forms()], "option")


ReplyButtonFormSet = cast(
    type[RowFormSet],
    formset_factory(
        ReplyButtonForm,
        formset=BaseReplyButtonFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_REPLY_BUTTONS,
        absolute_max=ABSOLUTE_MAX,
    ),
)


# -- Sections holding rows (lists) or products (product lists) ------------------------------------


class SectionForm(RowForm):
    """A titled section holding its own formset of rows or products."""

    nested_class: ClassVar[type[RowFormSet]]

    title = text_field(
        SECTION_TITLE_LIMIT,
        label="Section title",
        required=False,
        help_text="Required when there is more than one section.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        nested_initial = (kwargs.get("initial") or {}).get(self.nested_name)
        super().__init__(*args, **kwargs)
        self.nested_formset = self.nested_class(
            self.data if self.is_bound else None,
            prefix=f"{self.prefix}-{self.nested_name}",
            initial=nested_initial or None,
        )

    @property
    def nested(self) -> RowFormSet:
        assert self.nested_formset is not None
        return self.nested_formset

    def has_changed(self) -> bool:
        return super().has_changed() or self.nested.has_changed()

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and not self.is_blank():
            self.nested.full_clean()  # the section formset's checks read the rows' cleaned data

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.is_blank():
            return valid
        return self.nested.is_valid() and valid

    def raw_row(self) -> dict[str, Any]:
        return {**super().raw_row(), self.nested_name: self.nested.raw_rows()}

    def cleaned_row(self) -> dict[str, Any]:
        return {**super().cleaned_row(), self.nested_name: self.nested.cleaned_rows()}


class BaseSectionFormSet(RowFormSet):
    """Sections of a list or product list; limits count items across all sections."""

    noun = "section"
    most = MAX_SECTIONS
    item_noun: ClassVar[str] = "row"
    item_most: ClassVar[int] = MAX_ROWS

    def clean(self) -> None:
        super().clean()
        sections = self.filled_forms()
        if len(sections) > 1:
            for form in sections:
                if not form.cleaned_data.get("title") and "title" not in form.errors:
                    form.add_error(
                        "title", "Section title is required when there is more than one section"
                    )
        items = [item for form in sections for item in form.nested.filled_forms()]
        if len(items) > self.item_most:
            raise forms.ValidationError(
                f"at most {self.item_most} {self.item_noun}s across all sections "
                f"(got {len(items)}); WhatsApp allows {self.item_most}"
            )
        self.clean_items(items)

    def clean_items(self, items: list[Any]) -> None:
        """Checks across every item of every section (hook)."""


class ListRowForm(RowForm):
    title = text_field(ROW_TITLE_LIMIT, label="Row title")
    description = text_field(ROW_DESCRIPTION_LIMIT, label="Description", required=False)
    id = text_field(
        ROW_ID_LIMIT,
        label="Reply id",
        required=False,
        help_text="Sent back to you when picked.",
        attrs={"placeholder": "row-1, row-2… if empty"},
    )


class BaseListRowFormSet(RowFormSet):
    noun = "row"
    most = MAX_ROWS


ListRowFormSet = cast(
    type[RowFormSet],
    formset_factory(
        ListRowForm,
        formset=BaseListRowFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_ROWS,
        absolute_max=ABSOLUTE_MAX,
    ),
)


class ListSectionForm(SectionForm):
    nested_name = "rows"
    nested_class = ListRowFormSet


class BaseListSectionFormSet(BaseSectionFormSet):
    item_noun = "row"
    item_most = MAX_ROWS

    def clean_items(self, items: list[Any]) -> None:
        # Row titles may repeat (8x8's sample lists two "Monday, Oct 9"); ids come back, so not.
        _unique(items, "id", "Reply id")
        fill_ids([form.cleaned_data for form in items], "row")


ListSectionFormSet = cast(
    type[RowFormSet],
    formset_factory(
        ListSectionForm,
        formset=BaseListSectionFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_SECTIONS,
        absolute_max=ABSOLUTE_MAX,
    ),
)


class ProductItemForm(RowForm):
    product_retailer_id = product_field()


class BaseProductItemFormSet(RowFormSet):
    noun = "product"
    most = MAX_PRODUCTS


ProductItemFormSet = cast(
    type[RowFormSet],
    formset_factory(
        ProductItemForm,
        formset=BaseProductItemFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_PRODUCTS,
        absolute_max=ABSOLUTE_MAX,
    ),
)


class ProductSectionForm(SectionForm):
    nested_name = "products"
    nested_class = ProductItemFormSet


class BaseProductSectionFormSet(BaseSectionFormSet):
    item_noun = "product"
    item_most = MAX_PRODUCTS


ProductSectionFormSet = cast(
    type[RowFormSet],
    formset_factory(
        ProductSectionForm,
        formset=BaseProductSectionFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_SECTIONS,
        absolute_max=ABSOLUTE_MAX,
    ),
)
