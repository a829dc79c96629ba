#!/usr/bin/env bash
# Install tests, one case per ctest test (tests/install/CMakeLists.txt):
#   install_test.sh CASE BUILD_DIR SOURCE_DIR WORK_DIR HAVE_VIZ HAVE_MAN
# `setup` installs BUILD_DIR into WORK_DIR/prefix (cmake --install --prefix); the other cases use
# that tree from folders of their own under WORK_DIR, never from the source tree, as a user who
# does not build salesim would. `package` builds the Debian packages with cpack and checks them
# with dpkg-deb. Exit 77 = skipped (a tool the case needs is not installed).
set -euo pipefail

case_name=$1 build=$2 source=$3 work=$4 have_viz=$5 have_man=$6
prefix=$work/prefix
mkdir -p "$work"  # cases may run before setup (package does not need the prefix)
export PATH="$prefix/bin:$PATH"
unset SALESIM_SCENARIO_PATH

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
# expect_in TEXT NEEDLE...: every NEEDLE occurs in TEXT.
expect_in() {
  local text=$1 needle
  shift
  for needle in "$@"; do
    grep -qF -- "$needle" <<<"$text" || fail "expected '$needle' in:"$'\n'"$text"
  done
}
# A fresh folder outside the source tree to run in; the case works there.
elsewhere() {
  local dir=$work/$case_name
  rm -rf "$dir"
  mkdir -p "$dir"
  cd "$dir"
}
# The candidates bash completion offers for a command line (the last word is the one completed).
complete_words() {
  local file=$1 func=$2
  shift 2
  bash -c 'source "$1"; shift; func=$1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); "$func"; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$file" "$func" "$@"
}
overlay='base: "golden_triangle.txtpb"
team { cohorts { name: "pm" count: 4 } }
experiment { replications: 3 }'

