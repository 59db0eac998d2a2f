# SPDX-License-Identifier: GPL-3.0-or-later
crosstalk_add_test(core_calls_routes_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/routes_test.cpp ${CMAKE_CURRENT_LIST_DIR}/calllog_test.cpp
  LIBS crosstalk_calls crosstalk_test_support Qt6::Test
  TIMEOUT 60)
