"""Validation of 8x8 Chat Apps request bodies, shared by every send path of the product.

The sandbox has its own checks (sandbox/checks), so that one can catch the other's mistakes.

Every problem is reported (never only the first), each with a JSON path, a plain sentence and the
8x8 error code the real API would answer. No function here raises on any input.
"""

from chatapps.validation.authentication import (
    AUTHENTICATION_CODE_LIMIT,
    authentication_code_problems,
)
from chatapps.validation.batch import (
    MAX_BATCH,
    batch_item_problems,
    batch_level_problems,
    merged_messages,
    validate_batch,
)
from chatapps.validation.fields import Problem
from chatapps.validation.message import validate_message
from chatapps.validation.normalise import normalise_message

__all__ = [
    "AUTHENTICATION_CODE_LIMIT",
    "MAX_BATCH",
    "Problem",
    "authentication_code_problems",
    "batch_item_problems",
    "batch_level_problems",
    "merged_messages",
    "normalise_message",
    "validate_batch",
    "validate_message",
]
