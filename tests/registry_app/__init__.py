"""A stand-in for a new app above notices (installed only by config/test_settings.py).

It registers a notification kind and a default schedule the way ledgers, brands and
dashboards will, without any change to notices/ (see tests/notices/test_registries.py).
"""
