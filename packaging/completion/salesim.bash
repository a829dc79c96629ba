# bash completion for salesim: commands, each command's options, option values where they are
# files or folders, and scenario files: *.txtpb / *.json from here and, by name, the scenarios in
# $SALESIM_SCENARIO_PATH and the installed ones (share/salesim/scenarios beside the binary), as
# the search for scenario files finds them (man salesim, SCENARIO FILES).
# Commands and options are read from `salesim --help` and `salesim COMMAND --help`, so they always
# match the binary being completed. Installed as share/bash-completion/completions/salesim.

# The binary the command line names (a path, or a name on PATH), resolved; empty when not found.
_salesim_binary() {
  local prog=$1
  [[ $prog == */* ]] || prog=$(type -P -- "$prog") || return
  readlink -f -- "$prog"
}

# Scenario files under the search folders, relative to their folder (workshop/01_baseline.txtpb).
_salesim_installed_scenarios() {
  local bin=$1 dir
  local -a dirs
  IFS=: read -r -a dirs <<<"${SALESIM_SCENARIO_PATH:-}"
  dirs+=("${bin%/*}/../share/salesim/scenarios")
  for dir in "${dirs[@]}"; do
    [[ -n $dir && -d $dir ]] || continue
    find -L "$dir" -type f \( -name '*.txtpb' -o -name '*.json' \) -printf '%P\n' 2>/dev/null
  done
}

# Local files matching the patterns after CUR, and folders (to walk into), one per line.
_salesim_local_files() {
  local cur=$1 pattern
  shift
  compgen -d -- "$cur"
  for pattern in "$@"; do
    compgen -f -X "!$pattern" -- "$cur"
  done
}

_salesim() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local bin cmd i help
  COMPREPLY=()
  bin=$(_salesim_binary "${COMP_WORDS[0]}") || return 0
  [[ -x $bin ]] || return 0
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} != -* ]]; then
      cmd=${COMP_WORDS[i]}
      break
    fi
  done
  local IFS=$'\n'
  if [[ -z $cmd ]]; then
    local commands
    commands=$("$bin" --help 2>/dev/null | awk '/^commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')
    COMPREPLY=($(compgen -W "$commands"$'\n'"--help"$'\n'"--version" -- "$cur"))
    return 0
  fi
  help=$("$bin" "$cmd" --help 2>/dev/null) || return 0
  # Boost.Program_options lists "  -o [ --out ] arg  text" or "  --seed N  text": every name,
  # and the names that take a value (a value name: "arg" or an upper-case one such as N, X, I/N).
  local options valued
  options=$(awk '/^  -/ { print $1; if ($2 == "[") print $3 }' <<<"$help")
  valued=$(awk 'function v(w) { return w == "arg" || w ~ /^[A-Z][A-Za-z0-9\/=_.]*$/ }
                /^  -/ { if ($2 == "[") { if (v($5)) print $1 "\n" $3 } else if (v($2)) print $1 }' <<<"$help")
  if [[ $prev == -* ]] && grep -qxF -- "$prev" <<<"$valued"; then
    case $prev in
      -o | --out) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
      --progress) COMPREPLY=($(compgen -W $'bar\nlines\nnone' -- "$cur")) ;;
      --shard) COMPREPLY=($(compgen -W 'auto' -- "$cur")) ;;
      -m | --mapping) compopt -o filenames 2>/dev/null; COMPREPLY=($(_salesim_local_files "$cur" '*.txtpb')) ;;
      -b | --base)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(_salesim_local_files "$cur" '*.txtpb' '*.json')
                   $(compgen -W "$(_salesim_installed_scenarios "$bin")" -- "$cur"))
        ;;
    esac
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return 0
  fi
  case $cmd in
    run | compare | sweep | optimise | attribute | sensitivity | validate | trace)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(_salesim_local_files "$cur" '*.txtpb' '*.json')
                 $(compgen -W "$(_salesim_installed_scenarios "$bin")" -- "$cur"))
      ;;
    merge | fit)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -d -- "$cur"))
      ;;
  esac
  return 0
}
complete -F _salesim salesim
