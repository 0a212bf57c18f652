# Step one of splitting the module: the whole of it moved here first (history follows).
from brands.views.rounds import *  # noqa: F403
