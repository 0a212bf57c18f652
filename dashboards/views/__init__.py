# Step one of splitting the module: the whole of it moved here first (history follows).
from dashboards.views.overview import *  # noqa: F403
