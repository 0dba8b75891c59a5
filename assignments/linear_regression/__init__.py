"""Assignment ``linear_regression``: see README.md in this folder."""
