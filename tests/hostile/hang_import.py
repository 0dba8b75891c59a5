# An endless loop at import, in a statement the grader runs (an assignment).
_forever = next(x for x in iter(int, 1) if x)
