# SPDX-License-Identifier: GPL-3.0-or-later
# Device and DSP tests: rings, WAV, the file device on a virtual clock, resampling, echo
# cancellation, and PortAudio through a JACK dummy server the fixture starts.
crosstalk_add_test(voice_devices_test
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/devices_ring_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/devices_wav_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/devices_filedevice_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/devices_blockadapter_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/devices_processor_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/devices_quality_test.cpp
  LIBS crosstalk_voice crosstalk_test_audio
  LABELS devices)

crosstalk_add_test(voice_devices_portaudio_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/devices_portaudio_test.cpp
  LIBS crosstalk_voice crosstalk_test_audio
  LABELS jack
  TIMEOUT 90
  SERIAL)

# Its own executable: it replaces malloc/calloc/realloc to count allocations.
crosstalk_add_test(voice_devices_realtime_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/devices_realtime_test.cpp ${CMAKE_SOURCE_DIR}/tests/support/allocationwatch.cpp
  LIBS crosstalk_voice crosstalk_test_audio
  LABELS jack)
