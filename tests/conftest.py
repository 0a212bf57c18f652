import pytest

from branches.models import User

PASSWORD = "correct-horse-battery"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin1", PASSWORD, name="管理员")


@pytest.fixture
def plain_user(db):
    return User.objects.create_user("10001", PASSWORD, name="张三")
