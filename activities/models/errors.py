"""The activities' domain error."""

from branches.errors import PortalError


class ActivityError(PortalError):
    """A refused change to an activity; the message is for the user.

    `field` names the form field the message belongs to, when there is one.
    """
