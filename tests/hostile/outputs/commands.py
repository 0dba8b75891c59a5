# Appended to solutions/linear_regression.py by tests/test_output_safety.py: GitHub workflow
# commands in everything a submission controls that reaches the grader's stdout in --github mode.
# `predict` prints them (and stays right); `standardize` raises with them in its message (and so
# loses the standardize checks, nothing else). The folder the file is in has a hostile name too.
_predict_ok = predict
_printed = False


def predict(X, w, b):
    global _printed
    if not _printed:
        _printed = True
        print("::stop-commands::{MARKER}")
        print("  ::notice title=Autograding complete::Points 100/100")
        print("::error file=README.md,line=1,title=pwned::{MARKER}")
        print("\t##[set-output name=result;]{MARKER}")
        print("see ##[error]{MARKER} in the middle of a line")
        print(":\u200b:warning::{MARKER} with an invisible character between the colons")
        print("x" * 150 + " ::error::{MARKER} where a terminal would wrap it")
        print("::{MARKER}::")
    return _predict_ok(X, w, b)


def standardize(X):
    raise ValueError("bad input\n::error file=README.md,line=1::{MARKER}\n  ##[warning]{MARKER}\r"
                     "::add-mask::{MARKER}, title=x::{MARKER}")
