// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/audioprocessor.h"

#include "core/voice/resampler.h"

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <algorithm>
#include <cmath>

namespace crosstalk::voice {
namespace {

double meanSquare(std::span<const Sample> x)
{
    double sum = 0;
    for (Sample s : x)
        sum += double(s) * double(s);
    return sum / double(x.size());
}

double toDbfs(double meanSq)
{
    return 10.0 * std::log10(std::max(meanSq, 1e-3) / (32768.0 * 32768.0));
}

// ERLE smoothing: ~0.5 s time constant at one update per 10 ms block.
constexpr double kErleAlpha = 0.02;
// The far end counts as active above about -50 dBFS: quieter references carry too little
// echo to say anything about the canceller.
constexpr double kFarEndActivePower = 100.0 * 100.0;

} // namespace

AudioProcessor::AudioProcessor(const ProcessorConfig &config)
    : m_config(config)
{
    const int rate = m_config.processingRate == 16000 ? 16000 : kSampleRate;
    m_config.processingRate = rate;
    m_frame = rate / 100;
    if (rate != kSampleRate) {
        // Integer ratios without skipped zeros: every 480-sample block maps to exactly 160 and
        // back, so the 10 ms framing holds; the pair adds about 4 ms of filter delay.
        constexpr int kQuality = 4;
        m_captureDown = std::make_unique<Resampler>(kSampleRate, rate, kQuality, false);
        m_referenceDown = std::make_unique<Resampler>(kSampleRate, rate, kQuality, false);
        m_up = std::make_unique<Resampler>(rate, kSampleRate, kQuality, false);
        if (m_config.bandSplit) {
            m_lowUp = std::make_unique<Resampler>(rate, kSampleRate, kQuality, false);
            m_splitDelay = measureSplitDelay();
            m_maxHighGain = std::pow(10.0, m_config.agcMaxGainDb / 20.0);
        }
    }
    if (m_config.echoCancellation) {
        const int tail = std::max(1, m_config.echoTailMs) * rate / 1000;
        m_echo = speex_echo_state_init(m_frame, tail);
        int r = rate; // the canceller's adaptation constants depend on it (default 8 kHz)
        speex_echo_ctl(m_echo, SPEEX_ECHO_SET_SAMPLING_RATE, &r);
    }
    if (m_config.noiseSuppression || m_config.agc || (m_echo && m_config.residualEchoSuppression))
        m_pre = speex_preprocess_state_init(m_frame, rate);
    configurePreprocess();
}

AudioProcessor::~AudioProcessor()
{
    if (m_pre)
        speex_preprocess_state_destroy(m_pre);
    if (m_echo)
        speex_echo_state_destroy(m_echo);
}

void AudioProcessor::configurePreprocess()
{
    if (!m_pre)
        return;
    int on = m_config.noiseSuppression ? 1 : 0;
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_DENOISE, &on);
    int ns = m_config.noiseSuppressDb;
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &ns);
    int agc = m_config.agc ? 1 : 0;
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_AGC, &agc);
    if (m_config.agc) {
        spx_int32_t target = m_config.agcTargetLevel;
        speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_AGC_TARGET, &target);
        spx_int32_t maxGain = m_config.agcMaxGainDb;
        speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_AGC_MAX_GAIN, &maxGain);
    }
    int off = 0;
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_DEREVERB, &off);
    if (m_echo && m_config.residualEchoSuppression) {
        speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_ECHO_STATE, m_echo);
        int sup = m_config.echoSuppressDb;
        speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS, &sup);
        int active = m_config.echoSuppressActiveDb;
        speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE, &active);
    }
}

int AudioProcessor::measureSplitDelay()
{
    // The delay of the 48 -> 16 -> 48 kHz pair, found with an impulse through fresh filters of
    // the same kind (construction time only).
    constexpr int kQuality = 4;
    Resampler down(kSampleRate, 16000, kQuality, false);
    Resampler up(16000, kSampleRate, kQuality, false);
    std::array<Sample, kBlockSamples> in{};
    std::array<Sample, kBlockSamples / 3> low{};
    std::array<Sample, kBlockSamples> out{};
    in[0] = 16384;
    int best = 0;
    int bestValue = 0;
    for (int block = 0; block < 2; ++block) {
        down.process(in, low);
        up.process(low, out);
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (std::abs(int(out[i])) > bestValue) {
                bestValue = std::abs(int(out[i]));
                best = block * int(kBlockSamples) + int(i);
            }
        }
        in[0] = 0;
    }
    return std::clamp(best, 0, int(kBlockSamples));
}

void AudioProcessor::process(Block capture, ConstBlock playedReference)
{
    ++m_blocks;
    if (!m_captureDown) {
        processAtRate(capture, playedReference);
        return;
    }
    processLowBand(capture, playedReference);
}

void AudioProcessor::process(Block capture)
{
    ++m_blocks;
    if (!m_captureDown) {
        processAtRate(capture, {});
        return;
    }
    processLowBand(capture, {});
}

