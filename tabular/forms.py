"""The forms every import shares: the upload and the column mapping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from tabular.reading import CsvRefused, max_bytes, max_rows, size_check, size_text

SKIP, UPDATE = "skip", "update"


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV file")
    existing = forms.ChoiceField(
        label="When a row is already stored",
        choices=[
            (SKIP, "Skip it: keep what is stored"),
            (UPDATE, "Update it with the file's values"),
        ],
        initial=SKIP,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Up to {size_text(max_bytes())} and {max_rows():,} rows. UTF-8 or "
            "Latin-1, separated by commas, semicolons or tabs, with a header row."
        )
        self.fields["file"].widget.attrs["accept"] = ".csv,.txt,.tsv,text/csv"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            size_check(upload.size or 0)
        except CsvRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def options(self) -> dict[str, Any]:
        return {"update": self.cleaned_data["existing"] == UPDATE}


class MappingForm(forms.Form):
    """One choice per column, pre-filled with the guess; the kind says what is allowed."""

    def __init__(
        self,
        *args: Any,
        header: list[str],
        guesses: list[str],
        targets_for: Callable[[str], list[tuple[str, str]]],
        errors_for: Callable[[dict[int, str], list[str]], list[str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.header = header
        self.errors_for = errors_for
        for index, name in enumerate(header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"Column {index + 1} “{name or '(no name)'}”",
                choices=targets_for(name),
                initial=guesses[index] if index < len(guesses) else "",
                required=False,
            )

    def mapping(self) -> dict[str, str]:
        """Column index (as text, as JSON keys are) -> target, ignored columns left out."""
        return {
            str(index): target
            for index in range(len(self.header))
            if (target := self.cleaned_data.get(f"column_{index}") or "")
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            mapping = {int(k): v for k, v in self.mapping().items()}
            for error in self.errors_for(mapping, self.header):
                self.add_error(None, error)
        return cleaned
