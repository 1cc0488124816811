"""Demo and national-scale data for Legeportalen, kept out of the runtime apps.

``manage.py seed_demo`` builds the demo region (data in ``demo/data/``), ``seed_scale`` the
national data set for ``make bench`` (``demo/scale.py``), ``demo_totp`` prints the demo
staff's current two-factor code. The runtime apps (portal, recruitment, careers, feedback)
never import from this package; it imports from them.
"""
