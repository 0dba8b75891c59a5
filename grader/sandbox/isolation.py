"""How the sandboxed process is walled off, on this machine.

Two levels, chosen once per grader process:

- ``bubblewrap``: Linux namespaces through ``bwrap`` (Debian's bubblewrap, no
  root needed). The student process sees an empty root with only the system
  libraries and the Python installation mounted read-only, the grader's own
  packages (and the reference solutions) hidden under empty tmpfs mounts, a
  private ``/tmp``, a private ``/proc`` (a PID namespace: it sees no other
  process, and every process it starts dies with it), no network, no
  capabilities, and one writable folder of its own.
- ``rlimits``: where namespaces are unavailable, a plain child process with
  resource limits, its own process group, a scrubbed environment and a fresh
  working folder; it can read what its user can read.

Privileges. A student's code never runs with a privilege the grader has:

- as root (CI, course containers), in both levels, the worker switches to an
  unprivileged uid of its own (``sandbox_uid``: one per sandbox, never 0,
  never a real account's) before any student code runs, with no capabilities
  and ``no_new_privs``. Under bubblewrap no user namespace is made for it (one
  made by root maps the sandbox's uid 0 to the host's root, whose writes to
  ``/proc/sys`` the kernel honours); bwrap keeps only CAP_SETUID/CAP_SETGID/
  CAP_SETPCAP for the worker's switch, which drops them all.
- as an ordinary user, bubblewrap's user namespace gives the sandbox no
  capability outside it; without namespaces the student's code would run as
  the grader's own user, so ``refusal`` refuses to grade more than one
  submission that way (a student checking their own file may).

Under bubblewrap, every sandbox after a grader process's first is forked from
one warm process instead of starting bwrap and Python every time, with the
same protections, or the fork server refuses and bwrap starts it
(``forkserver.py``; ``BACKPROP_GRADER_FORKSERVER``: ``0`` never, ``1`` from
the first).

``refusal`` says when student code must not run at all; an explicit opt-in
(``--unsafe-sandbox``, or ``BACKPROP_GRADER_UNSAFE_SANDBOX=1``) overrides it.
Both levels add the same rlimits inside the sandbox (see ``worker.py``).
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import cgroup

#: Where the sandbox's own folder appears inside the namespace.
SANDBOX_DIR = "/sandbox"
#: Size of each writable tmpfs in the sandbox (its folder, /tmp, /dev/shm).
TMPFS_BYTES = 64 * 1024 * 1024

_PACKAGES = ("grader", "solutions", "reports", "assignments")
#: Where sandbox uids start: far above any real account (Linux uids are 32 bits).
UID_BASE = 1 << 30
#: The environment variable that opts in to running student code without the guarantees above.
UNSAFE_ENV = "BACKPROP_GRADER_UNSAFE_SANDBOX"


@dataclass(frozen=True)
class Isolation:
    """The protections in force and the command prefix that gives them."""

    level: str  # "bubblewrap" or "rlimits"
    protections: tuple[str, ...]
    missing: tuple[str, ...] = ()
    reason: str = ""
    bwrap: str | None = None
    python_dirs: tuple[str, ...] = field(default=())
    hidden: tuple[str, ...] = field(default=())
    cgroup: bool = False  #: each sandbox gets its own cgroup (see cgroup.py)
    as_root: bool = False  #: the grader runs as root: the worker switches to ``sandbox_uid``
    #: as root without namespaces, the Python installation is not reachable by an unprivileged uid (then: refused)
    unreachable: str = ""

    def command(self, workdir: str, python: list[str], zygote: bool = False) -> tuple[list[str], str]:
        """The full command that runs ``python`` walled off, and its working folder.

        ``zygote``: the fork server's warm process (``forkserver.py``), which also keeps CAP_SYS_ADMIN (and
        CAP_SETPCAP) to give each child its own namespaces and mounts; the child drops them all.
        """
        if self.level != "bubblewrap":
            return python, workdir
        if self.as_root:
            # No user namespace (see the module docstring); the worker's uid switch needs these three, then drops them.
            cmd = [self.bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                   "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                   "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
        else:
            cmd = [self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
            if zygote:
                cmd += ["--cap-add", "CAP_SETPCAP"]
        if zygote:
            cmd += ["--cap-add", "CAP_SYS_ADMIN"]
        for top in ("bin", "lib", "lib64", "sbin", "lib32", "libx32"):
            path = Path("/") / top
            if path.is_symlink():
                cmd += ["--symlink", os.readlink(path), str(path)]
            elif path.is_dir():
                cmd += ["--ro-bind", str(path), str(path)]
        # A private /tmp first: the Python installation may itself live under /tmp
        # (a CI's virtual environment in a fresh clone), and binds after it stay visible.
        cmd += ["--ro-bind", "/usr", "/usr", "--perms", "1777", "--size", str(TMPFS_BYTES), "--tmpfs", "/tmp"]
        for etc in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime"):
            cmd += ["--ro-bind-try", f"/etc/{etc}", f"/etc/{etc}"]
        # bwrap makes the folders above a mount point 0700: the unprivileged uid must be able to pass through them.
        for path in _ancestors(self.python_dirs + self.hidden):
            cmd += ["--perms", "0755", "--dir", path]
        for path in self.python_dirs:
            cmd += ["--ro-bind", path, path]
        for path in self.hidden:
            cmd += ["--size", "4096", "--tmpfs", path, "--remount-ro", path]
        # Every writable place is a tmpfs of bounded size: files a student writes cost RAM, so they are capped
        # (the host folder ``workdir`` only anchors the process; nothing inside reaches the host's disk).
        # /proc/sys read-only even to a process that became root somehow (bwrap covers /proc/irq and /proc/bus only)
        cmd += ["--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys",
                "--ro-bind-try", "/proc/sysrq-trigger", "/proc/sysrq-trigger"]
        if zygote and not self.as_root:
            # bwrap's --dev makes a second user namespace (its uid 0 mounts devpts) owning none of the zygote's
            # other namespaces, where it could make none of its own: the same /dev by hand, devpts per child
            cmd += ["--tmpfs", "/dev"]
            for dev in _DEVICES:
                cmd += ["--dev-bind-try", f"/dev/{dev}", f"/dev/{dev}"]
            for name, target in _DEV_LINKS:
                cmd += ["--symlink", target, f"/dev/{name}"]
            cmd += ["--dir", "/dev/pts"]
        else:
            cmd += ["--dev", "/dev"]
        cmd += ["--perms", "1777", "--size", str(TMPFS_BYTES), "--tmpfs", "/dev/shm"]
        cmd += ["--perms", "1777", "--size", str(TMPFS_BYTES), "--tmpfs", SANDBOX_DIR]
        # The new root and /dev are tmpfs mounts bwrap makes without a size: read-only, like the rest.
        cmd += ["--remount-ro", "/dev", "--remount-ro", "/",
                "--chdir", SANDBOX_DIR, "--setenv", "HOME", SANDBOX_DIR, "--"]
        return cmd + python, SANDBOX_DIR


#: What bwrap's --dev puts in /dev: devices bound from the host, and symbolic links.
_DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
_DEV_LINKS = (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
              ("stderr", "/proc/self/fd/2"), ("core", "/proc/kcore"), ("ptmx", "pts/ptmx"))


def _ancestors(paths) -> list[str]:
    """Every folder above ``paths`` (not ``/``), parents first."""
    out = set()
    for path in paths:
        out.update(str(p) for p in Path(path).parents if str(p) != "/")
    return sorted(out, key=lambda p: (p.count("/"), p))


def sandbox_uid(slot: int) -> int:
    """The unprivileged uid of one sandbox: unique per grader process and slot, never a real account's."""
    return UID_BASE + (os.getpid() % (1 << 22)) * 64 + slot % 64


