// SPDX-License-Identifier: GPL-3.0-or-later
// A stock libpurple voice client for interop tests: libpurple's own Farstream/GStreamer media
// backend (what Pidgin uses), headless. The microphone is a live sine (audiotestsrc), what it
// hears goes to a WAV. Same stdin/stdout line protocol as crosstalkpeer (see callpeerprocess.h);
// "ended" carries the Jingle reason the peer sent (success, decline, failed-application...) or
// "local" when we ended it.
//
// Two traps (docs: ../shared/PLATFORM.md): gstreamer1.0-plugins-bad's srtpenc, with the null
// cipher Farstream asks for, fails against Debian's libsrtp2 and kills the call, so the SRTP
// elements are removed from the registry; libnice needs a non-loopback interface.
#include <purple.h>
#include <media-gst.h>

#include <gst/gst.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Peer
{
    std::string jid;
    std::string password;
    int port = 0;
    std::string dir;
    std::string outWav;
    std::string onlyCodec; // e.g. "SPEEX:16000": every other audio codec disabled
    std::string sine = "440";
    PurpleAccount *account = nullptr;
    PurpleMedia *media = nullptr;
    std::string endReason;      // Jingle reason of the peer's session-terminate
    bool endedLocally = false;
    bool initiator = false;
    bool candidatesPrepared = false;
    GMainLoop *loop = nullptr;
    std::string pending;

    std::atomic<bool> heard{false};
    GMutex audioLock;
    std::vector<gint16> audio; // what the sink received, 48 kHz mono
};

Peer g_peer;

void say(const std::string &line)
{
    std::fprintf(stdout, "%s\n", line.c_str());
    std::fflush(stdout);
}

// ---- libpurple event loop on GLib ---------------------------------------------------------------

struct IoClosure
{
    PurpleInputFunction function;
    gpointer data;
    guint result;
};

gboolean ioInvoke(GIOChannel *source, GIOCondition condition, gpointer data)
{
    auto *closure = static_cast<IoClosure *>(data);
    int cond = 0;
    if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR))
        cond |= PURPLE_INPUT_READ;
    if (condition & (G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL))
        cond |= PURPLE_INPUT_WRITE;
    closure->function(closure->data, g_io_channel_unix_get_fd(source), PurpleInputCondition(cond));
    return TRUE;
}

guint inputAdd(gint fd, PurpleInputCondition condition, PurpleInputFunction function, gpointer data)
{
    auto *closure = g_new0(IoClosure, 1);
    closure->function = function;
    closure->data = data;
    int cond = 0;
    if (condition & PURPLE_INPUT_READ)
        cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
    if (condition & PURPLE_INPUT_WRITE)
        cond |= G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL;
    GIOChannel *channel = g_io_channel_unix_new(fd);
    closure->result = g_io_add_watch_full(channel, G_PRIORITY_DEFAULT, GIOCondition(cond), ioInvoke, closure, g_free);
    g_io_channel_unref(channel);
    return closure->result;
}

PurpleEventLoopUiOps g_loopOps{};

// Requests: nothing is asked interactively; a non-NULL handle keeps purple_core_quit quiet.
void *requestAction(const char *title, const char *primary, const char *, int, PurpleAccount *, const char *,
                    PurpleConversation *, void *, size_t, va_list)
{
    say(std::string("error request: ") + (title ? title : "") + " " + (primary ? primary : ""));
    return &g_peer;
}

void *requestFields(const char *title, const char *, const char *, PurpleRequestFields *, const char *, GCallback,
                    const char *, GCallback, PurpleAccount *, const char *, PurpleConversation *, void *)
{
    say(std::string("error request: ") + (title ? title : ""));
    return &g_peer;
}

void closeRequest(PurpleRequestType, void *) {}

PurpleRequestUiOps g_requestOps{};

void *notifyMessage(PurpleNotifyMsgType, const char *title, const char *primary, const char *secondary)
{
    say(std::string("error notify: ") + (title ? title : "") + " " + (primary ? primary : "") + " "
        + (secondary ? secondary : ""));
    return nullptr;
}

PurpleNotifyUiOps g_notifyOps{};

// ---- media elements -----------------------------------------------------------------------------

