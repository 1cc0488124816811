# gunicorn reads this file from the directory it is started in; the Dockerfile,
# docker-compose.yml and bench/run.py also name it with --config.
# Access and error lines are written with secrets in URLs redacted (survey links, e-mail
# confirmation and password-reset keys): see portal/gunicorn_logging.py.
logger_class = "portal.gunicorn_logging.RedactingLogger"
