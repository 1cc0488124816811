"""The demo region's data, kept apart from the code that builds it (``seed_demo``)."""
