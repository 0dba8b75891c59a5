# Graded just after tests/hostile/ahead/next_student.py: if anything that student left (files, sockets, a
# process) is visible from here, predict is wrong, and the points lost show it.
import os


def _neighbours():
    seen = []
    for folder in ("/tmp", "/dev/shm", os.getcwd()):
        try:
            seen += [f"{folder}/{n}" for n in os.listdir(folder) if n.startswith("next-student") or n in (
                "numpy.py", "json.py", "sitecustomize.py")]
        except OSError:
            pass
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            with open(f"/proc/{pid}/comm") as fh:
                if fh.read().strip() == "nextstudent":
                    seen.append(f"process {pid}")
        except OSError:
            pass
    try:
        with open("/proc/net/unix") as fh:
            seen += [line for line in fh if "nextstudent" in line]
    except OSError:
        pass
    return seen


_SEEN = _neighbours()
_right_predict = predict


def predict(X, w, b):
    print("neighbours seen:", _SEEN)
    return _right_predict(X, w, b) + (1.0 if _SEEN else 0.0)
