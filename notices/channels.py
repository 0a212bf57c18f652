"""How a notification leaves the portal: the in-app inbox, e-mail and SMS.

Each channel is a function `send_<channel>(notification)` that either returns (sent),
raises `ChannelSkipped` (the channel cannot be used for this person any more, e.g. the
e-mail address was removed since), or raises an error. Errors listed in
`TRANSIENT_ERRORS` are retried with backoff by the delivery task; any other error marks
the delivery failed at once.

Plugging in a court's SMS gateway
---------------------------------
SMS goes through the class named in ``settings.SMS_BACKEND`` (environment variable
``SMS_BACKEND``), by default `ConsoleSMSBackend`, which only logs the message. A gateway
backend is a class with a constructor that takes no arguments and one method::

    class CourtGatewaySMSBackend:
        def send(self, phone: str, text: str) -> None:
            '''Send `text` to the mobile number `phone` (11 digits, as stored on the member).

            Return when the gateway has accepted the message. Raise
            notices.channels.SMSError for any failure (network, gateway refusal, quota):
            the delivery is retried with backoff, up to 5 attempts, and the error text is
            kept on the delivery for the admin to see.
            '''

Put it in any importable module (for instance ``courtsms/backend.py`` next to
``manage.py``), set ``SMS_BACKEND=courtsms.backend.CourtGatewaySMSBackend`` in the
environment of the web, worker and beat processes, and restart them. Read the gateway's
address and credentials from the environment in the constructor. `send` runs in a Celery
worker, never in a web request, so it may take a few seconds; give its network calls a
timeout so a hung gateway cannot hold a worker forever.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import select_template
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from branches.masking import mask_phone
from notices.models import Delivery, Notification

logger = logging.getLogger(__name__)

# Longest SMS text sent; a gateway splits longer texts into several billed messages.
SMS_MAX_LENGTH = 300


class SMSError(Exception):
    """An SMS backend could not send a message; the delivery is retried."""


class ChannelSkipped(Exception):
    """The channel cannot be used for this recipient (no address); nothing was sent."""


# Errors worth another attempt: the mail server or the SMS gateway may be back later.
# (smtplib.SMTPException and socket errors, which are OSError, cover SMTP outages.)
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, SMSError)


class ConsoleSMSBackend:
    """Development backend: writes each SMS to the log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def get_sms_backend():
    return import_string(settings.SMS_BACKEND)()


# --- Addresses ------------------------------------------------------------------------------


def email_of(user) -> str:
    return user.email or ""


def phone_of(user) -> str:
    """The mobile phone of the user's member profile ('' when there is none)."""
    try:
        member = user.member
    except ObjectDoesNotExist:
        return ""
    return (member.phone or "") if member is not None else ""


# --- Channels -------------------------------------------------------------------------------


def send_inapp(notification: Notification, *, connection=None) -> None:
    """The inbox shows the row itself: nothing to send."""


def send_email(notification: Notification, *, connection=None) -> None:
    """Send the e-mail; `connection`: an open mail connection shared by a batch (else one each)."""
    address = email_of(notification.recipient)
    if not address:
        raise ChannelSkipped("The recipient has no e-mail address.")
    context = _context(notification)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _render(notification, "_subject.txt", context)
        text = _render(notification, ".txt", context)
        html = _render(notification, ".html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # one line: headers cannot hold newlines
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_sms(notification: Notification, *, connection=None) -> None:
    phone = phone_of(notification.recipient)
    if not phone:
        raise ChannelSkipped("The recipient has no mobile phone.")
    with translation.override(settings.LANGUAGE_CODE):
        text = _render(notification, ".txt", _context(notification), folder="sms").strip()
    if len(text) > SMS_MAX_LENGTH:
        text = text[: SMS_MAX_LENGTH - 1] + "…"
    get_sms_backend().send(phone, text)


SENDERS = {
    Delivery.Channel.INAPP: send_inapp,
    Delivery.Channel.EMAIL: send_email,
    Delivery.Channel.SMS: send_sms,
}


def send(channel: str, notification: Notification, *, connection=None) -> None:
    """Send over `channel`; `connection` is the batch's open mail connection (e-mail only)."""
    SENDERS[channel](notification, connection=connection)


def _context(notification: Notification) -> dict:
    base = settings.PORTAL_URL.rstrip("/")
    return {
        "notification": notification,
        "recipient": notification.recipient,
        "url": f"{base}{notification.link}" if notification.link and base else "",
        "inbox_url": f"{base}{reverse('notices:inbox')}" if base else "",
    }


def _render(notification: Notification, suffix: str, context: dict, folder="emails") -> str:
    """Render the kind's own template if there is one, else the generic one."""
    template = select_template(
        [
            f"notices/{folder}/{notification.kind}{suffix}",
            f"notices/{folder}/notification{suffix}",
        ]
    )
    return template.render(context)
