// SPDX-License-Identifier: GPL-3.0-or-later
// A small Pidgin 2.x profile on disk, written the way libpurple writes it.
#pragma once

#include "core/network/secretstore.h"

#include <QDir>
#include <QFile>
#include <QHash>

namespace crosstalk::test {

inline void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(content);
}

/// The in-memory SecretStore test double.
class MemorySecretStore : public SecretStore
{
public:
    bool storePassword(AccountId account, const QString &, const QString &, const QString &password) override
    {
        passwords.insert(account.value(), password);
        return true;
    }
    QHash<qint64, QString> passwords;
};

inline const char *kPassword = "hunter2-s3cret-do-not-store";

inline void writePidginProfile(const QString &dir)
{
    writeFile(dir + "/accounts.xml", QByteArray(R"(<?xml version='1.0' encoding='UTF-8' ?>
<account version='1.0'>
 <account>
  <protocol>prpl-jabber</protocol>
  <name>alice@example.org/Home</name>
  <password>)") + kPassword + R"(</password>
  <alias>Alice A</alias>
  <statuses><status type='available' name='Available' active='true'/></statuses>
  <settings>
   <setting name='connect_server' type='string'>talk.example.org</setting>
   <setting name='port' type='int'>5222</setting>
   <setting name='require_tls' type='bool'>1</setting>
  </settings>
  <settings ui='gtk-gaim'>
   <setting name='auto-login' type='bool'>1</setting>
  </settings>
  <proxy><type>http</type><host>proxy</host><password>proxypass</password></proxy>
 </account>
 <account>
  <protocol>prpl-irc</protocol>
  <name>alice@irc.example.net</name>
  <settings><setting name='encoding' type='string'>UTF-8</setting></settings>
 </account>
</account>
)");
    writeFile(dir + "/blist.xml", R"(<?xml version='1.0' encoding='UTF-8' ?>
<purple version='1.0'>
 <blist>
  <group name='Friends'>
   <setting name='collapsed' type='bool'>0</setting>
   <contact alias='Bob Builder'>
    <buddy account='alice@example.org/Home' proto='prpl-jabber'>
     <name>Bob@Example.org</name>
     <alias>Bobby</alias>
     <setting name='buddy_icon' type='string'>4f2a.png</setting>
    </buddy>
    <buddy account='alice@irc.example.net' proto='prpl-irc'>
     <name>bob</name>
    </buddy>
   </contact>
   <contact>
    <buddy account='alice@example.org/Home' proto='prpl-jabber'>
     <name>carol@example.org</name>
     <setting name='servernick' type='string'>Carol C</setting>
    </buddy>
   </contact>
   <chat proto='prpl-jabber' account='alice@example.org/Home'><component name='room'>club</component></chat>
  </group>
 </blist>
 <privacy><account proto='prpl-jabber' name='alice@example.org/Home' mode='1'/></privacy>
</purple>
)");
    const QString jabber = dir + "/logs/jabber/alice@example.org/";
    writeFile(
        jabber + "bob@example.org/2012-03-02.231112+0100CET.html",
        R"(<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"><title>Conversation with bob@example.org at Fri 02 Mar 2012 11:11:12 PM CET on alice@example.org/Home (jabber)</title></head><body><h3>Conversation with bob@example.org at Fri 02 Mar 2012 11:11:12 PM CET on alice@example.org/Home (jabber)</h3>
<font color="#A82F2F"><font size="2">(11:11:15 PM)</font> <b>Bobby:</b></font> Hello <b>there</b> &amp; welcome<br/>
<font color="#16569E"><font size="2">(11:11:20 PM)</font> <b>Alice A:</b></font> hi, the gazebo is done<br/>
<font size="2">(11:12:00 PM)</font><b> Bobby has signed off.</b><br/>
<font color="#A82F2F"><font size="2">(11:58:00 PM)</font> <b>Bobby &lt;AUTO-REPLY&gt;:</b></font> I am away<br/>
<font color="#16569E"><font size="2">(12:01:30 AM)</font> <b>Alice A:</b></font> past midnight<br/>
</body></html>
)");
    writeFile(dir + "/logs/irc/alice@irc.example.net/bob/2012-03-05.090000+0100CET.txt",
              "Conversation with bob at Mon 05 Mar 2012 09:00:00 AM CET on alice@irc.example.net (irc)\n"
              "(09:00:05) bob: morning\n"
              "(09:00:09) alice: morning bob\n"
              "this line continues alice's message\n"
              "(09:01:00) bob has left the room.\n"
              "(03/06/2012 09:02:00) bob: next day already\n");
    writeFile(jabber + ".system/2012-03-02.101112+0100CET.html",
              "<html><head><title>System log for account alice@example.org/Home (jabber) connected at "
              "...</title></head>\n"
              "---- +++ alice@example.org/Home signed on @ 10:11:12 ----<br/>\n");
    writeFile(
        jabber + "club@conference.example.org.chat/2012-03-07.120000+0100CET.html",
        R"(<html><head><title>Conversation with club@conference.example.org at ... on alice@example.org/Home (jabber)</title></head><body>
<font color="#A82F2F"><font size="2">(12:00:01 PM)</font> <b>dave:</b></font> anyone for the garden party?<br/>
<font color="#6C2585"><font size="2">(12:00:09 PM)</font><b> erin:</b></font> whispering: yes<br/>
</body></html>
)");
}

/// Adds a damaged log and a stray file that only looks like a log.
inline void addMalformedLogs(const QString &dir)
{
    const QString jabber = dir + "/logs/jabber/alice@example.org/";
    writeFile(jabber + "bob@example.org/2012-03-09.101112+0100CET.html",
              QByteArray("\x89PNG\r\n\x1a\n\0\0binary", 16));
    writeFile(jabber + "bob@example.org/notes.txt", "just some notes\n");
}

} // namespace crosstalk::test
