FROM python:3.13-slim
ENV PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
RUN SECRET_KEY=build-only SURVEY_HOLD_KEY=YnVpbGQtb25seS1ub3QtYS1yZWFsLXN1cnZleS1rZXk= DEBUG=false python manage.py collectstatic --no-input
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
