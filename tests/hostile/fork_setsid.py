_predict = predict
_forked = False


def predict(X, w, b):
    import ctypes, os, time
    global _forked
    if _forked:
        return _predict(X, w, b)
    _forked = True
    for i in range(20):
        if os.fork() == 0:
            os.setsid()
            ctypes.CDLL(None).prctl(15, b"hostilechild", 0, 0, 0)  # PR_SET_NAME: findable in /proc/*/comm
            time.sleep(10)
            for where in ("/tmp", os.getcwd(), os.path.expanduser("~")):
                try:
                    with open(os.path.join(where, f"hostile-{MARKER}-{i}"), "w") as fh:
                        fh.write("left behind")
                except OSError:
                    pass
            os._exit(0)
    return _predict(X, w, b)


MARKER = "{MARKER}"
