"""What the services of the ledgers app share."""

from decimal import Decimal

from django.utils.translation import gettext as _

from ledgers.models import (
    LedgerError,
    ResponsibilityList,
)

HUNDRED = Decimal(100)


def check_open(responsibility_list: ResponsibilityList) -> None:
    if responsibility_list.is_closed:
        raise LedgerError(
            _("The list %(list)s is closed; it can no longer be changed.")
            % {"list": responsibility_list.title}
        )
