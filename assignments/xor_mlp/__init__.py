"""Assignment ``xor_mlp``: see README.md in this folder."""
