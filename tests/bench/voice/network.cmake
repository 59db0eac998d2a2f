# SPDX-License-Identifier: GPL-3.0-or-later
# Voice network benchmarks: latency, CPU, loss robustness, wire bitrate. Run by hand from
# build/bench/; each prints its figures beside the goal.
foreach(_bench net_latency_bench net_cpu_bench net_loss_bench net_bitrate_bench)
  crosstalk_add_benchmark(${_bench} SOURCES ${_bench}.cpp LIBS crosstalk_voice crosstalk_test_relay Qt6::Core)
endforeach()
