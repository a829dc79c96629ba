# Debian packages with CPack, from a configured and built tree (scripts/package.sh does it all):
#   cpack --config build/CPackConfig.cmake -G DEB -B build/packages
# gives two packages: salesim (the command, scenarios, schemas, docs, man page, completion) and
# salesim-viz (the viewer; depends on salesim). Runtime dependencies are computed from the
# binaries by dpkg-shlibdeps (packages dpkg-dev and file); the Qt platform plugins, which the
# viewer loads at run time and no linker sees, are named by hand.
set(CPACK_PACKAGE_NAME salesim)
set(CPACK_PACKAGE_VENDOR "salesim")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(SALESIM_PACKAGE_MAINTAINER "salesim maintainers <salesim@localhost>" CACHE STRING
    "Maintainer field of the Debian packages")
set(CPACK_PACKAGE_CONTACT ${SALESIM_PACKAGE_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL cli)
if(TARGET salesim-viz)
  list(APPEND CPACK_COMPONENTS_ALL viz)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # salesim_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_CLI_PACKAGE_NAME salesim)
string(CONCAT CPACK_COMPONENT_CLI_DESCRIPTION
  "discrete-event simulator of key-account sales teams\n"
  "salesim plays account managers, project managers, presales and managers, a market and its\n"
  "competitors as agents, over many replications with common random numbers, and reports revenue,\n"
  "win rate, big-deal rate and the cost of each staffing fault (offside, misplaced, covering) with\n"
  "confidence intervals. Includes the shipped scenarios, the workshop set, the Protobuf schemas of\n"
  "scenarios and results, the documentation, a man page and bash completion.")
set(CPACK_DEBIAN_CLI_PACKAGE_SUGGESTS "salesim-viz, protobuf-compiler, openmpi-bin, bash-completion")

set(CPACK_DEBIAN_VIZ_PACKAGE_NAME salesim-viz)
string(CONCAT CPACK_COMPONENT_VIZ_DESCRIPTION
  "viewer for salesim results (Qt Charts)\n"
  "salesim-viz shows the results of salesim runs, comparisons and sweeps as charts, runs what-if\n"
  "variants of a scenario, and renders charts to PNG, SVG or CSV without a display. The interface\n"
  "is in English or Simplified Chinese (zh_CN).")
# Appended to by shlibdeps; qt6-qpa-plugins holds the xcb and offscreen platforms.
set(CPACK_DEBIAN_VIZ_PACKAGE_DEPENDS
    "salesim (= ${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}), qt6-qpa-plugins")
# The Chinese interface (--lang zh_CN, or a zh_* locale) draws with a CJK font; without one Qt
# falls back to whatever fontconfig finds, or boxes.
set(CPACK_DEBIAN_VIZ_PACKAGE_RECOMMENDS "fonts-wqy-microhei | fonts-noto-cjk")

include(CPack)