void AudioProcessor::processLowBand(Block capture, std::span<const Sample> playedReference)
{
    const auto frame = static_cast<std::size_t>(m_frame);
    const std::size_t low = m_captureDown->process(capture, std::span(m_low).first(frame)).produced;
    std::fill(m_low.begin() + static_cast<std::ptrdiff_t>(low), m_low.begin() + m_frame, Sample{0});
    std::span<const Sample> lowReference;
    if (!playedReference.empty()) {
        const std::size_t lowRef
            = m_referenceDown->process(playedReference, std::span(m_lowReference).first(frame)).produced;
        std::fill(m_lowReference.begin() + static_cast<std::ptrdiff_t>(lowRef), m_lowReference.begin() + m_frame,
                  Sample{0});
        lowReference = std::span<const Sample>(m_lowReference).first(frame);
    }
    if (m_lowUp)
        std::copy_n(m_low.begin(), frame, m_lowCopy.begin());
    processAtRate(std::span(m_low).first(frame), lowReference);

    if (!m_lowUp) {
        const std::size_t up = m_up->process(std::span<const Sample>(m_low).first(frame), capture).produced;
        std::fill(capture.begin() + static_cast<std::ptrdiff_t>(up), capture.end(), Sample{0});
        return;
    }
    // The gain the processing gave the low band (suppression, AGC) is applied to the upper
    // band too; kept when the low band is too quiet to say anything.
    const double before = meanSquare(std::span<const Sample>(m_lowCopy).first(frame));
    const double after = meanSquare(std::span<const Sample>(m_low).first(frame));
    const double previousGain = m_highGain;
    if (before > 10.0 * 10.0)
        m_highGain = std::clamp(std::sqrt(after / before), 0.0, m_maxHighGain);

    // Upper band = capture (delayed like the filters delay the low band) - its own low band.
    const auto n = capture.size();
    const auto delay = static_cast<std::size_t>(m_splitDelay);
    std::copy_n(capture.begin(), n, m_delayLine.begin() + static_cast<std::ptrdiff_t>(delay));
    const std::size_t lowUp = m_lowUp->process(std::span<const Sample>(m_lowCopy).first(frame), m_lowUpBlock).produced;
    std::fill(m_lowUpBlock.begin() + static_cast<std::ptrdiff_t>(lowUp), m_lowUpBlock.end(), Sample{0});
    const std::size_t up = m_up->process(std::span<const Sample>(m_low).first(frame), capture).produced;
    std::fill(capture.begin() + static_cast<std::ptrdiff_t>(up), capture.end(), Sample{0});
    for (std::size_t i = 0; i < n; ++i) {
        // The gain moves linearly across the block: no step at block edges.
        const double g = previousGain + (m_highGain - previousGain) * double(i + 1) / double(n);
        const double high = double(m_delayLine[i]) - double(m_lowUpBlock[i]);
        const double y = std::clamp(double(capture[i]) + g * high, -32768.0, 32767.0);
        capture[i] = static_cast<Sample>(y >= 0 ? y + 0.5 : y - 0.5); // rounds; no libm call per sample
    }
    // Keep the last `delay` samples for the next block.
    std::copy_n(m_delayLine.begin() + static_cast<std::ptrdiff_t>(n), delay, m_delayLine.begin());
}

void AudioProcessor::processAtRate(std::span<Sample> capture, std::span<const Sample> reference)
{
    if (m_echo && !reference.empty()) {
        const std::span<Sample> cancelled = std::span(m_cancelled).first(capture.size());
        const double mic = meanSquare(capture);
        speex_echo_cancellation(m_echo, capture.data(), reference.data(), cancelled.data());
        const double residual = meanSquare(cancelled);
        m_lastInDbfs = toDbfs(mic);
        m_lastOutDbfs = toDbfs(residual);
        if (meanSquare(reference) > kFarEndActivePower) {
            m_micPower += kErleAlpha * (mic - m_micPower);
            m_residualPower += kErleAlpha * (residual - m_residualPower);
            m_erleDb = 10.0 * std::log10(std::max(m_micPower, 1e-3) / std::max(m_residualPower, 1e-3));
        }
        std::copy(cancelled.begin(), cancelled.end(), capture.begin());
    }
    if (m_pre)
        speex_preprocess_run(m_pre, capture.data());
}

void AudioProcessor::reset()
{
    if (m_echo)
        speex_echo_state_reset(m_echo);
    for (Resampler *r : {m_captureDown.get(), m_referenceDown.get(), m_up.get(), m_lowUp.get()})
        if (r)
            r->reset();
    if (m_pre) {
        // speex preprocess has no reset: make a fresh state (control thread, not per block).
        speex_preprocess_state_destroy(m_pre);
        m_pre = speex_preprocess_state_init(m_frame, m_config.processingRate);
        configurePreprocess();
    }
    m_delayLine.fill(0);
    m_highGain = 1.0;
    m_micPower = m_residualPower = 0;
    m_erleDb = 0;
    m_blocks = 0;
}

} // namespace crosstalk::voice
