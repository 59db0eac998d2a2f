// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/net/virtualcall.h"

#include "tests/support/audio/speechsynth.h"
#include "tests/support/tempdir.h"

#include <cmath>
#include <numbers>
#include <random>

namespace crosstalk::test {

using namespace crosstalk::voice;

VirtualCall::VirtualCall(VirtualCallSetup setup)
    : m_setup(std::move(setup))
    , m_relay(m_setup.seed)
{
    // The loop steps in whole milliseconds; B's clock must fall on a step.
    m_setup.phaseUs = (m_setup.phaseUs / 1000 % 10) * 1000;
}

VirtualCall::~VirtualCall()
{
    stop();
}

bool VirtualCall::start(std::string &error)
{
    FileDeviceConfig ca;
    ca.clock = FileDeviceConfig::Clock::Virtual;
    ca.inputSamples = m_setup.inputA;
    FileDeviceConfig cb = ca;
    cb.inputSamples = m_setup.inputB;
    // An empty input would mean silence anyway; a silent block keeps FileDevice on samples.
    if (ca.inputSamples.empty())
        ca.inputSamples.assign(kBlockSamples, 0);
    if (cb.inputSamples.empty())
        cb.inputSamples.assign(kBlockSamples, 0);
    m_deviceA = std::make_unique<FileDevice>(ca);
    m_deviceB = std::make_unique<FileDevice>(cb);

    CallSession::Options opts;
    opts.clock = CallSession::Clock::Virtual;
    opts.fecRecovery = m_setup.fecRecovery;
    opts.minJitterDelayMs = m_setup.minJitterDelayMs;
    if (m_setup.dsp) {
        m_processorA = std::make_unique<AudioProcessor>();
        m_processorB = std::make_unique<AudioProcessor>();
    }
    opts.cname = "a@virtual";
    opts.processor = m_processorA.get();
    m_a = std::make_unique<CallSession>(*m_deviceA, opts);
    opts.cname = "b@virtual";
    opts.processor = m_processorB.get();
    m_b = std::make_unique<CallSession>(*m_deviceB, opts);

    MediaDescription la, lb;
    for (MediaDescription *d : {&la, &lb}) {
        if (m_setup.codec != AudioCodec::Opus)
            d->codec = CodecParams::g711(m_setup.codec);
        d->codec.ptimeMs = m_setup.ptimeMs;
        d->codec.inbandFec = m_setup.fec;
        d->codec.cbr = m_setup.cbr;
        d->candidates = {TransportCandidate{"127.0.0.1", 0, 1}};
    }
    if (m_setup.srtp) {
        la.srtp = makeRandomSrtpKeys();
        lb.srtp = makeRandomSrtpKeys();
    }
    if (!m_a->open(la, error) || !m_b->open(lb, error))
        return false;
    MediaDescription ra = m_a->localDescription();
    MediaDescription rb = m_b->localDescription();
    if (m_setup.relay) {
        if (!m_relay.open(error))
            return false;
        m_relay.setImpairment(ImpairmentRelay::Direction::AtoB, m_setup.aToB);
        m_relay.setImpairment(ImpairmentRelay::Direction::BtoA, m_setup.bToA);
        SocketAddress addrA, addrB;
        SocketAddress::parse("127.0.0.1", ra.candidates[0].port, addrA);
        SocketAddress::parse("127.0.0.1", rb.candidates[0].port, addrB);
        m_relay.setEndpoints(addrA, addrB);
        // Each side sees the relay as its peer.
        ra.candidates[0].port = m_relay.portForB();
        rb.candidates[0].port = m_relay.portForA();
    }
    return m_a->start(rb, error) && m_b->start(ra, error);
}

void VirtualCall::runUntil(double seconds, const std::function<void(std::int64_t)> &onStep)
{
    const std::int64_t end = std::int64_t(seconds * 1e6);
    for (; m_nowUs < end; m_nowUs += 1000) {
        const std::int64_t t = m_nowUs;
        if (t % 10000 == 0)
            m_deviceA->advance(1);
        if ((t - m_setup.phaseUs) % 10000 == 0 && t >= m_setup.phaseUs)
            m_deviceB->advance(1);
        if (onStep)
            onStep(t);
        if (m_setup.relay)
            m_relay.pump(t);
        m_a->advance(t);
        m_b->advance(t);
    }
}

void VirtualCall::stop()
{
    if (m_a)
        m_a->stop();
    if (m_b)
        m_b->stop();
}

std::uint16_t VirtualCall::portB() const
{
    return m_b->localDescription().candidates[0].port;
}

std::uint32_t VirtualCall::ssrcA() const
{
    return m_a->localDescription().ssrc;
}

std::vector<Sample> testSpeech(double seconds)
{
    static std::vector<Sample> cached;
    const std::size_t wanted = std::size_t(seconds * kSampleRate);
    if (cached.size() < wanted) {
        TempDir dir;
        auto speech = speechOfLength(seconds, dir.path());
        cached = speech ? std::move(*speech) : voicedSignal(seconds);
    }
    return std::vector<Sample>(cached.begin(), cached.begin() + std::ptrdiff_t(wanted));
}

std::vector<Sample> voicedSignal(double seconds, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const std::size_t n = std::size_t(seconds * kSampleRate);
    std::vector<Sample> out(n);
    double phase = 0.0;
    double pitch = 140.0;
    double target = 140.0;
    double envelope = 0.0;
    std::size_t syllableEnd = 0;
    bool voiced = true;
    for (std::size_t i = 0; i < n; ++i) {
        if (i >= syllableEnd) {
            // Syllables of 120..300 ms; every third or so is a pause.
            voiced = u(rng) > 0.3;
            syllableEnd = i + std::size_t((0.12 + 0.18 * u(rng)) * kSampleRate);
            target = 100.0 + 120.0 * u(rng);
        }
        pitch += (target - pitch) * 0.0005;
        envelope += ((voiced ? 1.0 : 0.0) - envelope) * 0.002;
        phase += 2.0 * std::numbers::pi * pitch / kSampleRate;
        double v = 0.0;
        for (int h = 1; h <= 12; ++h) {
            const double f = pitch * h;
            const double formant = std::exp(-std::pow((f - 700.0) / 500.0, 2)) + 0.5 * std::exp(-std::pow((f - 1800.0) / 700.0, 2));
            v += (0.3 / h + formant) * std::sin(phase * h);
        }
        out[i] = Sample(std::lround(std::clamp(v * envelope * 5000.0, -32000.0, 32000.0)));
    }
    return out;
}

} // namespace crosstalk::test