def reachable_by_others(path: str) -> bool:
    """Can a uid that owns nothing read ``path`` (every folder above it passable by others)?"""
    real = Path(os.path.realpath(path))
    try:
        if not real.stat().st_mode & 0o004:
            return False
        return all(parent.stat().st_mode & 0o001 for parent in real.parents)
    except OSError:
        return False


def unsafe_allowed() -> bool:
    """Has the user opted in to running student code without the guarantees (``--unsafe-sandbox``)?"""
    return os.environ.get(UNSAFE_ENV, "") not in ("", "0")


def refusal(iso: Isolation, submissions: int) -> str:
    """Why student code must not run here (empty: it may), before the opt-in is considered."""
    if iso.level == "bubblewrap":
        return ""
    if iso.as_root and iso.unreachable:
        return (f"running as root without namespaces, and {iso.unreachable} cannot be read by an unprivileged "
                f"user, so student code would run as root ({iso.reason})")
    if not iso.as_root and submissions > 1:
        return (f"without namespaces ({iso.reason}) every submission would run as your own user and could "
                "change the others' files and the reports")
    return ""


def _grader_roots() -> list[Path]:
    """Folders holding the grader's own code and the reference solutions."""
    roots = []
    for name in _PACKAGES:
        spec_dir = Path(__file__).resolve().parents[2] / name
        if spec_dir.is_dir():
            roots.append(spec_dir)
    return roots


