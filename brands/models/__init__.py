# Step one of splitting the module: the whole of it moved here first (history follows).
from brands.models.brands import *  # noqa: F403
