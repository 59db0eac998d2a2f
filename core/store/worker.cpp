// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/worker.h"

#include <pthread.h>

namespace crosstalk::store {

Worker::Worker(QString name)
    : m_name(std::move(name))
{
    m_thread = std::thread([this] { run(); });
}

Worker::~Worker()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Worker::post(std::function<void()> job)
{
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void Worker::setIdleTask(std::function<void()> task, std::chrono::milliseconds interval)
{
    {
        std::lock_guard lock(m_mutex);
        m_idleTask = std::move(task);
        m_idleInterval = interval;
    }
    m_wake.notify_one();
}

void Worker::run()
{
    using Clock = std::chrono::steady_clock;
    // Thread names show up in gdb and top; Linux limits them to 15 bytes.
    pthread_setname_np(pthread_self(), m_name.left(15).toUtf8().constData());
    bool armed = false; // jobs ran since the idle task last ran
    Clock::time_point lastIdle = Clock::now();
    for (;;) {
        std::function<void()> job;
        std::function<void()> idle;
        {
            std::unique_lock lock(m_mutex);
            const auto ready = [this] {
                return m_stopping || !m_jobs.empty();
            };
            if (armed && m_idleTask)
                m_wake.wait_until(lock, lastIdle + m_idleInterval, ready);
            else
                m_wake.wait(lock, ready);
            if (!m_jobs.empty()) {
                job = std::move(m_jobs.front());
                m_jobs.pop_front();
            } else if (m_stopping) {
                return;
            }
            if (armed && m_idleTask && Clock::now() >= lastIdle + m_idleInterval)
                idle = m_idleTask;
        }
        if (job) {
            job();
            if (!armed) {
                armed = true;
                lastIdle = Clock::now();
            }
        }
        if (idle) {
            idle();
            armed = false;
            lastIdle = Clock::now();
        }
    }
}

} // namespace crosstalk::store
