"""`make bench`: the portal measured on the national data set (see bench/README.md)."""
