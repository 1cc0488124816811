"""Demo and national-scale data for Legeportalen, kept out of the runtime apps.

``manage.py seed_demo`` builds the demo region and what happens in it, each part written
through the apps' public services wherever one exists: ``activity`` (applicants, rounds,
applications, events), ``surveys`` (campaigns with results over and under k), ``tracks``
(the coupled track and the chief physician's pool, invitations and placement),
``hiring`` (waves, interviews, offers, reserve list, public applicant list), ``letters``,
``onboarding`` (buddies, checklists), ``applicant`` (the demo applicant's profile, job
alerts and offer) and ``reminders``; the data they are built from is in ``demo/data/``.
``seed_scale`` builds the national data set for ``make bench`` (``demo/scale.py``),
``demo_totp`` prints the demo staff's current two-factor code. The runtime apps (portal,
recruitment, careers, feedback) never import from this package; it imports from them.
"""
