"""grade --shard K/N and grade --merge: a class graded in three shards and merged is what one run writes;
shards partition the students, stably; the merge refuses what does not fit; the recipes in docs/recipes/
(GitHub matrix, Slurm array, Kubernetes Indexed Job) run as written."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from grader.shard import Shard, parse_shard, share_of

RECIPES = ROOT / "docs" / "recipes"
ACTIONLINT = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
CORPUS = ROOT / "tests" / "corpus"
BROKEN = "def forward(:\n    pass\n"  # a syntax error: status error


def grade(*args, env=None, cwd=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=timeout)


def make_class(folder: Path) -> Path:
    """examples/submissions (alice, bob, carol) and students made from corpus files: right and wrong,
    folders and a flat file, a syntax error, an ignored file, a second candidate, an unrecognised file."""
    shutil.copytree(ROOT / "examples" / "submissions", folder)
    files = {
        "dave/xor_mlp.py": CORPUS / "xor_mlp/mistakes/activation-derivative-at-output_xor_mlp.py",
        "dave/utils.py": "def unused():\n    return 1\n",
        "erin_linear_regression.py": CORPUS / "linear_regression/mistakes/gradient-sign_linear_regression.py",
        "heidi/rnn.py": CORPUS / "rnn/mistakes/recurrent-transpose_rnn.py",
        "ivan/autograd.py": CORPUS / "autograd/mistakes/wrong-local-derivative_autograd.py",
        "judy/linear_regression.py": CORPUS / "linear_regression/correct/loops_linear_regression.py",
        "judy/old/linear_regression_v1.py": CORPUS / "linear_regression/mistakes/update-rule_linear_regression.py",
        "mallory/xor_mlp.py": BROKEN,
        "niaj/layers.py": CORPUS / "layers/mistakes/bias-not-summed_layers.py",
        "olivia/two_hidden_mlp.py": CORPUS / "two_hidden_mlp/correct/classes_two_hidden_mlp.py",
        "notes.py": "print('not an assignment')\n",
    }
    for rel, src in files.items():
        dst = folder / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(src if isinstance(src, str) else src.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _roster(path: Path) -> Path:
    names = ["alice", "bob", "carol", "dave", "erin", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "zoe"]
    path.write_text("folder,name,id\n" + "".join(f"{n},{n.title()},{100 + i}\n" for i, n in enumerate(names)))
    return path


def _timeless(value):
    """results.json without what differs from run to run (seconds, timings)."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if k not in ("seconds", "timings")}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


