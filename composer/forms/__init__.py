"""What every kind's form is made of; the forms themselves are registered in composer.kinds."""

from __future__ import annotations

from composer.forms.base import ComposeForm
from composer.forms.drafts import DraftForm
from composer.forms.state import post_data, state_edit

__all__ = ["ComposeForm", "DraftForm", "post_data", "state_edit"]
