"""The sandbox's own judgement of what 8x8 and WhatsApp refuse, written from 8x8's spec.

It shares no code with the product's validator on purpose: the sandbox stands in for 8x8, so a bug
in the product's checks shows up as a disagreement (tests/contract) rather than being copied here.
Every problem is reported with a JSON path, a sentence and 8x8's error code; nothing here raises.
"""

from sandbox.checks.batch import MAX_BATCH, batch_item_problems, batch_problems, merged_messages
from sandbox.checks.message import message_problems
from sandbox.checks.normalise import normalise
from sandbox.checks.problems import Problem

__all__ = [
    "MAX_BATCH",
    "Problem",
    "batch_item_problems",
    "batch_problems",
    "merged_messages",
    "message_problems",
    "normalise",
]
