// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Counts heap allocations, to prove real-time code never makes one. allocationwatch.cpp interposes
// malloc/calloc/realloc (operator new goes through malloc), so it is compiled into the test
// executable itself (SOURCES), never into a library a symbol lookup might skip.
namespace crosstalk::test {

/// Counts the allocations this thread makes while the watch is alive. One watch at a time.
class ThreadAllocationWatch
{
public:
    ThreadAllocationWatch();
    ~ThreadAllocationWatch();
    ThreadAllocationWatch(const ThreadAllocationWatch &) = delete;
    ThreadAllocationWatch &operator=(const ThreadAllocationWatch &) = delete;
    long allocations() const;
};

/// Counts the allocations every thread makes while the watch is alive (for a real audio callback
/// running on a thread the test does not own, while the test thread only sleeps).
class AllThreadsAllocationWatch
{
public:
    AllThreadsAllocationWatch();
    ~AllThreadsAllocationWatch();
    AllThreadsAllocationWatch(const AllThreadsAllocationWatch &) = delete;
    AllThreadsAllocationWatch &operator=(const AllThreadsAllocationWatch &) = delete;
    long allocations() const;
};

} // namespace crosstalk::test
