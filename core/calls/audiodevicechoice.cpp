// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/calls/audiodevicechoice.h"

#include "core/voice/portaudiodevice.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QSettings>

#include <algorithm>
#include <mutex>

namespace crosstalk::calls {

namespace {

const QString kInputKey = QStringLiteral("audio/input");
const QString kOutputKey = QStringLiteral("audio/output");

bool listed(const std::vector<std::string> &ids, const std::string &id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

QString missingNote(const QString &what, const std::string &id)
{
    return QCoreApplication::translate("AudioDeviceChoice", "The %1 “%2” is not connected; using the system default.")
        .arg(what, AudioDeviceChoice::label(QString::fromStdString(id)));
}

} // namespace

struct AudioDeviceChoice::Shared
{
    Backend backend;
    std::mutex mutex;
    std::string input;  // chosen ids (empty = default)
    std::string output;
    bool haveListing = false;
    std::vector<std::string> inputIds; // the last listing
    std::vector<std::string> outputIds;
    AudioDeviceChoice *owner = nullptr; // cleared (under the mutex) when the owner goes

    /// Tells the owner about a fallback, on its thread, if it still exists.
    void report(const QString &note)
    {
        std::lock_guard lock(mutex);
        if (!owner)
            return;
        AudioDeviceChoice *target = owner;
        QMetaObject::invokeMethod(target, [target, note] { target->setNote(note); }, Qt::QueuedConnection);
    }
};

namespace {

/// Opens the chosen devices; if they fail to start (vanished since the last listing), the
/// system default is tried and the fallback reported. Everything else is passed through.
class FallbackDevice final : public voice::AudioDevice
{
public:
    FallbackDevice(std::shared_ptr<AudioDeviceChoice::Backend> backend, std::unique_ptr<voice::AudioDevice> chosen,
                   std::function<void(const QString &)> report, bool usesChoice)
        : m_backend(std::move(backend))
        , m_device(std::move(chosen))
        , m_report(std::move(report))
        , m_usesChoice(usesChoice)
    {
    }

    bool start(std::string &error) override
    {
        if (m_device->start(error))
            return true;
        if (!m_usesChoice || !m_backend->open)
            return false;
        const std::string why = error;
        auto fallback = m_backend->open({}, {});
        std::string fallbackError;
        if (!fallback || !fallback->start(fallbackError)) {
            error = why + "; the system default failed too: " + fallbackError;
            return false;
        }
        m_device = std::move(fallback);
        m_usesChoice = false;
        m_report(QCoreApplication::translate("AudioDeviceChoice", "The chosen audio device could not be opened (%1); "
                                                                  "using the system default.")
                     .arg(QString::fromStdString(why)));
        error.clear();
        return true;
    }
    void stop() override { m_device->stop(); }
    voice::DeviceState state() const override { return m_device->state(); }
    std::string lastError() const override { return m_device->lastError(); }
    bool readCapture(voice::Block out) override { return m_device->readCapture(out); }
    bool writePlayback(voice::ConstBlock in) override { return m_device->writePlayback(in); }
    void readEchoReference(voice::Block out) override { m_device->readEchoReference(out); }
    voice::DeviceStats stats() const override { return m_device->stats(); }

private:
    std::shared_ptr<AudioDeviceChoice::Backend> m_backend;
    std::unique_ptr<voice::AudioDevice> m_device;
    std::function<void(const QString &)> m_report;
    bool m_usesChoice;
};

} // namespace

AudioDeviceChoice::Backend AudioDeviceChoice::portAudioBackend(const std::string &hostApi)
{
    Backend b;
    b.enumerate = [](std::string &error) { return voice::PortAudioDevice::enumerate(error); };
    b.open = [hostApi](const std::string &input, const std::string &output) -> std::unique_ptr<voice::AudioDevice> {
        voice::PortAudioConfig config;
        config.hostApi = hostApi;
        config.inputDevice = input;
        config.outputDevice = output;
        return std::make_unique<voice::PortAudioDevice>(config);
    };
    b.openInput = [hostApi](const std::string &input) -> std::unique_ptr<voice::AudioDevice> {
        voice::PortAudioConfig config;
        config.hostApi = hostApi;
        config.inputDevice = input;
        config.playback = false;
        return std::make_unique<voice::PortAudioDevice>(config);
    };
    return b;
}

AudioDeviceChoice::AudioDeviceChoice(QString settingsFile, QObject *parent)
    : AudioDeviceChoice(std::move(settingsFile), portAudioBackend(), parent)
{
}

AudioDeviceChoice::AudioDeviceChoice(QString settingsFile, Backend backend, QObject *parent)
    : QObject(parent)
    , m_settingsFile(std::move(settingsFile))
    , m_shared(std::make_shared<Shared>())
{
    m_shared->backend = std::move(backend);
    m_shared->owner = this;
    const QSettings settings(m_settingsFile, QSettings::IniFormat);
    m_input = settings.value(kInputKey).toString();
    m_output = settings.value(kOutputKey).toString();
    m_shared->input = m_input.toStdString();
    m_shared->output = m_output.toStdString();
    refresh();
}

AudioDeviceChoice::~AudioDeviceChoice()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->owner = nullptr;
    }
    // A listing in progress finishes (PortAudio cannot be interrupted); its result is dropped.
    if (m_worker.joinable())
        m_worker.join();
}

