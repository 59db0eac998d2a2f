// SPDX-License-Identifier: GPL-3.0-or-later
// Which microphone and speaker calls use: the list (enumerated off the UI thread), the user's
// choice kept by stable name, and the factory the media backend calls to open it.
#pragma once

#include "core/voice/audiodevice.h"
#include "core/voice/deviceinfo.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace crosstalk::calls {

/// Opens a device for a call. Called by the media backend (any thread); nullptr with `error` set
/// when no device can be opened at all. A vanished chosen device is not an error: the default is
/// used and AudioDeviceChoice::fallbackUsed says so.
using AudioDeviceFactory = std::function<std::unique_ptr<voice::AudioDevice>(std::string &error)>;

/// Threads: everything on the owner's (UI) thread except factory()'s product, which any thread
/// may call. Enumeration runs on a worker (PortAudio's initialisation can take hundreds of ms with
/// a JACK or PulseAudio server); devicesChanged() arrives when it is done.
class AudioDeviceChoice : public QObject
{
    Q_OBJECT
public:
    /// How devices are listed and opened; PortAudio by default. Both are called off the UI thread.
    struct Backend
    {
        std::function<std::vector<voice::DeviceInfo>(std::string &error)> enumerate;
        /// Opens input/output by DeviceInfo::id; an empty id means the system default.
        std::function<std::unique_ptr<voice::AudioDevice>(const std::string &input, const std::string &output)> open;
        /// Capture-only device for the level meter (empty id: default).
        std::function<std::unique_ptr<voice::AudioDevice>(const std::string &input)> openInput;
    };
    /// `hostApi`: whose defaults an empty id means ("JACK Audio Connection Kit"...); empty:
    /// PortAudio's default host API.
    static Backend portAudioBackend(const std::string &hostApi = {});

    /// `settingsFile`: an INI file (the profile's desktop.ini); the choice is kept under
    /// "audio/input" and "audio/output" as DeviceInfo ids ("ALSA/USB Headset"), empty = default.
    explicit AudioDeviceChoice(QString settingsFile, QObject *parent = nullptr);
    AudioDeviceChoice(QString settingsFile, Backend backend, QObject *parent = nullptr);
    ~AudioDeviceChoice() override;

    /// Lists the devices again on a worker; devicesChanged() follows. Starts at construction.
    void refresh();
    bool listing() const { return m_listing; }
    /// The last listing (empty before the first one finishes).
    QList<voice::DeviceInfo> inputs() const { return m_inputs; }
    QList<voice::DeviceInfo> outputs() const { return m_outputs; }
    /// Why the last listing failed (PortAudio could not start); empty otherwise.
    QString listError() const { return m_listError; }

    /// The chosen ids; empty = the system default. Saved at once.
    QString input() const { return m_input; }
    QString output() const { return m_output; }
    void setInput(const QString &id);
    void setOutput(const QString &id);

    /// A human label for an id ("USB Headset (ALSA)"; "System default" for empty).
    static QString label(const QString &id);

    /// The factory for the media backend. It opens the chosen devices as they are when it is
    /// called; a chosen device missing from the last listing, or failing to start as "not found",
    /// is replaced by the default and fallbackUsed() is emitted (queued, on this object's thread).
    AudioDeviceFactory factory();
    /// Opens the chosen input alone (for the level meter), with the same fallback. Any thread.
    std::unique_ptr<voice::AudioDevice> openInput(std::string &error);

    /// The note of the last fallback ("The microphone “USB Headset” is not connected; using the
    /// system default."), empty when the chosen devices were used.
    QString note() const { return m_note; }

Q_SIGNALS:
    void devicesChanged();
    void choiceChanged();
    void fallbackUsed(const QString &note);

private:
    struct Shared; // what factories (any thread, may outlive this object) share with it
    void onListed(const std::vector<voice::DeviceInfo> &devices, const QString &error);
    void setNote(const QString &note);
    void save();

    QString m_settingsFile;
    std::shared_ptr<Shared> m_shared;
    std::thread m_worker;
    bool m_refreshAgain = false;
    QList<voice::DeviceInfo> m_inputs;
    QList<voice::DeviceInfo> m_outputs;
    QString m_listError;
    QString m_input;
    QString m_output;
    QString m_note;
    bool m_listing = false;
};

} // namespace crosstalk::calls
