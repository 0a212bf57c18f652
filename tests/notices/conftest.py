import pytest

from notices import calendar


@pytest.fixture(autouse=True)
def fresh_holiday_cache():
    """The working-day cache lives in the process; a test's rollback sends no signal."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()
