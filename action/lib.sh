# shellcheck shell=bash
# Helpers shared by the glue-sync action's scripts (sourced, not run).

# clean prints $1 without control characters, shortened to 200 characters,
# so that a value from a workflow file can be quoted in a log line without
# starting a new line (a workflow command) or moving the cursor.
clean() {
  local s
  s=$(printf '%s' "$1" | LC_ALL=C tr -d '\000-\037\177')
  if [ "${#s}" -gt 200 ]; then
    s="${s:0:200}..."
  fi
  printf '%s' "$s"
}

# die reports an error as a GitHub annotation (titled "glue-sync action")
# and exits 1. The message is escaped as workflow commands require.
die() {
  local msg
  msg=$(clean "$*")
  msg=${msg//%/%25}
  printf '::error title=glue-sync action::%s\n' "$msg" >&2
  exit 1
}

# set_output appends name=value to $GITHUB_OUTPUT, when there is one (a run
# outside GitHub Actions has none).
set_output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

# want_bool refuses an input that is not "true" or "false".
want_bool() {
  case "$2" in
  true | false) ;;
  *) die "input $1 must be true or false, got \"$2\"" ;;
  esac
}
