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

void Worker::run()
{
    // Thread names show up in gdb and top; Linux limits them to 15 bytes.
    pthread_setname_np(pthread_self(), m_name.left(15).toUtf8().constData());
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty())
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

} // namespace crosstalk::store
