"""A file mail backend for the real-worker test: it writes where EMAIL_FILE_PATH says and
can be slowed down (SLOW_MAIL_SECONDS per message), so the test can kill a worker while
it is in the middle of a batch."""

import os
import time

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def __init__(self, fail_silently=False, file_path=None, **kwargs):
        file_path = file_path or os.environ["EMAIL_FILE_PATH"]
        super().__init__(fail_silently=fail_silently, file_path=file_path, **kwargs)

    def send_messages(self, messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS") or 0))
        return super().send_messages(messages)