def _python_dirs() -> list[str]:
    """Read-only folders the sandbox needs: the interpreter, stdlib, site-packages.

    Run from a checkout, a folder that holds the repository (its root or an
    ancestor) is never among them, so the sandbox cannot reach the solutions.
    Installed, the grader sits in a ``site-packages`` the sandbox needs (NumPy
    is there too): that folder is mounted and the grader's packages in it are
    hidden (``_hidden_dirs``).
    """
    paths = sysconfig.get_paths()
    dirs = {sys.base_prefix, sys.prefix, paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"]}
    dirs |= {p for p in sys.path if p and ("site-packages" in p or "dist-packages" in p)}
    dirs.add(str(Path(os.path.realpath(sys.executable)).parents[1]))
    project = Path(__file__).resolve().parents[2]
    installed = project.name in ("site-packages", "dist-packages")
    out = set()
    for d in dirs:
        real = Path(os.path.realpath(d))
        if real.is_dir() and (installed or (real != project and real not in project.parents)):
            out.add(str(real))
    return sorted(out)


def _hidden_dirs(python_dirs: list[str]) -> list[str]:
    """Our packages where they sit inside a folder the sandbox can see."""
    hidden = []
    for root in python_dirs:
        for name in _PACKAGES:
            candidate = Path(root) / name
            if candidate.is_dir():
                hidden.append(str(candidate))
    return sorted(set(hidden))


def _bwrap_works(bwrap: str) -> str:
    """Empty if a trivial sandbox starts, else why not."""
    try:
        proc = subprocess.run(
            [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc",
             "--dev", "/dev", "true"],
            capture_output=True, timeout=20, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if proc.returncode != 0:
        return proc.stderr.decode(errors="replace").strip().splitlines()[-1:][0] if proc.stderr else "bwrap failed"
    return ""


@functools.lru_cache(maxsize=1)
def detect() -> Isolation:
    """The best isolation this machine allows (checked once per process)."""
    iso = _namespaces()
    if os.name == "posix" and os.geteuid() == 0:
        iso = replace(iso, as_root=True)
        if iso.level != "bubblewrap":
            needed = [sys.executable, sysconfig.get_paths()["stdlib"], *site_dirs()]
            blocked = [d for d in needed if not reachable_by_others(d)]
            iso = replace(iso, unreachable=os.path.realpath(blocked[0]) if blocked else "")
    if cgroup.available():
        return replace(iso, protections=iso.protections + (_CGROUP,), cgroup=True)
    return replace(iso, missing=iso.missing + (_NO_CGROUP,))


_CGROUP = "cgroup: a process count and a memory limit for the whole sandbox, every process killed at the end"
_NO_CGROUP = "cgroup (needs root or a delegated cgroup; the process limit is then per user, memory per process)"


def _namespaces() -> Isolation:
    base = ("separate process", "rlimits (memory, CPU, file size, processes)", "own process group",
            "scrubbed environment", "fresh working folder", "no stdin", "capped output")
    if os.environ.get("BACKPROP_GRADER_NO_NAMESPACES"):
        return Isolation("rlimits", base, ("namespaces",), "disabled by BACKPROP_GRADER_NO_NAMESPACES")
    if not sys.platform.startswith("linux"):
        return Isolation("rlimits", base, ("namespaces",), "namespaces need Linux")
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return Isolation("rlimits", base, ("namespaces",), "bubblewrap (bwrap) is not installed")
    why = _bwrap_works(bwrap)
    if why:
        return Isolation("rlimits", base, ("namespaces",), f"bubblewrap cannot start here: {why}")
    python_dirs = _python_dirs()
    return Isolation(
        "bubblewrap",
        base + ("no network (network namespace)", "private /proc and PID namespace (no stray processes)",
                f"read-only filesystem except its own folder, /tmp and /dev/shm ({TMPFS_BYTES >> 20} MB tmpfs each)",
                "grader, solutions and output folder hidden", "no capabilities"),
        bwrap=bwrap,
        python_dirs=tuple(python_dirs),
        hidden=tuple(_hidden_dirs(python_dirs)),
    )


def site_dirs() -> list[str]:
    """The folders the worker imports from outside namespaces (site-packages)."""
    import site

    return [p for p in site.getsitepackages() if os.path.isdir(p)]


def describe(iso: Isolation) -> str:
    """Several lines for ``grade --check-sandbox``."""
    lines = [f"sandbox level: {iso.level}"]
    lines += [f"  active: {p}" for p in iso.protections]
    lines += [f"  missing: {m}" + (f" ({iso.reason})" if m == "namespaces" else "") for m in iso.missing]
    return "\n".join(lines)
