# Graded just before another student with --jobs 1, while that student's sandbox is already starting
# (grader/sandbox/spare.py): plants files and sockets where a Python process looks first, and leaves a
# daemon named "nextstudent" that keeps planting and signals every process it can see.
import os
import signal
import socket
import time

_NAMES = ("next-student-{MARKER}", "numpy.py", "json.py", "sitecustomize.py", "linear_regression.py")


def _plant():
    for folder in ("/tmp", "/dev/shm", os.getcwd()):
        for name in _NAMES:
            try:
                with open(os.path.join(folder, name), "w") as fh:
                    fh.write("raise SystemExit('planted by the student before you')\n")
            except OSError:
                pass
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind("\0nextstudent-{MARKER}")
        sock.listen()
        return sock
    except OSError:
        return None


def _daemon():
    if os.fork():
        return "started"
    os.setsid()
    if os.fork():
        os._exit(0)
    try:
        with open("/proc/self/comm", "w") as fh:
            fh.write("nextstudent")
    except OSError:
        pass
    end = time.time() + 20
    while time.time() < end:
        _plant()
        for pid in (int(p) for p in os.listdir("/proc") if p.isdigit()):
            if pid != os.getpid():
                try:
                    os.kill(pid, signal.SIGCONT)
                except OSError:
                    pass
        time.sleep(0.05)
    os._exit(0)


_SOCKET = _plant()
_DAEMON = _daemon()
_right_predict = predict


def predict(X, w, b):
    _plant()
    return _right_predict(X, w, b)