void writeWav(const std::string &path, const std::vector<gint16> &samples)
{
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f)
        return;
    auto u32 = [f](guint32 v) { std::fwrite(&v, 4, 1, f); };
    auto u16 = [f](guint16 v) { std::fwrite(&v, 2, 1, f); };
    const guint32 bytes = guint32(samples.size() * 2);
    std::fwrite("RIFF", 1, 4, f);
    u32(36 + bytes);
    std::fwrite("WAVEfmt ", 1, 8, f);
    u32(16);
    u16(1);
    u16(1);
    u32(48000);
    u32(96000);
    u16(2);
    u16(16);
    std::fwrite("data", 1, 4, f);
    u32(bytes);
    std::fwrite(samples.data(), 2, samples.size(), f);
    std::fclose(f);
}

gboolean announceAudio(gpointer)
{
    say("audio");
    return G_SOURCE_REMOVE;
}

// Streaming thread: keep what arrived; the first buffer means audio flows.
void onHandoff(GstElement *, GstBuffer *buffer, GstPad *, gpointer)
{
    GstMapInfo map;
    if (!gst_buffer_map(buffer, &map, GST_MAP_READ))
        return;
    g_mutex_lock(&g_peer.audioLock);
    const auto *samples = reinterpret_cast<const gint16 *>(static_cast<const void *>(map.data));
    g_peer.audio.insert(g_peer.audio.end(), samples, samples + map.size / 2);
    g_mutex_unlock(&g_peer.audioLock);
    gst_buffer_unmap(buffer, &map);
    if (!g_peer.heard.exchange(true))
        g_idle_add(announceAudio, nullptr);
}

GstElement *createSource(PurpleMedia *, const gchar *, const gchar *)
{
    const std::string description = "audiotestsrc is-live=true wave=sine volume=0.3 freq=" + g_peer.sine;
    GError *error = nullptr;
    GstElement *bin = gst_parse_bin_from_description(description.c_str(), TRUE, &error);
    if (!bin) {
        say(std::string("error source: ") + (error ? error->message : "?"));
        g_clear_error(&error);
    }
    return bin;
}

GstElement *createSink(PurpleMedia *, const gchar *, const gchar *)
{
    GError *error = nullptr;
    GstElement *bin = gst_parse_bin_from_description(
        "audioconvert ! audioresample ! audio/x-raw,format=S16LE,rate=48000,channels=1 ! "
        "fakesink name=heard signal-handoffs=true sync=false async=false",
        TRUE, &error);
    if (!bin) {
        say(std::string("error sink: ") + (error ? error->message : "?"));
        g_clear_error(&error);
        return nullptr;
    }
    GstElement *sink = gst_bin_get_by_name(GST_BIN(bin), "heard");
    g_signal_connect(sink, "handoff", G_CALLBACK(onHandoff), nullptr);
    gst_object_unref(sink);
    return bin;
}

void installElements()
{
    PurpleMediaManager *manager = purple_media_manager_get();
    auto *src = PURPLE_MEDIA_ELEMENT_INFO(g_object_new(
        PURPLE_TYPE_MEDIA_ELEMENT_INFO, "id", "peeraudiosrc", "name", "Test sine", "type",
        PURPLE_MEDIA_ELEMENT_AUDIO | PURPLE_MEDIA_ELEMENT_SRC | PURPLE_MEDIA_ELEMENT_ONE_SRC | PURPLE_MEDIA_ELEMENT_UNIQUE,
        "create-cb", createSource, nullptr));
    auto *sink = PURPLE_MEDIA_ELEMENT_INFO(g_object_new(
        PURPLE_TYPE_MEDIA_ELEMENT_INFO, "id", "peeraudiosink", "name", "WAV recorder", "type",
        PURPLE_MEDIA_ELEMENT_AUDIO | PURPLE_MEDIA_ELEMENT_SINK | PURPLE_MEDIA_ELEMENT_ONE_SINK, "create-cb",
        createSink, nullptr));
    purple_media_manager_set_active_element(manager, src);
    purple_media_manager_set_active_element(manager, sink);
    purple_media_manager_set_ui_caps(manager, PURPLE_MEDIA_CAPS_AUDIO);
}

