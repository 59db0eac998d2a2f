# SPDX-License-Identifier: GPL-3.0-or-later
# The network half of the voice engine: RTP/RTCP, SRTP, codec, jitter buffer, and whole calls
# between two sessions through the impairment relay on a virtual clock.
crosstalk_add_test(net_rtp_test SOURCES net_rtp_test.cpp LIBS crosstalk_voice)
crosstalk_add_test(net_jitterbuffer_test SOURCES net_jitterbuffer_test.cpp LIBS crosstalk_voice crosstalk_test_relay)
crosstalk_add_test(net_call_test SOURCES net_call_test.cpp LIBS crosstalk_voice crosstalk_test_relay TIMEOUT 90)
crosstalk_add_test(net_badinput_test SOURCES net_badinput_test.cpp LIBS crosstalk_voice crosstalk_test_relay TIMEOUT 90)
crosstalk_add_test(net_codec_test SOURCES net_codec_test.cpp LIBS crosstalk_voice crosstalk_test_relay)
crosstalk_add_test(net_srtp_test SOURCES net_srtp_test.cpp LIBS crosstalk_voice)
if(TARGET crosstalk_test_audio)
  crosstalk_add_test(net_jack_call_test SOURCES net_jack_call_test.cpp
    LIBS crosstalk_voice crosstalk_test_relay crosstalk_test_audio TIMEOUT 60 SERIAL)
endif()
crosstalk_add_test(net_realtime_test SOURCES net_realtime_test.cpp ${CMAKE_SOURCE_DIR}/tests/support/allocationwatch.cpp LIBS crosstalk_voice crosstalk_test_relay)
crosstalk_add_test(net_g711_test SOURCES net_g711_test.cpp LIBS crosstalk_voice crosstalk_test_relay crosstalk_test_audio)
