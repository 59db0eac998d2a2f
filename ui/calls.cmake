# SPDX-License-Identifier: GPL-3.0-or-later
# The call UI: call window, quality bars, incoming-call toast, and the presenter that owns them.
target_sources(crosstalk_ui PRIVATE
  callpeerheader.h callpeerheader.cpp
  callqualityindicator.h callqualityindicator.cpp
  callwindow.h callwindow.cpp
  incomingcalldialog.h incomingcalldialog.cpp
  callpresenter.h callpresenter.cpp)
target_link_libraries(crosstalk_ui PUBLIC crosstalk_calls)
