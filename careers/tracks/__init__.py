"""Coupled LIS1 → ALIS/LIS3 tracks (CT), the Helgelandslegen model.

The models live in careers/models.py; this package holds the rules (permissions), the
reads (selectors), the writes (services) and the pages of the scheme.
"""
