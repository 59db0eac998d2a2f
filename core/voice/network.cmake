# SPDX-License-Identifier: GPL-3.0-or-later
# The network half of crosstalk_voice: Opus, RTP/RTCP, SRTP, jitter buffer, UDP and the call
# session. Opus and libsrtp2 are PRIVATE: their types never appear in these headers.
pkg_check_modules(CROSSTALK_OPUS REQUIRED IMPORTED_TARGET opus)
pkg_check_modules(CROSSTALK_SRTP REQUIRED IMPORTED_TARGET libsrtp2)

target_sources(crosstalk_voice PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/mediadescription.h ${CMAKE_CURRENT_LIST_DIR}/mediadescription.cpp
  ${CMAKE_CURRENT_LIST_DIR}/opuscodec.h ${CMAKE_CURRENT_LIST_DIR}/opuscodec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/g711codec.h ${CMAKE_CURRENT_LIST_DIR}/g711codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/payloaddecoder.h
  ${CMAKE_CURRENT_LIST_DIR}/rtppacket.h ${CMAKE_CURRENT_LIST_DIR}/rtppacket.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rtpsource.h ${CMAKE_CURRENT_LIST_DIR}/rtpsource.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rtcp.h ${CMAKE_CURRENT_LIST_DIR}/rtcp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/srtpcontext.h ${CMAKE_CURRENT_LIST_DIR}/srtpcontext.cpp
  ${CMAKE_CURRENT_LIST_DIR}/packetbuffer.h ${CMAKE_CURRENT_LIST_DIR}/packetbuffer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/delayestimator.h ${CMAKE_CURRENT_LIST_DIR}/delayestimator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jitterbuffer.h ${CMAKE_CURRENT_LIST_DIR}/jitterbuffer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ratecontroller.h ${CMAKE_CURRENT_LIST_DIR}/ratecontroller.cpp
  ${CMAKE_CURRENT_LIST_DIR}/packettransport.h
  ${CMAKE_CURRENT_LIST_DIR}/udptransport.h ${CMAKE_CURRENT_LIST_DIR}/udptransport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/callstats.h ${CMAKE_CURRENT_LIST_DIR}/callstats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mediastream.h ${CMAKE_CURRENT_LIST_DIR}/mediastream.cpp
  ${CMAKE_CURRENT_LIST_DIR}/callsession.h ${CMAKE_CURRENT_LIST_DIR}/callsession.cpp
)
target_link_libraries(crosstalk_voice PRIVATE PkgConfig::CROSSTALK_OPUS PkgConfig::CROSSTALK_SRTP)
