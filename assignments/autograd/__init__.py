"""Assignment ``autograd``: see README.md in this folder."""
