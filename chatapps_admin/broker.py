"""The embedded broker: kombu's filesystem transport, with messages that appear whole.

kombu writes a message by creating its file in the queue folder and then filling it, while a
consumer in another process takes any file it finds there without waiting for the writer's lock.
A worker could therefore read a half-written (or still empty) message and fail with a
JSONDecodeError. Here a message is written in full to a staging folder on the same filesystem and
then renamed into the queue: a rename is atomic, so a consumer sees the whole file or nothing.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from time import monotonic
from typing import Any

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    # The same signature as kombu's filesystem channel, which its stubs also mark as an override.
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        # The same name kombu gives (creation order first), so consumers keep taking them in order.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        staging = Path(self.transport_options.get("staging_folder") or self.data_folder_out)
        staging.mkdir(parents=True, exist_ok=True)
        written = staging / f".{name}.part"
        written.write_bytes(str_to_bytes(dumps(payload)))
        os.replace(written, Path(self.data_folder_out) / name)


class Transport(filesystem.Transport):
    Channel = Channel

    @property
    def default_connection_params(self) -> dict[str, Any]:
        # A folder has no host: without this kombu warns "No hostname was supplied" on every
        # connection, a line nobody running the embedded product can act on.
        return {"port": self.default_port, "hostname": ""}