void AudioDeviceChoice::refresh()
{
    if (m_listing) {
        m_refreshAgain = true;
        return;
    }
    if (m_worker.joinable())
        m_worker.join(); // finished already: its result has been delivered
    m_listing = true;
    auto enumerate = m_shared->backend.enumerate;
    m_worker = std::thread([this, enumerate] {
        std::string error;
        std::vector<voice::DeviceInfo> devices;
        if (enumerate)
            devices = enumerate(error);
        // Posted to this object's thread; dropped with the object if it is gone by then (the
        // destructor joins this thread before the object's posted events are discarded).
        QMetaObject::invokeMethod(
            this, [this, devices, error] { onListed(devices, QString::fromStdString(error)); }, Qt::QueuedConnection);
    });
}

void AudioDeviceChoice::onListed(const std::vector<voice::DeviceInfo> &devices, const QString &error)
{
    m_listing = false;
    m_inputs.clear();
    m_outputs.clear();
    std::vector<std::string> inputIds, outputIds;
    for (const voice::DeviceInfo &d : devices) {
        if (d.maxInputChannels > 0) {
            m_inputs.append(d);
            inputIds.push_back(d.id);
        }
        if (d.maxOutputChannels > 0) {
            m_outputs.append(d);
            outputIds.push_back(d.id);
        }
    }
    m_listError = error;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->haveListing = error.isEmpty();
        m_shared->inputIds = std::move(inputIds);
        m_shared->outputIds = std::move(outputIds);
    }
    Q_EMIT devicesChanged();
    if (m_refreshAgain) {
        m_refreshAgain = false;
        refresh();
    }
}

void AudioDeviceChoice::setInput(const QString &id)
{
    if (id == m_input)
        return;
    m_input = id;
    save();
}

void AudioDeviceChoice::setOutput(const QString &id)
{
    if (id == m_output)
        return;
    m_output = id;
    save();
}

void AudioDeviceChoice::save()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->input = m_input.toStdString();
        m_shared->output = m_output.toStdString();
    }
    QSettings settings(m_settingsFile, QSettings::IniFormat);
    settings.setValue(kInputKey, m_input);
    settings.setValue(kOutputKey, m_output);
    setNote({});
    Q_EMIT choiceChanged();
}

QString AudioDeviceChoice::label(const QString &id)
{
    if (id.isEmpty())
        return QCoreApplication::translate("AudioDeviceChoice", "System default");
    const qsizetype slash = id.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return id;
    return QStringLiteral("%1 (%2)").arg(id.mid(slash + 1), id.left(slash));
}

void AudioDeviceChoice::setNote(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    if (!note.isEmpty())
        Q_EMIT fallbackUsed(note);
}

AudioDeviceFactory AudioDeviceChoice::factory()
{
    std::shared_ptr<Shared> shared = m_shared;
    return [shared](std::string &error) -> std::unique_ptr<voice::AudioDevice> {
        std::string input, output;
        QStringList notes;
        {
            std::lock_guard lock(shared->mutex);
            input = shared->input;
            output = shared->output;
            // Known to be missing from the last listing: go to the default at once rather than
            // make the call wait for PortAudio's retries.
            if (shared->haveListing && !input.empty() && !listed(shared->inputIds, input)) {
                notes << missingNote(QCoreApplication::translate("AudioDeviceChoice", "microphone"), input);
                input.clear();
            }
            if (shared->haveListing && !output.empty() && !listed(shared->outputIds, output)) {
                notes << missingNote(QCoreApplication::translate("AudioDeviceChoice", "speaker"), output);
                output.clear();
            }
        }
        if (!shared->backend.open) {
            error = "no audio back end";
            return nullptr;
        }
        auto device = shared->backend.open(input, output);
        if (!device) {
            error = "the audio device could not be created";
            return nullptr;
        }
        if (!notes.isEmpty())
            shared->report(notes.join(QLatin1Char(' ')));
        auto backend = std::make_shared<Backend>(shared->backend);
        return std::make_unique<FallbackDevice>(backend, std::move(device),
                                                [shared](const QString &note) { shared->report(note); },
                                                !input.empty() || !output.empty());
    };
}

std::unique_ptr<voice::AudioDevice> AudioDeviceChoice::openInput(std::string &error)
{
    std::string input;
    bool missing = false;
    {
        std::lock_guard lock(m_shared->mutex);
        input = m_shared->input;
        missing = m_shared->haveListing && !input.empty() && !listed(m_shared->inputIds, input);
    }
    if (missing) {
        m_shared->report(missingNote(QCoreApplication::translate("AudioDeviceChoice", "microphone"), input));
        input.clear();
    }
    if (!m_shared->backend.openInput) {
        error = "no audio back end";
        return nullptr;
    }
    auto device = m_shared->backend.openInput(input);
    if (!device) {
        error = "the microphone could not be created";
        return nullptr;
    }
    Backend fallback = m_shared->backend;
    fallback.open = [open = m_shared->backend.openInput](const std::string &, const std::string &) { return open({}); };
    std::shared_ptr<Shared> shared = m_shared;
    return std::make_unique<FallbackDevice>(std::make_shared<Backend>(fallback), std::move(device),
                                            [shared](const QString &note) { shared->report(note); }, !input.empty());
}

} // namespace crosstalk::calls
