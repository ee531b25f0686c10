from __future__ import annotations

import pytest

from messaging.models import OutboundMessage
from messaging.selectors import messages_visible_to


@pytest.mark.django_db
def test_support_agents_see_only_the_messages_they_sent(marketer, agent):
    OutboundMessage.objects.create(kind="text", msisdn="+6591234567", payload={}, sent_by=marketer)
    own = OutboundMessage.objects.create(
        kind="text", msisdn="+6591234567", payload={}, sent_by=agent
    )
    assert list(messages_visible_to(agent)) == [own]
    assert messages_visible_to(marketer).count() == 2
