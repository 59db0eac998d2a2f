// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"

#include <QObject>

#include <memory>

namespace crosstalk::protocols {
class PurpleBackend;
}
namespace crosstalk::store {
class Store;
}
namespace crosstalk::calls {
class AudioDeviceChoice;
}
namespace crosstalk::contacts {
class ContactCache;
class ContactDirectory;
class ContactSync;
}
namespace crosstalk::ui {
class MainWindow;
class PromptPresenter;
}

namespace crosstalk::app {

class CallSetup;
class ConversationSetup;
class DesktopSetup;
class Demo;
class Profile;

/// The composition root: creates every service, wires them, and owns them.
class Application : public QObject
{
    Q_OBJECT
public:
    explicit Application(CommandLine commandLine, QObject *parent = nullptr);
    ~Application() override;

    /// Runs the app; returns the process exit code.
    int exec();

private:
    bool fail(const QString &message);
    void signOnDemoAccount(const CommandLine::DemoPeer &peer, const QString &password);
    void pinDemoCertificate(const QString &pemPath);
    void openStore();
    void startContacts();
    void adoptStoredAccounts();
    void warn(const QString &message);

    CommandLine m_commandLine;
    std::unique_ptr<Demo> m_demo;
    std::unique_ptr<Profile> m_profile;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<calls::AudioDeviceChoice> m_audioDevices;
    std::unique_ptr<protocols::PurpleBackend> m_backend;
    std::unique_ptr<contacts::ContactCache> m_contactCache;
    std::unique_ptr<contacts::ContactDirectory> m_directory;
    std::unique_ptr<contacts::ContactSync> m_contactSync;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<ui::PromptPresenter> m_prompts;
    std::unique_ptr<ConversationSetup> m_conversations;
    std::unique_ptr<DesktopSetup> m_desktop;
    std::unique_ptr<CallSetup> m_calls;
};

} // namespace crosstalk::app
