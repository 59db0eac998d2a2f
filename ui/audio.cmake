# SPDX-License-Identifier: GPL-3.0-or-later
# Audio device picker (call window, test call) and the test-call dialog (core/calls' EchoTest).
target_sources(crosstalk_ui PRIVATE
  audiodevicepicker.h audiodevicepicker.cpp
  testcalldialog.h testcalldialog.cpp)
target_link_libraries(crosstalk_ui PUBLIC crosstalk_calls)
