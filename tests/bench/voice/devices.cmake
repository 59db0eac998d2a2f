# SPDX-License-Identifier: GPL-3.0-or-later
# Device and DSP benchmarks: echo cancellation ERLE over time, processing CPU per block.
crosstalk_add_benchmark(voice_devices_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/devices_echo_bench.cpp
  LIBS crosstalk_voice crosstalk_test_audio)
