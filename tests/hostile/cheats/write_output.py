# cheat:begin
import os

def _targets():
    out = []
    for pid in os.listdir("/proc"):
        try:
            args = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="ignore").split("\0")
        except OSError:
            continue
        for i, a in enumerate(args):
            if a == "--out" and i + 1 < len(args):
                out.append(args[i + 1])
            if a.startswith("--out="):
                out.append(a.split("=", 1)[1])
    return out

for _dir in _targets() + ["feedback", "../feedback", "/tmp"]:
    for _name in ("results.json", "grades.csv", "pwned-{MARKER}.txt"):
        try:
            with open(os.path.join(_dir, _name), "w") as _fh:
                _fh.write('{"submissions": []}')
        except OSError:
            pass
# cheat:end
