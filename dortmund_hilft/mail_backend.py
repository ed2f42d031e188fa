"""SMTP that never breaks a request.

A person's action (a booking, an offer, feedback) is saved before any e-mail goes out; if the mail
server is down or refuses, that must not turn into an error page. The failure is logged with the
number of messages only (no addresses, no subjects) so operations can resend.
"""

import logging

from django.core.mail.backends.smtp import EmailBackend

logger = logging.getLogger("dortmund_hilft.mail")


class ResilientSMTPBackend(EmailBackend):
    def send_messages(self, email_messages):
        try:
            return super().send_messages(email_messages)
        except Exception:
            # Any failure of the outside mail server is logged, never raised into a view.
            logger.exception("sending e-mail failed", extra={"event": {"messages": len(email_messages)}})
            return 0
