# SPDX-License-Identifier: GPL-3.0-or-later
# Audio for calls above the engine: which devices (chosen by stable name, listed off the UI
# thread), a live microphone level, and the local echo test (mic -> engine -> loopback
# reflector, one second -> engine -> speaker).
list(APPEND CROSSTALK_CALLS_SOURCES
  audiodevicechoice.h audiodevicechoice.cpp
  meteredaudiodevice.h meteredaudiodevice.cpp
  inputlevelmeter.h inputlevelmeter.cpp
  packetreflector.h packetreflector.cpp
  echotest.h echotest.cpp)
