"""Assignment ``layers``: see README.md in this folder."""
