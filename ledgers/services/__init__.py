# Step one of splitting the module: the whole of it moved here first (history follows).
from ledgers.services.tasks import *  # noqa: F403
