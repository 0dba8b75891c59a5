"""Small numeric helpers."""
EPS = 1e-12
