// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/keychainvault.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSemaphore>
#include <QThread>

#include <qt6keychain/keychain.h>

#include <memory>

namespace crosstalk::app {

namespace {

SecretResult resultOf(const QKeychain::Job &job)
{
    SecretResult result;
    switch (job.error()) {
    case QKeychain::NoError:
        result.status = SecretResult::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        result.status = SecretResult::Status::NotFound;
        break;
    // QtKeychain reports a bus with no Secret Service as OtherError, not NoBackendAvailable.
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        result.status = SecretResult::Status::Unavailable;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::CouldNotDeleteEntry:
        result.status = SecretResult::Status::Refused;
        break;
    }
    if (!result.ok())
        result.error = job.errorString();
    return result;
}

template <typename JobT>
void run(JobT *job, const SecretKey &key, QObject *context, SecretVault::Callback done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key.toString());
    QObject::connect(job, &QKeychain::Job::finished, context, [done](QKeychain::Job *finished) {
        SecretResult result = resultOf(*finished);
        if (result.ok())
            if (auto *reader = qobject_cast<QKeychain::ReadPasswordJob *>(finished))
                result.password = reader->textData();
        if (done)
            done(result);
    });
    job->start();
}

} // namespace

KeychainVault::KeychainVault(QString service, QObject *parent)
    : SecretVault(parent)
    , m_service(std::move(service))
{
}

void KeychainVault::read(const SecretKey &key, Callback done)
{
    run(new QKeychain::ReadPasswordJob(m_service), key, this, std::move(done));
}

void KeychainVault::write(const SecretKey &key, const QString &password, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(password);
    run(job, key, this, std::move(done));
}

void KeychainVault::remove(const SecretKey &key, Callback done)
{
    run(new QKeychain::DeletePasswordJob(m_service), key, this, std::move(done));
}

bool KeychainVault::storePassword(AccountId, const QString &protocolId, const QString &username,
                                  const QString &password)
{
    // The jobs run on the main thread's loop; waiting for them there would deadlock.
    if (QThread::currentThread() == thread())
        return false;
    struct Shared
    {
        QSemaphore done;
        bool ok = false;
    };
    auto shared = std::make_shared<Shared>();
    QPointer<KeychainVault> self(this);
    QMetaObject::invokeMethod(this, [self, shared, key = SecretKey{protocolId, username}, password] {
        if (!self) {
            shared->done.release();
            return;
        }
        self->write(key, password, [shared](const SecretResult &result) {
            shared->ok = result.ok();
            shared->done.release();
        });
    }, Qt::QueuedConnection);
    if (!shared->done.tryAcquire(1, 30000))
        return false;
    return shared->ok;
}

} // namespace crosstalk::app