// ---- calls --------------------------------------------------------------------------------------

void onStateChanged(PurpleMedia *media, PurpleMediaState state, gchar *sid, gchar *name, gpointer)
{
    if (media != g_peer.media || state != PURPLE_MEDIA_STATE_END || sid || name)
        return;
    g_peer.media = nullptr;
    g_mutex_lock(&g_peer.audioLock);
    if (!g_peer.outWav.empty())
        writeWav(g_peer.outWav, g_peer.audio);
    g_peer.audio.clear();
    g_mutex_unlock(&g_peer.audioLock);
    say("ended " + (g_peer.endedLocally ? std::string("local")
                                        : g_peer.endReason.empty() ? std::string("remote") : g_peer.endReason));
}

void onStreamInfo(PurpleMedia *media, PurpleMediaInfoType type, gchar *sid, gchar *name, gboolean local, gpointer)
{
    if (media != g_peer.media || sid || name)
        return; // once per media (the conference-wide emission)
    if (type == PURPLE_MEDIA_INFO_ACCEPT && local != g_peer.initiator)
        say("connected");
}

void onMediaError(PurpleMedia *, gchar *message, gpointer)
{
    say(std::string("error media: ") + (message ? message : ""));
}

// Pitfall 2: with no usable interface libnice gathers nothing and libpurple never sends the
// invitation, silently. Say so instead of leaving the test waiting.
void onCandidatesPrepared(PurpleMedia *media, gchar *, gchar *, gpointer)
{
    if (media == g_peer.media)
        g_peer.candidatesPrepared = true;
}

gboolean checkCandidates(gpointer data)
{
    if (g_peer.media == data && !g_peer.candidatesPrepared)
        say("error no ICE candidates gathered after 10 s (a host with only loopback?)");
    return G_SOURCE_REMOVE;
}

gboolean onInitMedia(PurpleMediaManager *, PurpleMedia *media, PurpleAccount *, gchar *who, gpointer)
{
    g_peer.candidatesPrepared = false;
    g_signal_connect(media, "candidates-prepared", G_CALLBACK(onCandidatesPrepared), nullptr);
    g_timeout_add_seconds(10, checkCandidates, media);
    g_peer.media = media;
    g_peer.endReason.clear();
    g_peer.endedLocally = false;
    g_peer.heard = false;
    g_peer.initiator = purple_media_is_initiator(media, nullptr, nullptr);
    g_signal_connect(media, "state-changed", G_CALLBACK(onStateChanged), nullptr);
    g_signal_connect(media, "stream-info", G_CALLBACK(onStreamInfo), nullptr);
    g_signal_connect(media, "error", G_CALLBACK(onMediaError), nullptr);
    say(g_peer.initiator ? std::string("calling") : std::string("incoming ") + (who ? who : ""));
    return TRUE;
}

// The Jingle facts libpurple does not pass to its UI: the callee ringing, the reason of an end.
void onReceiving(PurpleConnection *, xmlnode **packet, gpointer)
{
    xmlnode *jingle = packet && *packet ? xmlnode_get_child(*packet, "jingle") : nullptr;
    if (!jingle)
        return;
    const char *action = xmlnode_get_attrib(jingle, "action");
    if (g_strcmp0(action, "session-terminate") == 0) {
        xmlnode *reason = xmlnode_get_child(jingle, "reason");
        for (xmlnode *c = reason ? reason->child : nullptr; c; c = c->next) {
            if (c->type == XMLNODE_TYPE_TAG && g_strcmp0(c->name, "text") != 0) {
                g_peer.endReason = c->name;
                break;
            }
        }
    } else if (g_strcmp0(action, "session-info") == 0) {
        if (xmlnode_get_child(jingle, "ringing"))
            say("ringing");
        if (xmlnode_get_child(jingle, "hold"))
            say("remote-hold on");
        if (xmlnode_get_child(jingle, "active"))
            say("remote-hold off");
    } else if (g_strcmp0(action, "session-accept") == 0) {
        // nothing: stream-info ACCEPT reports it
    }
}

void onSignedOn(PurpleConnection *, gpointer)
{
    say("ready");
}

