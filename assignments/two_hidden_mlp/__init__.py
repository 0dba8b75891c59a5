"""Assignment ``two_hidden_mlp``: see README.md in this folder."""
