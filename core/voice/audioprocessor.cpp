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

void AudioProcessor::process(Block capture, ConstBlock playedReference)
{
    ++m_blocks;
    if (!m_captureDown) {
        processAtRate(capture, playedReference);
        return;
    }
    const auto frame = static_cast<std::size_t>(m_frame);
    const std::size_t low = m_captureDown->process(capture, std::span(m_low).first(frame)).produced;
    const std::size_t lowRef = m_referenceDown->process(playedReference, std::span(m_lowReference).first(frame)).produced;
    std::fill(m_low.begin() + static_cast<std::ptrdiff_t>(low), m_low.begin() + m_frame, Sample{0});
    std::fill(m_lowReference.begin() + static_cast<std::ptrdiff_t>(lowRef), m_lowReference.begin() + m_frame, Sample{0});
    processAtRate(std::span(m_low).first(frame), std::span<const Sample>(m_lowReference).first(frame));
    const std::size_t up = m_up->process(std::span<const Sample>(m_low).first(frame), capture).produced;
    std::fill(capture.begin() + static_cast<std::ptrdiff_t>(up), capture.end(), Sample{0});
}

void AudioProcessor::process(Block capture)
{
    ++m_blocks;
    if (!m_captureDown) {
        processAtRate(capture, {});
        return;
    }
    const auto frame = static_cast<std::size_t>(m_frame);
    const std::size_t low = m_captureDown->process(capture, std::span(m_low).first(frame)).produced;
    std::fill(m_low.begin() + static_cast<std::ptrdiff_t>(low), m_low.begin() + m_frame, Sample{0});
    processAtRate(std::span(m_low).first(frame), {});
    const std::size_t up = m_up->process(std::span<const Sample>(m_low).first(frame), capture).produced;
    std::fill(capture.begin() + static_cast<std::ptrdiff_t>(up), capture.end(), Sample{0});
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
    for (Resampler *r : {m_captureDown.get(), m_referenceDown.get(), m_up.get()})
        if (r)
            r->reset();
    if (m_pre) {
        // speex preprocess has no reset: make a fresh state (control thread, not per block).
        speex_preprocess_state_destroy(m_pre);
        m_pre = speex_preprocess_state_init(m_frame, m_config.processingRate);
        configurePreprocess();
    }
    m_micPower = m_residualPower = 0;
    m_erleDb = 0;
    m_blocks = 0;
}

} // namespace crosstalk::voice
