// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocols/icetransport.h"

#include "core/voice/rtppacket.h"

#include <glib-unix.h>
#include <glib.h>
#include <nice/agent.h>
#include <nice/interfaces.h>

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace crosstalk::protocols {

namespace {
constexpr std::size_t kMaxFoundation = NICE_CANDIDATE_MAX_FOUNDATION - 1;
constexpr std::size_t kMaxCredential = 256; // RFC 5245 allows 256 characters at most
constexpr std::size_t kMaxAddressText = 64;

const char *typeName(IceCandidate::Type type)
{
    switch (type) {
    case IceCandidate::Type::Host:
        return "host";
    case IceCandidate::Type::ServerReflexive:
        return "srflx";
    case IceCandidate::Type::PeerReflexive:
        return "prflx";
    case IceCandidate::Type::Relayed:
        return "relay";
    }
    return "?";
}

IceCandidate::Type fromNice(NiceCandidateType type)
{
    switch (type) {
    case NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE:
        return IceCandidate::Type::ServerReflexive;
    case NICE_CANDIDATE_TYPE_PEER_REFLEXIVE:
        return IceCandidate::Type::PeerReflexive;
    case NICE_CANDIDATE_TYPE_RELAYED:
        return IceCandidate::Type::Relayed;
    default:
        return IceCandidate::Type::Host;
    }
}

NiceCandidateType toNice(IceCandidate::Type type)
{
    switch (type) {
    case IceCandidate::Type::ServerReflexive:
        return NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE;
    case IceCandidate::Type::PeerReflexive:
        return NICE_CANDIDATE_TYPE_PEER_REFLEXIVE;
    case IceCandidate::Type::Relayed:
        return NICE_CANDIDATE_TYPE_RELAYED;
    default:
        return NICE_CANDIDATE_TYPE_HOST;
    }
}

std::string addressText(const NiceAddress &address)
{
    char text[NICE_ADDRESS_STRING_LEN] = {};
    nice_address_to_string(&address, text);
    return text;
}

IceCandidate fromNice(NiceAgent *agent, const NiceCandidate &c)
{
    IceCandidate out;
    out.foundation = c.foundation;
    out.component = c.component_id;
    out.type = fromNice(c.type);
    out.ip = addressText(c.addr);
    out.port = std::uint16_t(nice_address_get_port(&c.addr));
    out.priority = c.priority;
    if (nice_address_is_valid(&c.base_addr)) {
        out.baseIp = addressText(c.base_addr);
        out.basePort = std::uint16_t(nice_address_get_port(&c.base_addr));
    }
    if (c.username && c.password) {
        out.username = c.username;
        out.password = c.password;
    } else if (agent) {
        // RFC 5245 mode keeps the credentials per stream; Jingle carries them with each candidate.
        gchar *ufrag = nullptr;
        gchar *pwd = nullptr;
        if (nice_agent_get_local_credentials(agent, c.stream_id, &ufrag, &pwd)) {
            out.username = ufrag ? ufrag : "";
            out.password = pwd ? pwd : "";
        }
        g_free(ufrag);
        g_free(pwd);
    }
    return out;
}

void wake(int fd)
{
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(fd, &one, sizeof one);
}

void clearEvent(int fd)
{
    std::uint64_t value = 0;
    [[maybe_unused]] const ssize_t n = ::read(fd, &value, sizeof value);
}
} // namespace

std::string IceCandidate::toString() const
{
    return std::string(typeName(type)) + ' ' + ip + ':' + std::to_string(port);
}

struct IceTransport::Shared
{
    bool alive = true; // main thread only
    Events events;
};

namespace {
struct Posted
{
    std::shared_ptr<IceTransport::Shared> shared;
    std::function<void(IceTransport::Events &)> call;
};

// Runs `call` on the main thread (the default GMainContext, which Qt's loop iterates), unless
// the transport has been destroyed in the meantime.
void postToMain(const std::shared_ptr<IceTransport::Shared> &shared, std::function<void(IceTransport::Events &)> call)
{
    auto *posted = new Posted{shared, std::move(call)};
    g_idle_add_full(
        G_PRIORITY_DEFAULT,
        [](gpointer data) -> gboolean {
            auto *p = static_cast<Posted *>(data);
            if (p->shared->alive)
                p->call(p->shared->events);
            return G_SOURCE_REMOVE;
        },
        posted, [](gpointer data) { delete static_cast<Posted *>(data); });
}
} // namespace

// libnice signal handlers: the agent emits them on whichever thread released its lock (ours,
// or the main thread inside a nice_agent_* call). They only copy and post.
struct IceCallbacks
{
    static void newCandidate(NiceAgent *agent, NiceCandidate *candidate, gpointer data)
    {
        auto *self = static_cast<IceTransport *>(data);
        IceCandidate c = fromNice(agent, *candidate);
        postToMain(self->m_shared, [c](IceTransport::Events &e) {
            if (e.newCandidate)
                e.newCandidate(c);
        });
    }
    static void gatheringDone(NiceAgent *, guint, gpointer data)
    {
        auto *self = static_cast<IceTransport *>(data);
        postToMain(self->m_shared, [](IceTransport::Events &e) {
            if (e.gatheringDone)
                e.gatheringDone();
        });
    }
    static void selectedPair(NiceAgent *agent, guint, guint, NiceCandidate *local, NiceCandidate *remote, gpointer data)
    {
        auto *self = static_cast<IceTransport *>(data);
        IceCandidate l = fromNice(agent, *local);
        IceCandidate r = fromNice(nullptr, *remote);
        postToMain(self->m_shared, [l, r](IceTransport::Events &e) {
            if (e.selectedPair)
                e.selectedPair(l, r);
        });
    }
    static void stateChanged(NiceAgent *, guint, guint component, guint state, gpointer data)
    {
        auto *self = static_cast<IceTransport *>(data);
        const bool working = state == NICE_COMPONENT_STATE_CONNECTED || state == NICE_COMPONENT_STATE_READY;
        if (component == 2) {
            // RTCP's own component is optional (we mux by default); its failure is no failure.
            self->m_rtcpPairReady.store(working, std::memory_order_release);
            return;
        }
        if (working) {
            postToMain(self->m_shared, [](IceTransport::Events &e) {
                if (e.connected)
                    e.connected();
            });
        } else if (state == NICE_COMPONENT_STATE_FAILED) {
            postToMain(self->m_shared, [](IceTransport::Events &e) {
                if (e.failed)
                    e.failed("ICE connectivity checks failed: no candidate pair works");
            });
        }
    }
    static void received(NiceAgent *, guint, guint component, guint length, gchar *buffer, gpointer data)
    {
        auto *self = static_cast<IceTransport *>(data);
        IceTransport::Packet packet;
        // Oversized datagrams are passed on as such (size only), so the engine counts them.
        packet.size = std::uint16_t(std::min<guint>(length, 65535));
        packet.component = std::uint8_t(component);
        std::memcpy(packet.data, buffer, std::min<std::size_t>(length, sizeof packet.data));
        if (self->m_rx.push(std::span<const IceTransport::Packet>(&packet, 1)) == 0) {
            self->m_rxDropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        wake(self->m_rxEvent);
    }
    static gboolean sendReady(gint, GIOCondition, gpointer data)
    {
        static_cast<IceTransport *>(data)->flushSend();
        return G_SOURCE_CONTINUE;
    }
};

IceTransport::IceTransport()
    : m_shared(std::make_shared<Shared>())
{
    m_rxEvent = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    m_txEvent = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

IceTransport::~IceTransport()
{
    m_shared->alive = false;
    if (m_agent && m_thread.joinable()) {
        // Lets the agent release its TURN allocations (a refresh with lifetime 0) while its
        // thread still runs. Immediate without TURN; a dead TURN server costs at most 200 ms.
        auto *closed = new std::shared_ptr<std::atomic<bool>>(std::make_shared<std::atomic<bool>>(false));
        std::shared_ptr<std::atomic<bool>> flag = *closed;
        nice_agent_close_async(
            m_agent,
            [](GObject *, GAsyncResult *, gpointer data) {
                auto *done = static_cast<std::shared_ptr<std::atomic<bool>> *>(data);
                (*done)->store(true, std::memory_order_release);
                delete done;
            },
            closed);
        for (int i = 0; i < 200 && !flag->load(std::memory_order_acquire); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (m_thread.joinable()) {
        m_quit.store(true, std::memory_order_release);
        g_main_context_wakeup(m_context);
        m_thread.join();
    }
    if (m_agent) {
        g_signal_handlers_disconnect_matched(m_agent, G_SIGNAL_MATCH_DATA, 0, 0, nullptr, nullptr, this);
        for (guint component = 1; component <= 2; ++component)
            nice_agent_attach_recv(m_agent, m_streamId, component, m_context, nullptr, nullptr);
        g_object_unref(m_agent);
    }
    if (m_context)
        g_main_context_unref(m_context);
    if (m_rxEvent >= 0)
        ::close(m_rxEvent);
    if (m_txEvent >= 0)
        ::close(m_txEvent);
}

bool IceTransport::start(const IceConfig &config, Events events, std::string &error)
{
    if (m_agent) {
        error = "ICE transport already started";
        return false;
    }
    if (m_rxEvent < 0 || m_txEvent < 0) {
        error = std::string("eventfd: ") + std::strerror(errno);
        return false;
    }
    m_shared->events = std::move(events);
    m_context = g_main_context_new();
    m_agent = nice_agent_new(m_context, NICE_COMPATIBILITY_RFC5245);
    g_object_set(m_agent, "controlling-mode", gboolean(config.controlling), "upnp", FALSE, "ice-tcp", FALSE,
                 "keepalive-conncheck", TRUE, nullptr);
    if (!config.stunServer.empty())
        g_object_set(m_agent, "stun-server", config.stunServer.c_str(), "stun-server-port", guint(config.stunPort),
                     nullptr);

    // Host candidates on every IPv4 interface, loopback included: libnice leaves loopback out
    // when it picks the addresses itself, and a machine with only `lo` (or two clients on one
    // machine) then has nothing to pair. IPv4 only: the engine's addresses are IPv4.
    GList *ips = nice_interfaces_get_local_ips(TRUE);
    int added = 0;
    for (GList *l = ips; l; l = l->next) {
        NiceAddress address;
        nice_address_init(&address);
        if (nice_address_set_from_string(&address, static_cast<const char *>(l->data))
            && nice_address_ip_version(&address) == 4 && nice_agent_add_local_address(m_agent, &address))
            ++added;
    }
    g_list_free_full(ips, g_free);
    if (added == 0) {
        NiceAddress loopback;
        nice_address_init(&loopback);
        nice_address_set_from_string(&loopback, "127.0.0.1");
        nice_agent_add_local_address(m_agent, &loopback);
    }

    m_streamId = nice_agent_add_stream(m_agent, 2);
    if (m_streamId == 0) {
        error = "libnice refused to add a stream";
        return false;
    }
    nice_agent_set_stream_name(m_agent, m_streamId, "audio");
    if (!config.turnServer.empty()) {
        for (guint component = 1; component <= 2; ++component)
            nice_agent_set_relay_info(m_agent, m_streamId, component, config.turnServer.c_str(), config.turnPort,
                                      config.turnUser.c_str(), config.turnPassword.c_str(), NICE_RELAY_TYPE_TURN_UDP);
    }
    g_signal_connect(m_agent, "new-candidate-full", G_CALLBACK(IceCallbacks::newCandidate), this);
    g_signal_connect(m_agent, "candidate-gathering-done", G_CALLBACK(IceCallbacks::gatheringDone), this);
    g_signal_connect(m_agent, "new-selected-pair-full", G_CALLBACK(IceCallbacks::selectedPair), this);
    g_signal_connect(m_agent, "component-state-changed", G_CALLBACK(IceCallbacks::stateChanged), this);
    for (guint component = 1; component <= 2; ++component)
        nice_agent_attach_recv(m_agent, m_streamId, component, m_context, IceCallbacks::received, this);
    GSource *sendSource = g_unix_fd_source_new(m_txEvent, G_IO_IN);
    g_source_set_callback(sendSource, G_SOURCE_FUNC(IceCallbacks::sendReady), this, nullptr);
    g_source_attach(sendSource, m_context);
    g_source_unref(sendSource);

    m_thread = std::thread([this] { run(); });
    if (!nice_agent_gather_candidates(m_agent, m_streamId)) {
        error = "ICE candidate gathering failed to start (no usable local address?)";
        return false;
    }
    return true;
}

void IceTransport::run()
{
    // A flag rather than a GMainLoop: a quit that comes before the loop runs is not lost.
    pthread_setname_np(pthread_self(), "crosstalk-ice");
    g_main_context_push_thread_default(m_context);
    while (!m_quit.load(std::memory_order_acquire))
        g_main_context_iteration(m_context, TRUE);
    g_main_context_pop_thread_default(m_context);
}

int IceTransport::addRemoteCandidates(const std::vector<IceCandidate> &candidates, std::vector<std::string> &rejected)
{
    if (!m_agent) {
        rejected.push_back("the ICE transport is not running");
        return 0;
    }
    GSList *perComponent[3] = {nullptr, nullptr, nullptr};
    int accepted = 0;
    for (const IceCandidate &c : candidates) {
        const std::string name = c.ip.size() <= kMaxAddressText ? c.ip : c.ip.substr(0, kMaxAddressText) + "...";
        NiceAddress address;
        nice_address_init(&address);
        std::string why;
        if (c.component < 1 || c.component > 2)
            why = "component " + std::to_string(c.component) + " (only 1 and 2 exist)";
        else if (c.ip.size() > kMaxAddressText || !nice_address_set_from_string(&address, c.ip.c_str()))
            why = "not an IP address";
        else if (c.port == 0)
            why = "port 0";
        else if (c.foundation.empty() || c.foundation.size() > kMaxFoundation)
            why = "foundation missing or longer than " + std::to_string(kMaxFoundation) + " characters";
        else if (c.username.size() > kMaxCredential || c.password.size() > kMaxCredential)
            why = "ICE username or password longer than 256 characters";
        if (!why.empty()) {
            rejected.push_back("remote candidate " + name + ':' + std::to_string(c.port) + ": " + why);
            continue;
        }
        if (!m_haveRemoteCredentials && !c.username.empty() && !c.password.empty()) {
            nice_agent_set_remote_credentials(m_agent, m_streamId, c.username.c_str(), c.password.c_str());
            m_haveRemoteCredentials = true;
        }
        NiceCandidate *nc = nice_candidate_new(toNice(c.type));
        nc->stream_id = m_streamId;
        nc->component_id = c.component;
        nc->transport = NICE_CANDIDATE_TRANSPORT_UDP;
        nc->addr = address;
        nice_address_set_port(&nc->addr, c.port);
        nc->priority = c.priority;
        g_strlcpy(nc->foundation, c.foundation.c_str(), sizeof nc->foundation);
        if (!c.baseIp.empty() && c.baseIp.size() <= kMaxAddressText
            && nice_address_set_from_string(&nc->base_addr, c.baseIp.c_str()))
            nice_address_set_port(&nc->base_addr, c.basePort);
        perComponent[c.component] = g_slist_append(perComponent[c.component], nc);
        ++accepted;
    }
    for (guint component = 1; component <= 2; ++component) {
        if (!perComponent[component])
            continue;
        if (nice_agent_set_remote_candidates(m_agent, m_streamId, component, perComponent[component]) < 0)
            rejected.push_back("libnice refused the remote candidates of component " + std::to_string(component));
        g_slist_free_full(perComponent[component], reinterpret_cast<GDestroyNotify>(nice_candidate_free));
    }
    return accepted;
}

std::vector<IceCandidate> IceTransport::localCandidates() const
{
    std::vector<IceCandidate> out;
    if (!m_agent)
        return out;
    for (guint component = 1; component <= 2; ++component) {
        GSList *list = nice_agent_get_local_candidates(m_agent, m_streamId, component);
        for (GSList *l = list; l; l = l->next)
            out.push_back(fromNice(m_agent, *static_cast<NiceCandidate *>(l->data)));
        g_slist_free_full(list, reinterpret_cast<GDestroyNotify>(nice_candidate_free));
    }
    return out;
}

bool IceTransport::sendTo(std::span<const std::uint8_t> datagram, const voice::SocketAddress &)
{
    Packet packet;
    if (datagram.size() > sizeof packet.data)
        return false;
    packet.size = std::uint16_t(datagram.size());
    // RTCP goes to its own component when that has a working pair and rtcp-mux was not asked
    // for (a Farstream peer without rtcp-mux listens there); otherwise muxed on component 1.
    packet.component = (!m_rtcpMux.load(std::memory_order_acquire)
                        && m_rtcpPairReady.load(std::memory_order_acquire) && voice::looksLikeRtcp(datagram))
        ? 2
        : 1;
    std::memcpy(packet.data, datagram.data(), datagram.size());
    if (m_tx.push(std::span<const Packet>(&packet, 1)) == 0)
        return false;
    wake(m_txEvent);
    return true;
}

void IceTransport::flushSend()
{
    clearEvent(m_txEvent);
    Packet packet;
    while (m_tx.pop(std::span<Packet>(&packet, 1)) == 1)
        nice_agent_send(m_agent, m_streamId, packet.component, packet.size, reinterpret_cast<const gchar *>(packet.data));
}

voice::PacketTransport::ReceiveStatus IceTransport::receive(std::span<std::uint8_t> buffer, std::size_t &size,
                                                            voice::SocketAddress &)
{
    Packet packet;
    if (m_rx.pop(std::span<Packet>(&packet, 1)) == 0) {
        // Clear the wake-up first, then look again: a packet pushed in between is not missed.
        clearEvent(m_rxEvent);
        if (m_rx.pop(std::span<Packet>(&packet, 1)) == 0)
            return ReceiveStatus::WouldBlock;
    }
    size = packet.size;
    if (packet.size > buffer.size() || packet.size > sizeof packet.data)
        return ReceiveStatus::Truncated;
    std::memcpy(buffer.data(), packet.data, packet.size);
    return ReceiveStatus::Datagram;
}

bool IceTransport::waitReadable(std::int64_t timeoutUs) const
{
    if (m_rx.size() > 0)
        return true;
    pollfd p{m_rxEvent, POLLIN, 0};
    const timespec timeout{time_t(timeoutUs / 1'000'000), long(timeoutUs % 1'000'000) * 1000};
    return ::ppoll(&p, 1, &timeout, nullptr) > 0 && (p.revents & POLLIN);
}

} // namespace crosstalk::protocols
