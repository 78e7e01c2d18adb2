#!/usr/bin/env bash
# The glue-sync action's main step: checks the action's inputs, runs the
# glue-sync command they ask for and records its exit code as the step's
# exit-code output. action.yml passes every input through the environment
# (INPUT_*), never by expanding ${{ inputs.* }} into this script, so no
# input can inject shell code.
#
#   command   glue-sync runs
#   validate  glue-sync validate --format github -- DIR
#   plan      glue-sync github plan [TARGET] [--comment=false] --detailed-exitcode --out PLANFILE -- DIR
#   apply     glue-sync github apply [TARGET] [--require-reviewed-plan] [--comment=false] -- DIR
#   drift     glue-sync github drift [TARGET] --detailed-exitcode -- DIR
#
# TARGET is --sandbox, or --region R and/or --base-url URL, when given.
# The step fails with glue-sync's exit code, except that exit code 2 (the
# plan has changes, or the account drifted: --detailed-exitcode asks for it)
# from plan and drift is a success: the exit-code and has-changes outputs
# say so. The API key goes to glue-sync as ITGLUE_API_KEY and is never
# printed.
set -euo pipefail

# shellcheck source=action/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command=${INPUT_COMMAND:-}
dir=${INPUT_DIRECTORY:-.}
region=${INPUT_REGION:-}
base_url=${INPUT_BASE_URL:-}
sandbox=${INPUT_SANDBOX:-false}
comment=${INPUT_COMMENT:-true}
require_reviewed=${INPUT_REQUIRE_REVIEWED_PLAN:-false}

case "$command" in
validate | plan | apply | drift) ;;
"") die "input command is required: one of validate, plan, apply, drift" ;;
*) die "input command must be one of validate, plan, apply, drift, got \"$command\"" ;;
esac
want_bool sandbox "$sandbox"
want_bool comment "$comment"
want_bool require-reviewed-plan "$require_reviewed"

if [ -z "$dir" ]; then
  die "input directory is empty: name the folder holding glue-sync.yaml, relative to the repository root (\".\" for the root)"
fi
if [ ! -d "$dir" ]; then
  die "input directory \"$dir\" is not a folder in $PWD: check the path (relative to the repository root) and that actions/checkout ran before this step"
fi

case "$region" in
"" | us | eu | au) ;;
*) die "input region must be us, eu or au, got \"$region\" (or leave it empty and set base-url)" ;;
esac
case "$base_url" in
"" | https://* | http://*) ;;
*) die "input base-url must be an http(s) URL such as https://api.itglue.com, got \"$base_url\"" ;;
esac
if [ "$sandbox" = true ] && { [ -n "$region" ] || [ -n "$base_url" ]; }; then
  die "input sandbox: true plans against a built-in demo account and cannot be combined with region or base-url: drop one or the other"
fi
if [ "$require_reviewed" = true ] && [ "$command" != apply ]; then
  die "input require-reviewed-plan applies to command: apply only (command is $command): remove it from this step"
fi

if ! command -v glue-sync >/dev/null 2>&1; then
  die "glue-sync is not on PATH: the action's install step did not run or failed (see its log above)"
fi

# The key and the GitHub token are passed on only when given, so that
# variables the workflow set for the whole job are not replaced by empty ones.
if [ -n "${INPUT_API_KEY:-}" ]; then
  export ITGLUE_API_KEY="$INPUT_API_KEY"
fi
if [ -n "${INPUT_GITHUB_TOKEN:-}" ]; then
  export GITHUB_TOKEN="$INPUT_GITHUB_TOKEN"
fi
unset INPUT_API_KEY INPUT_GITHUB_TOKEN

# Build glue-sync's arguments in the positional parameters ("$@"), which
# keeps every value one argument whatever it holds, on any bash.
case "$command" in
validate)
  set -- validate --format github
  ;;
*)
  set -- github "$command"
  if [ "$sandbox" = true ]; then
    set -- "$@" --sandbox
  fi
  if [ -n "$region" ]; then
    set -- "$@" --region "$region"
  fi
  if [ -n "$base_url" ]; then
    set -- "$@" --base-url "$base_url"
  fi
  ;;
esac
case "$command" in
plan)
  if [ "$comment" = false ]; then
    set -- "$@" --comment=false
  fi
  # One plan file per directory, so two glue-sync repositories planned in one
  # job keep two files.
  slug=${dir#./}
  slug=${slug%/}
  case "$slug" in "" | .) slug=root ;; esac
  slug=$(printf '%s' "$slug" | LC_ALL=C tr -c 'A-Za-z0-9._-' '_')
  plan_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/glue-sync"
  mkdir -p "$plan_dir"
  set -- "$@" --detailed-exitcode --out "$plan_dir/plan-$slug.json"
  ;;
drift)
  set -- "$@" --detailed-exitcode
  ;;
apply)
  if [ "$require_reviewed" = true ]; then
    set -- "$@" --require-reviewed-plan
  fi
  if [ "$comment" = false ]; then
    set -- "$@" --comment=false
  fi
  ;;
esac
# "--" ends the flags: a directory named like a flag stays a directory.
set -- "$@" -- "$dir"

set +e
glue-sync "$@"
code=$?
set -e
set_output exit-code "$code"

if [ "$code" -eq 2 ] && { [ "$command" = plan ] || [ "$command" = drift ]; }; then
  echo "glue-sync: the plan has changes (exit code 2); the step succeeds, with the exit-code output 2"
  exit 0
fi
exit "$code"