case $case_name in
  setup)
    rm -rf "$prefix"
    cmake --install "$build" --prefix "$prefix"
    ;;

  layout)
    for f in bin/salesim share/salesim/scenarios/golden_triangle.txtpb share/salesim/scenarios/README.md \
             share/salesim/scenarios/workshop/01_baseline.txtpb share/salesim/proto/salesim/v1/results.proto \
             share/salesim/proto/salesim/v1/scenario.proto share/doc/salesim/README.md \
             share/doc/salesim/docs/scenario-reference.md share/doc/salesim/docs/model.md \
             share/bash-completion/completions/salesim; do
      [[ -f $prefix/$f ]] || fail "$f is not installed"
    done
    # Every shipped scenario comes along, sub-folders included.
    (cd "$source/scenarios" && find . -type f | sort) >"$work/source.list"
    (cd "$prefix/share/salesim/scenarios" && find . -type f | sort) >"$work/installed.list"
    diff -u "$work/source.list" "$work/installed.list" || fail "installed scenarios differ from scenarios/"
    cmp "$source/docs/scenario-reference.md" "$prefix/share/doc/salesim/docs/scenario-reference.md"
    if [[ $have_viz == ON ]]; then
      [[ -x $prefix/bin/salesim-viz && -f $prefix/share/bash-completion/completions/salesim-viz ]] ||
        fail "salesim-viz or its completion is not installed"
    fi
    if [[ $have_man == ON ]]; then
      [[ -f $prefix/share/man/man1/salesim.1.gz ]] || fail "salesim.1.gz is not installed"
      [[ $have_viz != ON || -f $prefix/share/man/man1/salesim-viz.1.gz ]] || fail "salesim-viz.1.gz is not installed"
    fi
    ;;

  version)
    elsewhere
    out=$(salesim --version)
    expect_in "$out" "salesim $(sed -n 's/^project(salesim VERSION \([0-9.]*\).*/\1/p' "$source/CMakeLists.txt")" \
      "git revision " "build type "
    [[ $(sed -n 2p <<<"$out") =~ ^git\ revision\ ([0-9a-f]{12}|unknown) ]] || fail "no revision in: $out"
    ;;

  run_by_name)
    elsewhere
    salesim run golden_triangle.txtpb -n 4 --threads 2 -q --out gt
    [[ -s gt/results.pb && -s gt/summary.csv ]] || fail "no results from the installed scenario"
    salesim run workshop/02_offside.txtpb -n 2 --threads 1 -q --out offside  # its base is ../golden_triangle
    [[ -s offside/results.pb ]] || fail "no results from an installed workshop scenario"
    ;;

  moved_tree)
    # The tree finds its scenarios relative to the binary, so an administrator may move it.
    elsewhere
    cp -a "$prefix" moved
    out=$("$PWD/moved/bin/salesim" validate --print golden_triangle.txtpb)
    expect_in "$out" "# resolved from $PWD/moved/share/salesim/scenarios/golden_triangle.txtpb"
    ;;

  overlay)
    elsewhere
    printf '%s\n' "$overlay" >my_plan.txtpb
    expect_in "$(salesim validate my_plan.txtpb)" "my_plan.txtpb: ok"
    out=$(salesim validate --print my_plan.txtpb)
    expect_in "$out" "# resolved from my_plan.txtpb" "#   over $prefix/share/salesim/scenarios/golden_triangle.txtpb" \
      'name: "my_plan"' "count: 4"
    # A base beside the file comes first.
    printf '%s\n' 'base: "'"$prefix"'/share/salesim/scenarios/golden_triangle.txtpb"' 'experiment { horizon_days: 200 }' \
      >golden_triangle.txtpb
    out=$(salesim validate --print my_plan.txtpb)
    expect_in "$out" "#   over golden_triangle.txtpb" "horizon_days: 200"
    rm golden_triangle.txtpb
    # A missing base names the folders searched.
    printf '%s\n' 'base: "golden_triangel.txtpb"' >typo.txtpb
    if err=$(salesim validate typo.txtpb 2>&1); then fail "a missing base validated"; fi
    # (the installed folder, then each of its subfolders in name order)
    sc="$prefix/share/salesim/scenarios"
    expect_in "$err" "not in $sc, $sc/crm, $sc/crm_example, $sc/workshop either"
    # A workshop file copied out of the installation still finds its base ("../golden_triangle.txtpb").
    cp "$prefix/share/salesim/scenarios/workshop/07_your_plan.txtpb" my_workshop_plan.txtpb
    expect_in "$(salesim validate my_workshop_plan.txtpb)" "my_workshop_plan.txtpb: ok"
    ;;

  scenario_path)
    elsewhere
    mkdir -p team_lib
    printf '%s\n' 'base: "'"$prefix"'/share/salesim/scenarios/golden_triangle.txtpb"' 'experiment { horizon_days: 100 }' \
      >team_lib/golden_triangle.txtpb
    printf '%s\n' "$overlay" >my_plan.txtpb
    out=$(SALESIM_SCENARIO_PATH=$PWD/team_lib salesim validate --print my_plan.txtpb)
    expect_in "$out" "#   over $PWD/team_lib/golden_triangle.txtpb" "horizon_days: 100"
    ;;

  protoc)
    command -v protoc >/dev/null || skip "protoc not installed"
    elsewhere
    salesim run golden_triangle.txtpb -n 3 --threads 1 -q --out gt
    out=$(protoc --decode=salesim.v1.Results -I "$prefix/share/salesim/proto" salesim/v1/results.proto <gt/results.pb)
    expect_in "$out" 'name: "revenue"' "plans {"
    ;;

  man)
    [[ $have_man == ON ]] || skip "man pages not built (help2man or python3 missing)"
    command -v man >/dev/null || skip "man not installed"
    out=$(MANWIDTH=80 man -l "$prefix/share/man/man1/salesim.1.gz" 2>&1)
    expect_in "$out" "SALESIM(1)" "NAME" "simulate key-account sales teams" "SYNOPSIS" "COMMANDS" \
      "salesim run FILE [options]" "--replications" "salesim validate FILE..." "SCENARIO FILES" "SALESIM_SCENARIO_PATH"
    if [[ $have_viz == ON ]]; then
      out=$(MANWIDTH=80 man -l "$prefix/share/man/man1/salesim-viz.1.gz" 2>&1)
      expect_in "$out" "SALESIM-VIZ(1)" "--render RESULTS" "--chart NAME" "EXAMPLES"
    fi
    ;;

  completion)
    elsewhere
    mkdir -p runs/a
    touch mine.txtpb notes.txt
    c=$prefix/share/bash-completion/completions/salesim
    expect_in "$(complete_words "$c" _salesim salesim '')" run compare sweep validate trace merge schema --version
    expect_in "$(complete_words "$c" _salesim salesim ru)" run
    expect_in "$(complete_words "$c" _salesim salesim run --rep)" --replications
    expect_in "$(complete_words "$c" _salesim salesim compare -)" --independent --seed --set --out
    expect_in "$(complete_words "$c" _salesim salesim run gold)" golden_triangle.txtpb
    expect_in "$(complete_words "$c" _salesim salesim validate work)" workshop/01_baseline.txtpb
    expect_in "$(complete_words "$c" _salesim salesim validate '')" mine.txtpb runs golden_triangle.txtpb
    [[ $(complete_words "$c" _salesim salesim run '') != *notes.txt* ]] || fail "offered a non-scenario file"
    expect_in "$(complete_words "$c" _salesim salesim run x.txtpb --out r)" runs
    [[ -z $(complete_words "$c" _salesim salesim run x.txtpb -n '') ]] || fail "offered words for a number"
    if [[ $have_viz == ON ]]; then
      v=$prefix/share/bash-completion/completions/salesim-viz
      expect_in "$(complete_words "$v" _salesim_viz salesim-viz --re)" --render
      expect_in "$(complete_words "$v" _salesim_viz salesim-viz --render r.pb --chart '')" revenue win_rate sweep all
    fi
    ;;

  viewer)
    [[ $have_viz == ON ]] || skip "salesim-viz not built"
    elsewhere
    salesim run golden_triangle.txtpb -n 3 --threads 1 -q --out gt
    expect_in "$(salesim-viz --version)" "salesim-viz " "git revision " "build type "
    salesim-viz --render gt --chart revenue --out revenue.png >/dev/null
    [[ $(head -c 8 revenue.png | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "revenue.png is not a PNG"
    ;;

  package)
    command -v cpack >/dev/null || skip "cpack not found"
    command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null || skip "dpkg-dev not installed"
    out_dir=$work/packages
    rm -rf "$out_dir"
    cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out_dir" >"$work/cpack.log" 2>&1 ||
      { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
    deb=$(ls "$out_dir"/salesim_*.deb)
    info=$(dpkg-deb -I "$deb")
    files=$(dpkg-deb --contents "$deb")
    echo "$deb: $(stat -c %s "$deb") bytes"
    grep '^ Depends:' <<<"$info"
    expect_in "$info" "Package: salesim" "Version: " "Architecture: " "Maintainer: " "libprotobuf" "libboost-program-options" \
      "libstdc++6" "libc6"
    expect_in "$files" ./usr/bin/salesim ./usr/share/salesim/scenarios/golden_triangle.txtpb \
      ./usr/share/salesim/scenarios/workshop/07_your_plan.txtpb ./usr/share/salesim/proto/salesim/v1/results.proto \
      ./usr/share/doc/salesim/README.md ./usr/share/doc/salesim/docs/scenario-reference.md \
      ./usr/share/bash-completion/completions/salesim
    [[ $have_man != ON ]] || expect_in "$files" ./usr/share/man/man1/salesim.1.gz
    if [[ $have_viz == ON ]]; then
      vdeb=$(ls "$out_dir"/salesim-viz_*.deb)
      vinfo=$(dpkg-deb -I "$vdeb")
      echo "$vdeb: $(stat -c %s "$vdeb") bytes"
      grep '^ Depends:' <<<"$vinfo"
      expect_in "$vinfo" "Package: salesim-viz" "salesim (= " "qt6-qpa-plugins" "libqt6charts6" "libqt6widgets6"
      vfiles=$(dpkg-deb --contents "$vdeb")
      expect_in "$vfiles" ./usr/bin/salesim-viz ./usr/share/bash-completion/completions/salesim-viz
      [[ $have_man != ON ]] || expect_in "$vfiles" ./usr/share/man/man1/salesim-viz.1.gz
      if awk '{ print $NF }' <<<"$vfiles" | grep -qx -e ./usr/bin/salesim -e '.*golden_triangle.txtpb'; then
        fail "salesim-viz repeats files of salesim"
      fi
    fi
    ;;

  *)
    fail "unknown case '$case_name'"
    ;;
esac
echo "ok: $case_name"
