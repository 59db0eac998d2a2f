// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/mediastream.h"

#include "core/voice/rtcp.h"
#include "core/voice/rtppacket.h"

#include <algorithm>
#include <cmath>

namespace crosstalk::voice {

namespace {
constexpr std::size_t kIpUdpOverhead = 28; // IPv4 + UDP headers, for wire bitrates
constexpr std::size_t kMaxWireDatagram = kMaxDatagram + kSrtpMaxOverhead;
// NTP timestamps are built from the session's monotonic clock; the offset keeps them non-zero
// (zero LSR means "no SR yet").
constexpr std::int64_t kNtpEpochOffsetUs = 1'000'000'000;
} // namespace

bool MediaStream::init(const MediaDescription &local, const MediaDescription &remote,
                       const StreamOptions &options, PacketTransport &socket, std::string &error)
{
    m_socket = &socket;
    m_options = options;
    // Highest-priority IPv4 remote candidate; ICE connectivity checks are the signalling
    // layer's business (libpurple gives us the selected pair).
    const TransportCandidate *best = nullptr;
    for (const TransportCandidate &c : remote.candidates) {
        SocketAddress probe;
        if (SocketAddress::parse(c.address, c.port, probe) && c.port != 0 && (!best || c.priority > best->priority))
            best = &c;
    }
    if (!best) {
        error = "no usable remote IPv4 candidate";
        return false;
    }
    SocketAddress::parse(best->address, best->port, m_remote);

    if (remote.codec.ptimeMs != 10 && remote.codec.ptimeMs != 20) {
        error = "ptime must be 10 or 20 ms";
        return false;
    }
    for (const CodecParams *c : {&local.codec, &remote.codec}) {
        if (c->clockRate != codecClockRate(c->codec)) {
            error = std::string(codecName(c->codec)) + " runs at an RTP clock of " + std::to_string(codecClockRate(c->codec))
                + " Hz, not " + std::to_string(c->clockRate);
            return false;
        }
        // Opus has no static payload type; G.711's are 0 and 8, but a dynamic one is legal too.
        const bool dynamic = c->payloadType >= 96 && c->payloadType <= 127;
        if (!dynamic && (c->codec == AudioCodec::Opus || c->payloadType != defaultPayloadType(c->codec))) {
            error = std::string(codecName(c->codec)) + " cannot use RTP payload type " + std::to_string(c->payloadType);
            return false;
        }
    }
    m_localPayloadType = local.codec.payloadType;
    m_remotePayloadType = remote.codec.payloadType;
    m_sendCodec = remote.codec.codec;
    m_sendClockRatio = kSampleRate / remote.codec.clockRate;
    m_receiveClockRatio = kSampleRate / local.codec.clockRate;
    m_frameMs = remote.codec.ptimeMs;

    // The peer's receive preferences shape what we send (RFC 7587 fmtp semantics).
    EncoderConfig enc;
    enc.frameMs = remote.codec.ptimeMs;
    enc.fec = remote.codec.inbandFec;
    enc.cbr = remote.codec.cbr;
    enc.dtx = remote.codec.dtx;
    enc.maxBitrate = std::clamp(remote.codec.maxAverageBitrate, kMinBitrate, kMaxBitrate);
    enc.bitrate = std::min(32000, enc.maxBitrate);
    if (m_sendCodec == AudioCodec::Opus ? !m_encoder.init(enc, error)
                                        : !m_g711.init(m_sendCodec, remote.codec.ptimeMs, error))
        return false;
    m_rate = std::make_unique<RateController>(enc.bitrate, enc.maxBitrate);

    if (local.srtp.has_value() != remote.srtp.has_value()) {
        error = "SRTP keys on one side only: refusing to fall back to plain RTP";
        return false;
    }
    m_srtpOn = local.srtp.has_value();
    if (m_srtpOn) {
        if (!m_srtpOut.init(*local.srtp, SrtpContext::Direction::Outbound, error)
            || !m_srtpIn.init(*remote.srtp, SrtpContext::Direction::Inbound, error))
            return false;
    }

    m_ssrc = local.ssrc != 0 ? local.ssrc : randomU32();
    m_sequence = std::uint16_t(randomU32());
    m_timestamp = randomU32();
    m_rtcpRandom = m_ssrc | 1;
    m_source = std::make_unique<RtpSource>(remote.ssrc, m_srtpOn, local.codec.clockRate);
    m_jitter.setFecRecovery(options.fecRecovery);
    m_jitter.setMinimumDelayMs(options.minJitterDelayMs);
    if (!m_jitter.init(error, local.codec.codec))
        return false;
    m_counters.srtp = m_srtpOn;
    return true;
}

void MediaStream::tick(ConstBlock capture, Block playback, bool sendMedia, std::int64_t nowUs)
{
    if (m_startUs < 0) {
        m_startUs = nowUs;
        m_rateWindowUs = nowUs;
        m_nextRtcpUs = nowUs + m_options.rtcpIntervalMs * 500LL; // first report after half an interval
        m_nextLossCheckUs = nowUs + 1'000'000;
    }
    const int frameSamples = m_frameMs * kSampleRate / 1000;
    std::copy(capture.begin(), capture.end(), m_frame.begin() + m_frameFill);
    m_frameFill += int(kBlockSamples);
    if (m_frameFill >= frameSamples) {
        m_frameFill = 0;
        if (sendMedia) {
            std::array<std::uint8_t, kMaxOpusPacket> packet;
            const std::span<const Sample> pcm(m_frame.data(), std::size_t(frameSamples));
            const int n = m_sendCodec == AudioCodec::Opus ? m_encoder.encode(pcm, packet) : m_g711.encode(pcm, packet);
            if (n > 0)
                sendPacket(std::span<const std::uint8_t>(packet.data(), std::size_t(n)), nowUs);
        } else {
            m_marker = true; // the next packet after hold starts a talkspurt
        }
        // The RTP clock follows the sampling clock even while nothing is sent (RFC 3550 5.1).
        m_timestamp += std::uint32_t(frameSamples / m_sendClockRatio);
    }
    m_jitter.pull(playback);
    if (nowUs >= m_nextLossCheckUs) {
        m_nextLossCheckUs = nowUs + 1'000'000;
        updateReceiveLoss();
    }
}

void MediaStream::updateReceiveLoss()
{
    const std::int64_t expected = m_source->expected();
    const std::uint64_t received = m_source->received();
    const std::int64_t expectedDelta = expected - m_lossExpectedPrior;
    const std::int64_t receivedDelta = std::int64_t(received - m_lossReceivedPrior);
    m_lossExpectedPrior = expected;
    m_lossReceivedPrior = received;
    if (expectedDelta <= 0)
        return;
    const double loss = std::clamp(double(expectedDelta - receivedDelta) / double(expectedDelta), 0.0, 1.0);
    m_receiveLoss += (loss > m_receiveLoss ? 0.5 : 0.1) * (loss - m_receiveLoss);
    // While packets are being lost, hold one more packet so the one after a loss is usually
    // there in time for FEC recovery (costs one frame of delay only on lossy paths).
    m_jitter.setExtraDelayMs(m_receiveLoss > 0.005 ? m_frameMs : 0);
}

void MediaStream::sendPacket(std::span<const std::uint8_t> payload, std::int64_t nowUs)
{
    (void)nowUs;
    RtpHeader h;
    h.marker = m_marker;
    h.payloadType = std::uint8_t(m_remotePayloadType);
    h.sequence = m_sequence++;
    h.timestamp = m_timestamp;
    h.ssrc = m_ssrc;
    m_marker = false;
    const std::size_t size = writeRtp(h, payload, m_sendBuffer);
    if (size == 0)
        return;
    ++m_packetsSentTotal;
    m_octetsSentTotal += std::uint32_t(payload.size());
    sendDatagram(size, false);
    ++m_counters.packetsSent;
}

void MediaStream::sendDatagram(std::size_t size, bool rtcp)
{
    if (m_srtpOn) {
        SrtpContext &ctx = m_srtpOut;
        const auto result = rtcp ? ctx.protectRtcp(m_sendBuffer, size) : ctx.protectRtp(m_sendBuffer, size);
        if (result != SrtpContext::Result::Ok)
            return;
    }
    m_socket->sendTo(std::span<const std::uint8_t>(m_sendBuffer.data(), size), m_remote);
    m_counters.bytesSent += size;
    m_wireSent += size + kIpUdpOverhead;
}

int MediaStream::drain(std::int64_t nowUs, int budget)
{
    int n = 0;
    for (; n < budget; ++n) {
        std::size_t size = 0;
        SocketAddress from;
        const auto status = m_socket->receive(std::span<std::uint8_t>(m_buffer.data(), kMaxWireDatagram), size, from);
        if (status == PacketTransport::ReceiveStatus::WouldBlock || status == PacketTransport::ReceiveStatus::Error)
            break;
        ++m_counters.datagramsReceived;
        m_wireReceived += size + kIpUdpOverhead;
        if (status == PacketTransport::ReceiveStatus::Truncated) {
            ++m_counters.droppedOversized;
            continue;
        }
        onDatagram(std::span<std::uint8_t>(m_buffer.data(), size), nowUs);
    }
    return n;
}

void MediaStream::onDatagram(std::span<std::uint8_t> datagram, std::int64_t nowUs)
{
    if (datagram.size() > kMaxWireDatagram) {
        ++m_counters.droppedOversized;
        return;
    }
    // libsrtp works in place and may need the full buffer; copy injected datagrams into ours.
    if (datagram.data() != m_buffer.data())
        std::copy(datagram.begin(), datagram.end(), m_buffer.begin());
    if (looksLikeRtcp(datagram))
        onRtcp(m_buffer, datagram.size(), nowUs);
    else
        onRtp(m_buffer, datagram.size(), nowUs);
}

void MediaStream::onRtp(std::span<std::uint8_t> buffer, std::size_t size, std::int64_t nowUs)
{
    if (m_srtpOn) {
        // Check the version first: libsrtp should only ever see plausible RTP.
        if (size < kRtpHeaderSize || (buffer[0] >> 6) != 2) {
            ++m_counters.droppedMalformed;
            return;
        }
        const auto result = m_srtpIn.unprotectRtp(buffer, size);
        if (result == SrtpContext::Result::Replayed) {
            ++m_counters.droppedSrtpReplay;
            return;
        }
        if (result != SrtpContext::Result::Ok) {
            ++m_counters.droppedSrtpAuth;
            return;
        }
    }
    RtpPacketView view;
    if (parseRtp(std::span<const std::uint8_t>(buffer.data(), size), view) != RtpParseResult::Ok) {
        ++m_counters.droppedMalformed;
        return;
    }
    if (view.header.payloadType != m_localPayloadType) {
        ++m_counters.droppedPayloadType;
        return;
    }
    std::uint64_t extended = 0;
    switch (m_source->update(view.header, nowUs, extended)) {
    case RtpSource::Verdict::Accept: break;
    case RtpSource::Verdict::Probation: ++m_counters.droppedProbation; return;
    case RtpSource::Verdict::WrongSsrc: ++m_counters.droppedSsrc; return;
    case RtpSource::Verdict::BadSequence: ++m_counters.droppedSequence; return;
    }
    ++m_counters.packetsAccepted;
    // The jitter buffer counts in 48 kHz samples. Multiplying modulo 2^32 keeps the timeline
    // continuous across the RTP timestamp's wrap, since 2^32 * ratio is 0 modulo 2^32.
    m_jitter.insert(view.header.timestamp * std::uint32_t(m_receiveClockRatio), view.payload, nowUs);
}

void MediaStream::onRtcp(std::span<std::uint8_t> buffer, std::size_t size, std::int64_t nowUs)
{
    if (m_srtpOn) {
        const auto result = m_srtpIn.unprotectRtcp(buffer, size);
        if (result == SrtpContext::Result::Replayed) {
            ++m_counters.droppedSrtpReplay;
            return;
        }
        if (result != SrtpContext::Result::Ok) {
            ++m_counters.droppedSrtpAuth;
            return;
        }
    }
    RtcpInfo info;
    if (parseRtcp(std::span<const std::uint8_t>(buffer.data(), size), m_ssrc, info) != RtcpParseResult::Ok) {
        ++m_counters.droppedRtcp;
        return;
    }
    // Only the sender we locked on may report (or, before lock, nobody's reports are trusted).
    if (!m_source->locked() || info.senderSsrc != m_source->ssrc()) {
        ++m_counters.droppedSsrc;
        return;
    }
    ++m_counters.rtcpReceived;
    if (info.hasSenderInfo) {
        m_lastSrMiddle = ntpMiddle(info.sender.ntp);
        m_lastSrArrivalUs = nowUs;
    }
    if (info.hasReportForUs) {
        const double rtt = roundTripMs(ntpMiddle(ntpFromMicros(nowUs + kNtpEpochOffsetUs)), info.report);
        if (rtt >= 0)
            m_rttMs = rtt;
        m_remoteLoss = info.report.fractionLost / 256.0;
        m_remoteJitterMs = info.report.jitter * double(m_sendClockRatio) / 48.0;
        m_rate->onReport(m_remoteLoss, rtt);
        if (m_sendCodec == AudioCodec::Opus) { // G.711 has one rate and no FEC
            m_encoder.setExpectedLoss(m_rate->expectedLossPercent());
            m_encoder.setBitrate(m_rate->bitrate());
        }
    }
}

void MediaStream::maybeSendRtcp(std::int64_t nowUs)
{
    if (m_startUs < 0 || nowUs < m_nextRtcpUs)
        return;
    // Randomised interval (0.5..1.5 of nominal, RFC 3550 6.3.1) so peers do not synchronise.
    m_rtcpRandom = m_rtcpRandom * 1664525u + 1013904223u;
    const double factor = 0.5 + double(m_rtcpRandom >> 8) / double(1u << 24);
    m_nextRtcpUs = nowUs + std::int64_t(m_options.rtcpIntervalMs * 1000.0 * factor);

    SenderInfo sender;
    const bool isSender = m_packetsSentTotal > 0;
    if (isSender) {
        sender.ntp = ntpFromMicros(nowUs + kNtpEpochOffsetUs);
        sender.rtpTimestamp = m_timestamp;
        sender.packetCount = m_packetsSentTotal;
        sender.octetCount = m_octetsSentTotal;
    }
    ReceptionReport report;
    const bool haveReport = m_source->locked() && m_source->received() > 0;
    if (haveReport)
        report = m_source->makeReport(m_lastSrMiddle, m_lastSrArrivalUs, nowUs);
    const std::size_t size = writeRtcpReport(m_ssrc, isSender ? &sender : nullptr, haveReport ? &report : nullptr,
                                             m_options.cname, std::span<std::uint8_t>(m_sendBuffer.data(), kMaxDatagram));
    if (size == 0)
        return;
    sendDatagram(size, true);
    ++m_counters.rtcpSent;
}

void MediaStream::fillStats(CallStats &stats, std::int64_t nowUs)
{
    const JitterBufferStats &jb = m_jitter.stats();
    const CallStats &c = m_counters;
    stats.srtp = m_srtpOn;
    stats.seconds = m_startUs < 0 ? 0.0 : double(nowUs - m_startUs) / 1e6;
    if (nowUs - m_rateWindowUs >= 1'000'000) {
        const double seconds = double(nowUs - m_rateWindowUs) / 1e6;
        m_sendKbps = double(m_wireSent - m_wireSentAtWindow) * 8.0 / 1000.0 / seconds;
        m_receiveKbps = double(m_wireReceived - m_wireReceivedAtWindow) * 8.0 / 1000.0 / seconds;
        m_wireSentAtWindow = m_wireSent;
        m_wireReceivedAtWindow = m_wireReceived;
        m_rateWindowUs = nowUs;
    }
    stats.sendBitrateKbps = m_sendKbps;
    stats.receiveBitrateKbps = m_receiveKbps;
    const bool opus = m_sendCodec == AudioCodec::Opus;
    stats.sendCodec = m_sendCodec;
    stats.encoderBitrate = opus ? m_encoder.bitrate() : 64000;
    stats.fecActive = opus && m_encoder.fecActive();
    stats.expectedLossPercent = m_rate ? m_rate->expectedLossPercent() : 0;

    const std::int64_t expected = m_source ? m_source->expected() : 0;
    stats.lossPercent = expected > 0 ? std::max<double>(0.0, double(m_source->cumulativeLost()) * 100.0 / double(expected)) : 0.0;
    stats.latePercent = expected > 0 ? double(jb.latePackets) * 100.0 / double(expected) : 0.0;
    stats.jitterMs = m_source ? m_source->jitterMs() : 0.0;
    stats.rttMs = m_rttMs;
    stats.remoteLossPercent = m_remoteLoss * 100.0;
    stats.remoteJitterMs = m_remoteJitterMs;
    stats.jitterBufferMs = jb.currentDelayMs;
    stats.jitterTargetMs = jb.targetDelayMs;

    stats.normalFrames = jb.normalFrames;
    stats.mergeFrames = jb.mergeFrames;
    stats.concealedFrames = jb.expandFrames;
    stats.fecRecoveredFrames = jb.fecRecoveredFrames;
    stats.accelerateOps = jb.accelerateOps;
    stats.decelerateOps = jb.decelerateOps;
    stats.resyncs = jb.resyncs;

    stats.packetsSent = c.packetsSent;
    stats.bytesSent = c.bytesSent;
    stats.rtcpSent = c.rtcpSent;
    stats.datagramsReceived = c.datagramsReceived;
    stats.packetsAccepted = c.packetsAccepted;
    stats.rtcpReceived = c.rtcpReceived;
    stats.droppedOversized = c.droppedOversized;
    stats.droppedMalformed = c.droppedMalformed;
    stats.droppedPayloadType = c.droppedPayloadType;
    stats.droppedSsrc = c.droppedSsrc;
    stats.droppedProbation = c.droppedProbation;
    stats.droppedSequence = c.droppedSequence;
    stats.droppedSrtpAuth = c.droppedSrtpAuth;
    stats.droppedSrtpReplay = c.droppedSrtpReplay;
    stats.droppedRtcp = c.droppedRtcp;
    stats.droppedLate = jb.latePackets;
    stats.droppedDuplicate = jb.duplicatePackets;
    stats.droppedOutOfRange = jb.outOfRangePackets;
    stats.droppedUndecodable = jb.invalidPackets;
    stats.droppedFlood = m_socket ? m_socket->kernelDrops() : 0;

    // What the listener hears: frames played from concealment rather than from audio.
    const double played = double(jb.normalFrames + jb.mergeFrames + jb.expandFrames + jb.fecRecoveredFrames);
    const double concealedPercent = played > 0 ? double(jb.expandFrames) * 100.0 / played : 0.0;
    const double oneWay = std::max(0.0, m_rttMs) / 2.0 + jb.currentDelayMs
        + m_frameMs + (opus ? kOpusLookahead / 48.0 : 0.0) + 2.0 * kBlockMs;
    stats.mos = played > 0 ? estimateMos(oneWay, concealedPercent) : 0.0;
}

} // namespace crosstalk::voice
