# SPDX-License-Identifier: GPL-3.0-or-later
# Routes (which buddy a call goes to, why not), the call log writer and the one-call policy.
list(APPEND CROSSTALK_CALLS_SOURCES
  callroutes.h callroutes.cpp
  calllogrecorder.h calllogrecorder.cpp
  callcoordinator.h callcoordinator.cpp)
