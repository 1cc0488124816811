from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data: ``seed_demo``, ``seed_scale``, ``demo_totp``. No models; the
    runtime apps never import from here (tests/test_layers.py)."""

    name = "demo"
    verbose_name = "Demo data"
