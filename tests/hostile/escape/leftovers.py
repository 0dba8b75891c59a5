# Leaves 10 MB files wherever it may write, and a daemon that writes more after the sandbox is gone.
import os as _os


def _leave():
    import time
    for where in ("/tmp", "/dev/shm", "/var/tmp", _os.getcwd(), _os.path.expanduser("~")):
        try:
            with open(_os.path.join(where, "left-{MARKER}.bin"), "wb") as fh:
                fh.write(b"x" * (10 << 20))
        except OSError:
            pass
    if _os.fork() == 0:
        _os.setsid()
        if _os.fork() == 0:
            import ctypes
            ctypes.CDLL(None).prctl(15, b"lf{MARKER}", 0, 0, 0)  # PR_SET_NAME: findable in /proc/*/comm
            for _ in range(30):
                time.sleep(0.5)
                for where in ("/tmp", "/dev/shm", "/var/tmp"):
                    try:
                        with open(_os.path.join(where, "late-{MARKER}.bin"), "wb") as fh:
                            fh.write(b"y" * 1024)
                    except OSError:
                        pass
        _os._exit(0)


_leave()
