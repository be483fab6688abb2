# shellcheck shell=bash
# Sourced by every script in scripts/paper/ with the script's arguments.
# Like the originals' `cd ..`, the scripts run from the repository root, so
# relative paths (./data, ./models, ./pretrained_models) mean the same thing.
#
#   --dry-run (or DRY_RUN=1)  print each mcplm command, one per line, quoted
#                             for the shell, instead of running it
#   MCPLM=PATH                the binary (default build/mcplm)
#   MCPLM_THREADS=N           CPU threads per command (default: one per core)
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
DRY_RUN=${DRY_RUN:-0}
for arg in "$@"; do
  case $arg in
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *)
      echo "$0: unknown argument '$arg' (only --dry-run; set variables in the environment)" >&2
      exit 2
      ;;
  esac
done
MCPLM=${MCPLM:-build/mcplm}
if [[ $DRY_RUN != 1 && ! -x $MCPLM ]]; then
  echo "$0: $MCPLM not found: run scripts/setup.sh first (or set MCPLM)" >&2
  exit 2
fi

# mcplm ARGS...: run one command, or print it in a dry run.
mcplm() {
  if [[ $DRY_RUN == 1 ]]; then
    printf '%q' "$MCPLM"
    printf ' %q' "$@"
    printf '\n'
  else
    "$MCPLM" "$@"
  fi
}

# note TEXT: a progress line (on standard error, apart from the dry-run commands).
note() { echo "$*" >&2; }
