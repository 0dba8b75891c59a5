#!/usr/bin/env bash
# Grade a whole class as a Slurm job array (one task per shard), then merge the shares once every
# task has finished. From a login node, in the folder that holds the class:
#
#     SHARDS=8 bash slurm-array.sh submit
#
# submits `--array=1-8` of this script (each task grades shard $SLURM_ARRAY_TASK_ID of
# $SLURM_ARRAY_TASK_COUNT) and a merge job that starts after the array succeeded
# (--dependency=afterok). docs/recipes/README.md explains --shard and --merge.
#
# Settings (environment; sbatch passes the submitting shell's environment on):
#   CLASS   the class folder (default: submissions)
#   WORK    where each shard writes its output, WORK/shard-K (default: grading; a shared file system)
#   OUT     where the merged reports go (default: feedback)
#   SHARDS  how many tasks `submit` asks for (default: 4)
#   GRADE   the grade command (default: grade); MERGE_OPTS: extra options of the merge, e.g.
#           "--roster roster.csv --gradebook canvas --junit-xml feedback/junit.xml"
#SBATCH --job-name=grade
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=01:00:00
#SBATCH --output=grade-%A_%a.log
set -euo pipefail

CLASS="${CLASS:-submissions}"
WORK="${WORK:-grading}"
OUT="${OUT:-feedback}"
GRADE="${GRADE:-grade}"

case "${1:-task}" in
  submit)
    array=$(sbatch --parsable --array="1-${SHARDS:-4}" "$0" task)
    array="${array%%;*}"  # "jobid;cluster" on a federation
    sbatch --parsable --job-name=grade-merge --dependency="afterok:${array}" --output=grade-merge-%j.log \
      "$0" merge
    ;;
  task)
    : "${SLURM_ARRAY_TASK_ID:?not an array task: submit with bash $0 submit (or sbatch --array=1-N $0)}"
    : "${SLURM_ARRAY_TASK_COUNT:?not an array task: submit with bash $0 submit (or sbatch --array=1-N $0)}"
    # shards are numbered 1..N; an array numbered from 0 (--array=0-7) is shifted by its first id
    k=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-1} + 1))
    n="${SLURM_ARRAY_TASK_COUNT}"
    out="${WORK}/shard-${k}"
    mkdir -p "$out"
    rm -f "${out}/shard.json"  # written last: present only once this shard is complete
    status=0
    "$GRADE" "$CLASS" --shard "${k}/${n}" --out "$out" --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet || status=$?
    echo "shard ${k}/${n}: grade exited with ${status} (the merge reports the class's result)"
    test -s "${out}/shard.json"  # a usage error or a lost node: fail the task, and so the merge's dependency
    ;;
  merge)
    # word splitting of MERGE_OPTS is intended (options separated by spaces)
    # shellcheck disable=SC2086
    "$GRADE" --merge "${WORK}"/shard-* --out "$OUT" ${MERGE_OPTS:-}
    ;;
  *)
    echo "usage: bash $0 submit | sbatch --array=1-N $0 [task] | sbatch $0 merge" >&2
    exit 2
    ;;
esac
