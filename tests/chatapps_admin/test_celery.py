from __future__ import annotations

import pytest

from chatapps_admin.tasks import ping


@pytest.mark.worker
def test_a_task_makes_a_round_trip_through_a_real_worker_and_broker(celery_worker):
    result = ping.delay("round trip")
    assert result.get(timeout=30) == "pong: round trip"
    assert result.successful()
