// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFuture>
#include <QPromise>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace crosstalk::store {

/// A thread that runs jobs one after another, in submission order. The store's single
/// writer and each reader are one Worker each; callers get results as QFutures (use
/// QFuture::then with a context object, never result(), on the UI thread).
class Worker
{
public:
    explicit Worker(QString name);
    /// Runs every job already queued, then stops the thread.
    ~Worker();
    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    void post(std::function<void()> job);

    /// Housekeeping run on the worker thread after jobs have run: at most once per interval
    /// while jobs keep coming, and once the queue has been quiet for an interval. A worker
    /// that has had no jobs never wakes up for it.
    void setIdleTask(std::function<void()> task, std::chrono::milliseconds interval);

    /// Runs job() on the worker thread. An exception thrown by the job is stored in the
    /// future and rethrown by QFuture::result()/waitForFinished().
    template <typename F> auto submit(F job) -> QFuture<std::invoke_result_t<F &>>
    {
        using R = std::invoke_result_t<F &>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        post([promise, job = std::move(job)]() mutable {
            try {
                if constexpr (std::is_void_v<R>) {
                    job();
                } else {
                    promise->addResult(job());
                }
            } catch (...) {
                promise->setException(std::current_exception());
            }
            promise->finish();
        });
        return future;
    }

    bool isWorkerThread() const { return std::this_thread::get_id() == m_thread.get_id(); }

private:
    void run();

    QString m_name;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    bool m_stopping = false;
    std::function<void()> m_idleTask;
    std::chrono::milliseconds m_idleInterval{0};
    std::thread m_thread;
};

} // namespace crosstalk::store