def _junit_counts(path: Path) -> dict:
    root = ET.parse(path).getroot()
    suites = [(s.get("name"), s.get("tests"), s.get("failures"), s.get("errors"), s.get("skipped"))
              for s in root.iter("testsuite")]
    return {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} | {"suites": suites}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The class graded once in a single run and once as three shards, then merged (same options)."""
    tmp = tmp_path_factory.mktemp("shard")
    klass = make_class(tmp / "class")
    roster = _roster(tmp / "roster.csv")
    extra = ["--roster", roster, "--gradebook", "canvas", "--format", "gradescope"]
    t0 = time.perf_counter()
    single = grade(klass, "--out", tmp / "single", "--junit-xml", tmp / "single" / "junit.xml", *extra)
    t1 = time.perf_counter()
    shards = [grade(klass, "--shard", f"{k}/3", "--out", tmp / f"s{k}", "--junit-xml", tmp / f"s{k}" / "junit.xml")
              for k in (1, 2, 3)]
    t2 = time.perf_counter()
    merged = grade("--merge", *(tmp / f"s{k}" for k in (1, 2, 3)), "--out", tmp / "merged",
                   "--junit-xml", tmp / "merged" / "junit.xml", *extra)
    t3 = time.perf_counter()
    print(f"\nsingle run {t1 - t0:.1f} s; three shards one after another {t2 - t1:.1f} s; merge {t3 - t2:.1f} s")
    return {"tmp": tmp, "class": klass, "single": single, "shards": shards, "merged": merged,
            "seconds": (t1 - t0, t2 - t1, t3 - t2)}


def test_sharded_and_merged_is_the_single_run(runs):
    tmp = runs["tmp"]
    assert runs["single"].returncode == 3, runs["single"].stderr  # notes.py is unrecognised
    assert [p.returncode for p in runs["shards"]] in ([0, 3, 3], [3, 0, 3], [3, 3, 0], [3, 3, 3], [0, 0, 3],
                                                      [0, 3, 0], [3, 0, 0]), [p.stderr for p in runs["shards"]]
    assert runs["merged"].returncode == runs["single"].returncode, runs["merged"].stderr
    single, merged = tmp / "single", tmp / "merged"
    assert (merged / "grades.csv").read_bytes() == (single / "grades.csv").read_bytes()
    a = json.loads((single / "results.json").read_text())
    b = json.loads((merged / "results.json").read_text())
    assert len(a["submissions"]) >= 15
    assert [s["path"] for s in b["submissions"]] == [s["path"] for s in a["submissions"]]  # the same order
    for x, y in zip(a["submissions"], b["submissions"]):
        assert (y["student"], y["status"], y["score"], y["mistakes"]) == \
               (x["student"], x["status"], x["score"], x["mistakes"])
    assert _timeless(b) == _timeless(a)  # and everything else but the timings
    assert {s["status"] for s in a["submissions"]} >= {"graded", "error", "unrecognised"}
    assert any(s["score"] < s["max_score"] for s in a["submissions"] if s["status"] == "graded")
    assert a.get("ignored") and b["ignored"] == a["ignored"]
    assert _junit_counts(merged / "junit.xml") == _junit_counts(single / "junit.xml")
    # the roster and the gradebook, given to the merge only, see the whole class: zoe alone is missing
    for name in ("gradebook-canvas.csv", "roster-report.csv", "roster-report.json", "index.html"):
        assert (merged / name).read_bytes() == (single / name).read_bytes(), name
    missing = [line for line in (merged / "roster-report.csv").read_text().splitlines() if line.startswith("missing")]
    assert len(missing) == 1 and ",zoe," in missing[0]
    # every report and Gradescope file a single run writes, and no other
    files = {p.relative_to(single).as_posix() for p in single.rglob("*") if p.is_file()
             and ".results" not in p.parts}
    assert files == {p.relative_to(merged).as_posix() for p in merged.rglob("*") if p.is_file()}
    assert any(f.startswith("gradescope/") for f in files)


def test_shards_partition_the_students(runs):
    tmp = runs["tmp"]
    whole = json.loads((tmp / "single" / "results.json").read_text())
    owner: dict[str, int] = {}
    for k in (1, 2, 3):
        data = json.loads((tmp / f"s{k}" / "results.json").read_text())
        manifest = json.loads((tmp / f"s{k}" / "shard.json").read_text())
        assert (manifest["shard"], manifest["of"]) == (k, 3)
        assert data["submissions"], f"shard {k} is empty: the test class should fill every shard"
        for s in data["submissions"]:
            assert owner.setdefault(s["student"], k) == k, f"{s['student']} is in two shards"
        for i in data.get("ignored", []):
            assert owner.setdefault(i["student"], k) == k
    assert set(owner) == {s["student"] for s in whole["submissions"]}
    assert owner["judy"] == share_of("judy", 3) and owner["erin"] == share_of("erin", 3)
    assert sum(len(json.loads((tmp / f"s{k}" / "results.json").read_text())["submissions"])
               for k in (1, 2, 3)) == len(whole["submissions"])


def test_rerunning_a_shard_gives_the_same_share(runs):
    tmp = runs["tmp"]
    again = grade(runs["class"], "--shard", "2/3", "--out", tmp / "again", "--no-cache", "-q")
    assert again.returncode in (0, 3), again.stderr
    first = json.loads((tmp / "s2" / "shard.json").read_text())
    second = json.loads((tmp / "again" / "shard.json").read_text())
    assert first["submissions"] == second["submissions"] and first["class"] == second["class"]


def test_the_share_is_a_fixed_function_of_the_name():
    """SHA-256 of the exact name, never Python's hash(): the same on every machine and in every process."""
    assert [share_of(n, 3) for n in ("alice", "bob", "carol", "dave", "erin", "judy")] == [3, 3, 3, 2, 1, 1]
    assert share_of("caf\udce9", 5) in range(1, 6)  # a name that is not UTF-8
    assert {share_of(f"s{i}", 4) for i in range(200)} == {1, 2, 3, 4}
    code = "from grader.shard import share_of; print([share_of(n, 7) for n in ('alice', 'bob', 'zoë')])"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


def test_shard_numbers_count_from_one():
    assert parse_shard("2/3") == Shard(2, 3) and parse_shard("1/1") == Shard(1, 1)
    proc = grade("examples/submissions", "--shard", "0/3", cwd=ROOT)
    assert proc.returncode == 2 and "JOB_COMPLETION_INDEX + 1" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    for bad in ("4/3", "1/0", "x", "1-3"):
        assert grade("examples/submissions", "--shard", bad, cwd=ROOT).returncode == 2


