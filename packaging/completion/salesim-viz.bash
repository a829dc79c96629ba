# bash completion for salesim-viz: its options (read from `salesim-viz --help`), chart names for
# --chart and --tab, and results (*.pb, output folders) or scenario files to open.
# Installed as share/bash-completion/completions/salesim-viz.

_salesim_viz() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local prog=${COMP_WORDS[0]} help
  COMPREPLY=()
  [[ $prog == */* ]] || prog=$(type -P -- "$prog") || return 0
  help=$("$prog" --help 2>/dev/null) || return 0
  local IFS=$'\n'
  case $prev in
    --chart | --tab)
      # "  --chart NAME   revenue, win_rate, ..., or all"
      local charts
      charts=$(awk '$1 == "--chart" { for (i = 3; i <= NF; i++) { w = $i; gsub(/,/, "", w); if (w != "or") print w } }' <<<"$help")
      [[ $prev == --tab ]] && charts=$(grep -vx all <<<"$charts")
      COMPREPLY=($(compgen -W "$charts" -- "$cur"))
      return 0
      ;;
    --size | --kpi | --what-if)
      return 0
      ;;
    --out | --screenshot)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return 0
      ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(awk '/^  -/ { for (i = 1; i <= NF; i++) if ($i ~ /^-/) { sub(/,$/, "", $i); print $i } else break }' <<<"$help")" -- "$cur"))
    return 0
  fi
  compopt -o filenames 2>/dev/null
  COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.pb' -- "$cur") $(compgen -f -X '!*.txtpb' -- "$cur")
             $(compgen -f -X '!*.json' -- "$cur"))
  return 0
}
complete -F _salesim_viz salesim-viz