void onConnectionError(PurpleConnection *, PurpleConnectionError, const char *description, gpointer)
{
    say(std::string("error account: ") + (description ? description : ""));
}

void command(const std::string &line)
{
    const std::string verb = line.substr(0, line.find(' '));
    const std::string arg = line.find(' ') == std::string::npos ? std::string() : line.substr(line.find(' ') + 1);
    if (verb == "call") {
        if (!purple_prpl_initiate_media(g_peer.account, arg.c_str(), PURPLE_MEDIA_AUDIO))
            say("error could not call " + arg);
    } else if (verb == "answer" && g_peer.media) {
        purple_media_stream_info(g_peer.media, PURPLE_MEDIA_INFO_ACCEPT, nullptr, nullptr, TRUE);
    } else if ((verb == "hangup" || verb == "decline") && g_peer.media) {
        g_peer.endedLocally = true;
        purple_media_stream_info(g_peer.media, verb == "hangup" ? PURPLE_MEDIA_INFO_HANGUP : PURPLE_MEDIA_INFO_REJECT,
                                 nullptr, nullptr, TRUE);
    } else if (verb == "mute" && g_peer.media) {
        purple_media_stream_info(g_peer.media, arg == "on" ? PURPLE_MEDIA_INFO_MUTE : PURPLE_MEDIA_INFO_UNMUTE, nullptr,
                                 nullptr, TRUE);
    } else if (verb == "hold" && g_peer.media) {
        purple_media_stream_info(g_peer.media, arg == "on" ? PURPLE_MEDIA_INFO_HOLD : PURPLE_MEDIA_INFO_UNHOLD, nullptr,
                                 nullptr, TRUE);
    } else if (verb == "caps") {
        const PurpleMediaCaps caps = purple_prpl_get_media_caps(g_peer.account, arg.c_str());
        say("caps " + arg + ((caps & PURPLE_MEDIA_CAPS_AUDIO) ? " yes" : " no"));
    } else if (verb == "quality") {
        say("quality unknown");
    } else if (verb == "quit") {
        g_main_loop_quit(g_peer.loop);
    } else if (verb == "answer" || verb == "hangup" || verb == "decline" || verb == "mute" || verb == "hold") {
        say("error no call");
    } else {
        say("error unknown command: " + line);
    }
}

gboolean onStdin(GIOChannel *channel, GIOCondition, gpointer)
{
    char buffer[4096];
    const ssize_t n = read(g_io_channel_unix_get_fd(channel), buffer, sizeof buffer);
    if (n <= 0) {
        g_main_loop_quit(g_peer.loop);
        return FALSE;
    }
    g_peer.pending.append(buffer, std::size_t(n));
    std::size_t nl;
    while ((nl = g_peer.pending.find('\n')) != std::string::npos) {
        std::string line = g_peer.pending.substr(0, nl);
        g_peer.pending.erase(0, nl + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty())
            command(line);
    }
    return TRUE;
}

