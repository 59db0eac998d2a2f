# SPDX-License-Identifier: GPL-3.0-or-later
crosstalk_add_test(calls_audio_tests
  SOURCES audio_test.cpp
  LIBS crosstalk_calls crosstalk_test_support crosstalk_test_audio Qt6::Test
  LABELS jack
  TIMEOUT 90)
