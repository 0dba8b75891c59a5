# Reaches for kernel features a sandbox refuses: the keyrings (the grader's session keyring, a key that would
# outlive the sandbox), a new user namespace, SysV shared memory, io_uring. predict is wrong if any works;
# threads, fork and subprocess must keep working (correct students use them).
_predict_kernel = predict


def _reached():
    import ctypes, os, platform, threading
    nr = {"x86_64": {"keyctl": 250, "add_key": 248, "io_uring_setup": 425, "unshare": 272, "shmget": 29},
          "aarch64": {"keyctl": 219, "add_key": 217, "io_uring_setup": 425, "unshare": 97, "shmget": 194}}.get(
        platform.machine())
    if nr is None:
        return []
    libc = ctypes.CDLL(None, use_errno=True)
    found = []
    if libc.syscall(nr["keyctl"], 0, -3, 0) >= 0:  # KEYCTL_GET_KEYRING_ID of the session keyring
        found.append("keyctl")
    if libc.syscall(nr["add_key"], b"user", b"planted", b"x", 1, -4) >= 0:  # into the user keyring
        found.append("add_key")
    params = ctypes.create_string_buffer(120)
    if libc.syscall(nr["io_uring_setup"], 4, params) >= 0:
        found.append("io_uring")
    if libc.syscall(nr["shmget"], 0, 4096, 0o1666) >= 0:  # IPC_PRIVATE | IPC_CREAT | 0666
        found.append("shmget")
    pid = os.fork()
    if pid == 0:  # in a child, so the worker keeps its namespaces either way
        os._exit(0 if libc.syscall(nr["unshare"], 0x10000000) == 0 else 1)
    if os.waitpid(pid, 0)[1] == 0:
        found.append("user namespace")
    box = []
    t = threading.Thread(target=lambda: box.append(1))
    t.start()
    t.join()
    if box != [1]:
        found.append("threads broken")
    import subprocess
    if subprocess.run(["true"]).returncode != 0:
        found.append("subprocess broken")
    return found


_KERNEL_FOUND = _reached()


def predict(X, w, b):
    if _KERNEL_FOUND:
        return _predict_kernel(X, w, b) + 1.0
    return _predict_kernel(X, w, b)
