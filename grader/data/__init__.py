"""Datasets bundled with the grader (an offline MNIST subset) and their loaders."""