def test_a_shard_leaves_the_roster_to_the_merge(tmp_path):
    proc = grade(ROOT / "examples" / "submissions", "--shard", "1/2", "--roster", _roster(tmp_path / "r.csv"),
                 "--out", tmp_path / "o")
    assert proc.returncode == 2 and "--merge" in proc.stderr and not (tmp_path / "o").exists()


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_the_merge_refuses_what_does_not_fit(runs, tmp_path):
    tmp = runs["tmp"]
    s1, s2, s3 = (tmp / f"s{k}" for k in (1, 2, 3))

    def refused(*shards, why: str):
        proc = grade("--merge", *shards, "--out", tmp_path / "out")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and why in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr

    refused(s1, s2, why="3 of 3 missing")
    refused(s1, s2, s3, _copy(s1, tmp_path / "s1b"), why="given twice")
    old = _copy(s2, tmp_path / "old")
    _edit(old / "results.json", lambda d: d.update(grader_version="0.0.1"))
    _edit(old / "shard.json", lambda d: d.update(grader_version="0.0.1"))
    refused(s1, old, s3, why="different grader versions")
    # a student twice: a file of shard 1's first student (another copy of it) in shard 3's output too
    twice = _copy(s3, tmp_path / "twice")
    stray = json.loads((s1 / "results.json").read_text())["submissions"][0]
    stray["path"] += ".copy.py"
    _edit(twice / "results.json", lambda d: d["submissions"].append(stray))
    _edit(twice / "shard.json", lambda d: d["submissions"].append({"position": 99, "path": stray["path"]}))
    refused(s1, s2, twice, why="overlap: student")
    again = _copy(s3, tmp_path / "again")  # the same file graded in two shards
    _edit(again / "results.json", lambda d: d["submissions"].append(json.loads(
        (s1 / "results.json").read_text())["submissions"][0]))
    refused(s1, s2, again, why="overlap")
    gone = _copy(s2, tmp_path / "gone")
    (gone / "results.json").unlink()
    refused(s1, gone, s3, why="results.json is missing")
    corrupt = _copy(s2, tmp_path / "corrupt")
    (corrupt / "results.json").write_text('{"grader_version": "0.1.0", "submissions": [')
    refused(s1, corrupt, s3, why="not valid JSON")
    (corrupt / "results.json").write_text('{"submissions": {"a": 1}}')
    refused(s1, corrupt, s3, why="not a grader's results file")
    unsharded = _copy(s2, tmp_path / "unsharded")
    (unsharded / "shard.json").unlink()
    refused(s1, unsharded, s3, why="grade --shard")
    proc = grade("--merge", s1, s2, s3, "--out", s1)
    assert proc.returncode == 2 and "one of the shards" in proc.stderr


# --------------------------------------------------------------------------- the recipes


def _tiny_class(folder: Path) -> Path:
    src = CORPUS / "linear_regression"
    for name, f in (("ann", "correct/loops_linear_regression.py"), ("ben", "mistakes/gradient-sign_linear_regression.py"),
                    ("cat", "correct/matrix_linear_regression.py"), ("dan", "mistakes/wrong-loss_linear_regression.py")):
        (folder / name).mkdir(parents=True)
        (folder / name / "linear_regression.py").write_text((src / f).read_text())
    return folder


