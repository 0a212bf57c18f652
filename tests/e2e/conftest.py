"""Browser tests (Playwright in Chromium, tests/browser.py): shared fixtures.

The activity types a browser test needs come from the shared `types` fixture
(tests/conftest.py), which reloads them when a flush before the test removed them.
"""
