"""Assignment ``mnist_softmax``: see README.md in this folder."""
