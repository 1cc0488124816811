"""An e-mail backend for the bench's reminder sweep: builds every message as SMTP would
(MIME and headers) and sends nothing. With BENCH_MAIL_LOG set, each message appends a line
(recipient, occasion, subject) to that file, so the bench can count duplicates across the
worker processes that sent them."""

import os
from collections import Counter

from django.core.mail.backends.base import BaseEmailBackend

SENT: Counter = Counter()


class CountingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        lines = []
        for message in messages:
            message.message()  # the MIME rendering an SMTP backend does
            occasion = message.extra_headers.get("X-Legeportalen-Occasion", "")
            key = (",".join(message.to), occasion, message.subject)
            SENT[key] += 1
            lines.append("\t".join(key) + "\n")
        path = os.environ.get("BENCH_MAIL_LOG")
        if path and lines:
            with open(path, "a", encoding="utf-8") as log:
                log.writelines(lines)
        return len(messages)
