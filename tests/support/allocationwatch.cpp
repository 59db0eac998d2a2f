// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/allocationwatch.h"

#include <atomic>
#include <cstddef>

extern "C" {
void *__libc_malloc(std::size_t);
void *__libc_calloc(std::size_t, std::size_t);
void *__libc_realloc(void *, std::size_t);
}

namespace {
thread_local bool t_watchThisThread = false;
std::atomic<bool> g_watchAllThreads{false};
std::atomic<long> g_allocations{0};

void count()
{
    if (t_watchThisThread || g_watchAllThreads.load(std::memory_order_relaxed))
        g_allocations.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

extern "C" void *malloc(std::size_t n)
{
    count();
    return __libc_malloc(n);
}
extern "C" void *calloc(std::size_t a, std::size_t b)
{
    count();
    return __libc_calloc(a, b);
}
extern "C" void *realloc(void *p, std::size_t n)
{
    count();
    return __libc_realloc(p, n);
}

namespace crosstalk::test {

ThreadAllocationWatch::ThreadAllocationWatch()
{
    g_allocations = 0;
    t_watchThisThread = true;
}

ThreadAllocationWatch::~ThreadAllocationWatch()
{
    t_watchThisThread = false;
}

long ThreadAllocationWatch::allocations() const
{
    return g_allocations.load();
}

AllThreadsAllocationWatch::AllThreadsAllocationWatch()
{
    g_allocations = 0;
    g_watchAllThreads = true;
}

AllThreadsAllocationWatch::~AllThreadsAllocationWatch()
{
    g_watchAllThreads = false;
}

long AllThreadsAllocationWatch::allocations() const
{
    return g_allocations.load();
}

} // namespace crosstalk::test
