"""gunicorn's logger, redacting secrets in URLs (portal/log_filters.py).

gunicorn writes its access and error logs through loggers of its own that never pass
through Django's ``LOGGING``. Its access line is built from "atoms" – the request line,
path, query string, Referer and any header or environ value the format names – so each
atom is redacted before the line is formatted (``%(q)s`` alone, without its "?", included).
The error log ("Error handling request /survey/…") and any handler added later (syslog,
``logconfig_dict``) are covered by the filter on both loggers. Chosen in gunicorn.conf.py.
"""

from gunicorn.glogging import Logger

from portal.log_filters import redact, redact_on


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)  # run again on a configuration reload
        redact_on(self.error_log)
        redact_on(self.access_log)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(v) if isinstance(v, str) else v for name, v in atoms.items()}
