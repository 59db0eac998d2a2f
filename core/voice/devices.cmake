# SPDX-License-Identifier: GPL-3.0-or-later
# The device and DSP half of crosstalk_voice: rings shared with the audio clock, the WAV and
# PortAudio devices, resampling and the capture processor (echo cancellation, noise
# suppression, AGC). PortAudio and speexdsp stay PRIVATE: headers forward-declare their types.
pkg_check_modules(CROSSTALK_PORTAUDIO REQUIRED IMPORTED_TARGET portaudio-2.0)
pkg_check_modules(CROSSTALK_SPEEXDSP REQUIRED IMPORTED_TARGET speexdsp)

target_sources(crosstalk_voice PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/devicerings.h ${CMAKE_CURRENT_LIST_DIR}/devicerings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deviceinfo.h
  ${CMAKE_CURRENT_LIST_DIR}/resampler.h ${CMAKE_CURRENT_LIST_DIR}/resampler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wavfile.h ${CMAKE_CURRENT_LIST_DIR}/wavfile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/filedevice.h ${CMAKE_CURRENT_LIST_DIR}/filedevice.cpp
  ${CMAKE_CURRENT_LIST_DIR}/portaudiodevice.h ${CMAKE_CURRENT_LIST_DIR}/portaudiodevice.cpp
  ${CMAKE_CURRENT_LIST_DIR}/blockadapter.h ${CMAKE_CURRENT_LIST_DIR}/blockadapter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/audioprocessor.h ${CMAKE_CURRENT_LIST_DIR}/audioprocessor.cpp)
target_link_libraries(crosstalk_voice PRIVATE PkgConfig::CROSSTALK_PORTAUDIO PkgConfig::CROSSTALK_SPEEXDSP)
