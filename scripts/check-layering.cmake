# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a layer includes what ARCHITECTURE.md forbids it.
# Usage: cmake -DROOT=<source dir> [-DSCAN_ROOT=<dir to scan instead>] -P check-layering.cmake
if(NOT DEFINED SCAN_ROOT)
  set(SCAN_ROOT ${ROOT})
endif()

set(_glib_purple "#[ \t]*include[ \t]*[<\"](purple\\.h|libpurple/|glib\\.h|glib/|gio/|glib-object\\.h|gobject/)")
set(_portaudio_opus "#[ \t]*include[ \t]*[<\"](portaudio\\.h|opus/|opus\\.h|sqlite3\\.h|speex/|srtp2/)")
# layer  -> forbidden pattern, human reason
set(_rules
  "core|${_glib_purple}|core/ must not see libpurple or GLib"
  "core|#[ \t]*include[ \t]*[<\"](QtWidgets|QtGui/|QWidget|QMainWindow|QApplication|ui/|protocols/|app/)|core/ must not reach up into widgets, ui/, protocols/ or app/"
  "ui|${_glib_purple}|ui/ must not see libpurple or GLib"
  "ui|#[ \t]*include[ \t]*[<\"](protocols/|app/)|ui/ must not include protocols/ or app/"
  "ui|${_portaudio_opus}|ui/ must not include C libraries of core (PortAudio, Opus, SQLite, speex, SRTP)"
  "protocols|#[ \t]*include[ \t]*[<\"](ui/|app/|QtWidgets|QWidget)|protocols/ must not include ui/, app/ or widgets"
)

set(_failed FALSE)
foreach(_rule IN LISTS _rules)
  string(REPLACE "|" ";" _parts "${_rule}")
  list(GET _parts 0 _layer)
  list(SUBLIST _parts 1 -1 _rest)
  list(POP_BACK _rest _reason)
  list(JOIN _rest "|" _pattern)
  file(GLOB_RECURSE _files "${SCAN_ROOT}/${_layer}/*.h" "${SCAN_ROOT}/${_layer}/*.cpp"
       "${SCAN_ROOT}/${_layer}/*.hpp" "${SCAN_ROOT}/${_layer}/*.c")
  foreach(_f IN LISTS _files)
    file(STRINGS "${_f}" _hits REGEX "${_pattern}")
    if(_hits)
      file(RELATIVE_PATH _rel "${SCAN_ROOT}" "${_f}")
      message(SEND_ERROR "${_rel}: ${_reason}: ${_hits}")
      set(_failed TRUE)
    endif()
  endforeach()
endforeach()
if(_failed)
  message(FATAL_ERROR "Layering rules broken; see docs/architecture.md")
endif()
