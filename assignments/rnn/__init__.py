"""Assignment ``rnn``: see README.md in this folder."""