// Farstream's codec preferences: with --only-codec, every other audio codec is disabled.
void writeCodecConfig(const std::string &purpleDir)
{
    if (g_peer.onlyCodec.empty())
        return;
    std::string conf = "[audio/" + g_peer.onlyCodec + "]\n\n";
    for (const char *other : {"OPUS", "SPEEX:16000", "SPEEX:8000", "SPEEX:32000", "PCMU", "PCMA", "G722", "AMR",
                              "GSM", "iLBC", "SIREN", "G729", "telephone-event"}) {
        if (g_peer.onlyCodec.rfind(other, 0) != 0)
            conf += std::string("[audio/") + other + "]\nid=-2\n\n";
    }
    g_file_set_contents((purpleDir + "/fs-codec.conf").c_str(), conf.c_str(), -1, nullptr);
}

} // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--jid") g_peer.jid = value;
        else if (key == "--password") g_peer.password = value;
        else if (key == "--port") g_peer.port = std::atoi(value.c_str());
        else if (key == "--dir") g_peer.dir = value;
        else if (key == "--out") g_peer.outWav = value;
        else if (key == "--only-codec") g_peer.onlyCodec = value;
        else if (key == "--sine") g_peer.sine = value;
        // --in, --ring-timeout: the sine is the microphone; libpurple has no ring timeout
    }
    if (g_peer.jid.empty() || !g_peer.port || g_peer.dir.empty()) {
        say("error --jid, --port and --dir are required");
        return 2;
    }
    g_mutex_init(&g_peer.audioLock);
    gst_init(&argc, &argv);
    GstRegistry *registry = gst_registry_get();
    for (const char *name : {"srtpenc", "srtpdec"}) {
        if (GstPluginFeature *feature = gst_registry_lookup_feature(registry, name)) {
            gst_registry_remove_feature(registry, feature);
            gst_object_unref(feature);
        }
    }

    const std::string purpleDir = g_peer.dir + "/purple";
    g_mkdir_with_parents(purpleDir.c_str(), 0700);
    writeCodecConfig(purpleDir);
    purple_util_set_user_dir(purpleDir.c_str());
    purple_debug_set_enabled(g_getenv("PEER_DEBUG") != nullptr);
    g_loopOps.timeout_add = g_timeout_add;
    g_loopOps.timeout_remove = g_source_remove;
    g_loopOps.input_add = inputAdd;
    g_loopOps.input_remove = g_source_remove;
    g_loopOps.timeout_add_seconds = g_timeout_add_seconds;
    g_requestOps.request_action = requestAction;
    g_requestOps.request_fields = requestFields;
    g_requestOps.close_request = closeRequest;
    g_notifyOps.notify_message = notifyMessage;
    purple_eventloop_set_ui_ops(&g_loopOps);
    purple_request_set_ui_ops(&g_requestOps);
    purple_notify_set_ui_ops(&g_notifyOps);
    if (!purple_core_init("farstreampeer")) {
        say("error libpurple did not start");
        return 1;
    }
    purple_set_blist(purple_blist_new());
    purple_blist_load();
    purple_prefs_load();
    for (const char *pref : {"/purple/logging/log_ims", "/purple/logging/log_chats", "/purple/logging/log_system"})
        purple_prefs_set_bool(pref, FALSE);

    installElements(); // before sign-on: audio UI caps make the prpl advertise Jingle audio
    g_signal_connect(purple_media_manager_get(), "init-media", G_CALLBACK(onInitMedia), nullptr);
    purple_signal_connect(purple_connections_get_handle(), "signed-on", &g_peer, PURPLE_CALLBACK(onSignedOn), nullptr);
    purple_signal_connect(purple_connections_get_handle(), "connection-error", &g_peer,
                          PURPLE_CALLBACK(onConnectionError), nullptr);
    purple_signal_connect(purple_find_prpl("prpl-jabber"), "jabber-receiving-xmlnode", &g_peer,
                          PURPLE_CALLBACK(onReceiving), nullptr);

    const std::string username = g_peer.jid + "/farstream";
    g_peer.account = purple_account_new(username.c_str(), "prpl-jabber");
    purple_account_set_password(g_peer.account, g_peer.password.c_str());
    purple_account_set_remember_password(g_peer.account, FALSE);
    purple_account_set_string(g_peer.account, "connect_server", "127.0.0.1");
    purple_account_set_int(g_peer.account, "port", g_peer.port);
    purple_account_set_string(g_peer.account, "connection_security", "opportunistic_tls");
    purple_account_set_bool(g_peer.account, "auth_plain_in_clear", TRUE);
    purple_accounts_add(g_peer.account);
    purple_account_set_enabled(g_peer.account, "farstreampeer", TRUE);
    purple_savedstatus_activate(purple_savedstatus_new(nullptr, PURPLE_STATUS_AVAILABLE));

    GIOChannel *in = g_io_channel_unix_new(0);
    g_io_add_watch(in, GIOCondition(G_IO_IN | G_IO_HUP | G_IO_ERR), onStdin, nullptr);
    g_peer.loop = g_main_loop_new(nullptr, FALSE);
    g_main_loop_run(g_peer.loop);

    if (g_peer.media) {
        g_peer.endedLocally = true;
        purple_media_stream_info(g_peer.media, PURPLE_MEDIA_INFO_HANGUP, nullptr, nullptr, TRUE);
    }
    purple_core_quit();
    g_io_channel_unref(in);
    return 0;
}
