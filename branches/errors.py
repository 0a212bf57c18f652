"""One root for the errors every service raises, and the two ways views show them.

A service refuses a change by raising `PortalError` (or an app's subclass of it:
`BranchesError`, `ActivityError`, `PointsError`, …) with a translated message for the
user and, when the message belongs to one form field, that field's name::

    raise ActivityError(_("The end cannot be before the start."), field="end")

A view that has a form lets the form show it (next to the field, or above the form)::

    class RecordForm(ServiceErrorFormMixin, forms.Form):
        FIELD_FOR = {"end": "end_time"}     # optional: service field → form field

    try:
        activity_record(...)
    except PortalError as error:
        form.add_service_error(error)

and a view without a form (a button) turns it into a message::

    except PortalError as error:
        message_service_error(request, error)
"""

from django.contrib import messages


class PortalError(Exception):
    """A refused change; `message` is for the user, `field` the form field it concerns."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class ServiceErrorFormMixin:
    """Adds `add_service_error(error)` to a form: the error goes to its field or the form."""

    # Service field names that the form calls otherwise (e.g. {"start": "start_time"}).
    FIELD_FOR: dict[str, str] = {}

    def add_service_error(self, error: PortalError) -> None:
        name = self.FIELD_FOR.get(error.field, error.field)
        self.add_error(name if name in self.fields else None, error.message)


def message_service_error(request, error: PortalError) -> None:
    """Show a refused change as an error message on the next page."""
    messages.error(request, error.message)
