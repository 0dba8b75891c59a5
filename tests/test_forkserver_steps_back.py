"""The fork server steps back to bubblewrap where a forked sandbox could not see the Python installation (no
bubblewrap needed: this is the decision, before any sandbox starts)."""
from __future__ import annotations

from grader.sandbox import forkserver, isolation

ISO = isolation.detect()
def test_it_steps_back_when_python_lies_under_a_folder_the_child_mounts_over(monkeypatch):
    """A checkout's virtual environment under /tmp (CI's fresh clone) would vanish under the child's own /tmp."""
    import dataclasses

    monkeypatch.setenv(forkserver.ENV, "1")
    iso = dataclasses.replace(ISO, level="bubblewrap", python_dirs=("/usr/lib/python3", "/tmp/clone/.venv/lib"))
    assert forkserver.hidden_python(iso) == "/tmp/clone/.venv/lib" and not forkserver.wanted(iso)
    iso = dataclasses.replace(iso, python_dirs=("/usr/lib/python3", "/opt/venv/lib"))
    assert forkserver.hidden_python(iso) == ""

