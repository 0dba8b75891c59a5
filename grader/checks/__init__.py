"""The check library: what a check is (``base``), pure helpers every check uses (``common``), and the
generic network checks (``networks``) that assignments call with their own inputs.

The checks of an assignment live in its folder (``assignments/<name>/``); ``grader.registry`` finds them.
"""