def _path_env() -> dict[str, str]:
    """`grade` on PATH: the one of this interpreter's environment."""
    return {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _assert_merged_like_one_run(klass: Path, merged: Path, tmp: Path, cwd: Path | None = None) -> None:
    single = grade(klass, "--out", tmp / "one", "-q", cwd=cwd)
    assert single.returncode == 0, single.stderr
    assert (merged / "grades.csv").read_bytes() == (tmp / "one" / "grades.csv").read_bytes()
    assert _timeless(json.loads((merged / "results.json").read_text())) == \
           _timeless(json.loads((tmp / "one" / "results.json").read_text()))


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint not installed (pip install '.[test]')")
def test_github_matrix_recipe_passes_actionlint():
    workflow = RECIPES / "github-matrix.yml"
    proc = subprocess.run([ACTIONLINT, "-no-color", str(workflow)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_github_matrix_recipe_shards_then_merges():
    wf = yaml.safe_load((RECIPES / "github-matrix.yml").read_text())
    shards = int(wf["env"]["SHARDS"])
    shard, merge = wf["jobs"]["shard"], wf["jobs"]["merge"]
    assert shard["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))  # 1-based, one job per shard
    assert shard["strategy"]["fail-fast"] is False
    runs = "\n".join(s.get("run", "") for s in shard["steps"])
    assert '--shard "${SHARD}/${SHARDS}"' in runs and 'test -s "${out}/shard.json"' in runs
    upload = [s for s in shard["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["name"] == "shard-${{ matrix.shard }}"
    assert merge["needs"] == "shard"
    download = [s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    assert download and download[0]["with"] == {"pattern": "shard-*", "path": "shards"}
    assert any("grade --merge shards/shard-*" in s.get("run", "") for s in merge["steps"])


def test_slurm_recipe_runs_as_an_array_and_merges(tmp_path):
    klass = _tiny_class(tmp_path / "submissions")
    script = RECIPES / "slurm-array.sh"
    env = {**_path_env(), "CLASS": str(klass), "WORK": str(tmp_path / "work"), "OUT": str(tmp_path / "merged")}
    for task in ("1", "2"):  # what Slurm sets in a task of `sbatch --array=1-2`
        fake = {"SLURM_ARRAY_TASK_ID": task, "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "1",
                "SLURM_ARRAY_JOB_ID": "4242", "SLURM_CPUS_PER_TASK": "1"}
        proc = subprocess.run(["bash", str(script)], capture_output=True, text=True, cwd=tmp_path,
                              env={**os.environ, **env, **fake}, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert json.loads((tmp_path / "work" / f"shard-{task}" / "shard.json").read_text())["shard"] == int(task)
    proc = subprocess.run(["bash", str(script), "merge"], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, **env}, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_merged_like_one_run(klass, tmp_path / "merged", tmp_path)
    # an array numbered from 0 (--array=0-1) is shifted to shards 1..2
    (tmp_path / "work" / "shard-1" / "shard.json").unlink()
    proc = subprocess.run(["bash", str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=600,
                          env={**os.environ, **env, "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2",
                               "SLURM_ARRAY_TASK_MIN": "0"})
    assert proc.returncode == 0 and "shard 1/2" in proc.stdout, proc.stdout + proc.stderr
    # outside an array task the script says so, and grades nothing
    proc = subprocess.run(["bash", str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          env={k: v for k, v in {**os.environ, **env}.items() if not k.startswith("SLURM_")})
    assert proc.returncode != 0 and "array" in proc.stderr


def _k8s(name: str) -> dict:
    docs = list(yaml.safe_load_all((RECIPES / name).read_text()))
    assert len(docs) == 1
    return docs[0]


def test_k8s_indexed_job_is_well_formed():
    job = _k8s("k8s-indexed-job.yaml")
    assert (job["apiVersion"], job["kind"]) == ("batch/v1", "Job")
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    assert spec["completions"] == spec["parallelism"] >= 2
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    (container,) = pod["containers"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert int(env["SHARDS"]) == spec["completions"]
    script = " ".join(container["command"] + container["args"])
    assert "$((JOB_COMPLETION_INDEX + 1))" in script and '--shard "$k/$SHARDS"' in script
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    volumes = {v["name"] for v in pod["volumes"]}
    assert set(mounts) <= volumes and "/results" in mounts.values() and "$out" in script
    assert 'out="/results/shard-$k"' in script
    merge = _k8s("k8s-merge-job.yaml")
    (mc,) = merge["spec"]["template"]["spec"]["containers"]
    assert "grade --merge /results/shard-*" in " ".join(mc["args"])
    assert merge["spec"].get("completionMode", "NonIndexed") == "NonIndexed"


def _container_script(name: str, mounts: dict[str, Path]) -> tuple[list[str], dict]:
    job = _k8s(name)
    (container,) = job["spec"]["template"]["spec"]["containers"]
    text = "\n".join(container["command"][2:] + container["args"])
    for mount in container["volumeMounts"]:  # the volumes, as folders of this machine
        text = text.replace(mount["mountPath"], str(mounts[mount["name"]]))
    cwd = str(mounts["class"]) if container.get("workingDir") == "/class" else None
    return container["command"][:2] + [text], {"cwd": cwd, "env": {e["name"]: e["value"]
                                                                     for e in container.get("env", [])}}


def test_k8s_indexed_job_command_grades_each_index(tmp_path):
    mounts = {"class": tmp_path / "class", "results": tmp_path / "results"}
    _tiny_class(mounts["class"] / "submissions")
    mounts["results"].mkdir()
    cmd, how = _container_script("k8s-indexed-job.yaml", mounts)
    assert cmd[:2] == ["sh", "-c"]
    for index in ("0", "1"):  # the pods of a two-shard job (SHARDS and completions set to 2)
        env = {**os.environ, **_path_env(), **how["env"], "SHARDS": "2", "JOB_COMPLETION_INDEX": index}
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=how["cwd"], env=env, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        manifest = json.loads((mounts["results"] / f"shard-{int(index) + 1}" / "shard.json").read_text())
        assert (manifest["shard"], manifest["of"]) == (int(index) + 1, 2)
    cmd, how = _container_script("k8s-merge-job.yaml", mounts)
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=how["cwd"], timeout=600,
                          env={**os.environ, **_path_env()})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (mounts["results"] / "feedback" / "junit.xml").exists()
    _assert_merged_like_one_run(Path("submissions"), mounts["results"] / "feedback", tmp_path, cwd=mounts["class"])
