// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/audioprocessor.h"

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
    const int frame = static_cast<int>(kBlockSamples);
    if (m_config.echoCancellation) {
        const int tail = std::max(1, m_config.echoTailMs) * kSampleRate / 1000;
        m_echo = speex_echo_state_init(frame, tail);
        int rate = kSampleRate; // the canceller's adaptation constants depend on it (default 8 kHz)
        speex_echo_ctl(m_echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    }
    if (m_config.noiseSuppression || m_config.agc || (m_echo && m_config.residualEchoSuppression))
        m_pre = speex_preprocess_state_init(frame, kSampleRate);
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
    if (m_echo) {
        const double mic = meanSquare(capture);
        speex_echo_cancellation(m_echo, capture.data(), playedReference.data(), m_cancelled.data());
        const double residual = meanSquare(m_cancelled);
        m_lastInDbfs = toDbfs(mic);
        m_lastOutDbfs = toDbfs(residual);
        if (meanSquare(playedReference) > kFarEndActivePower) {
            m_micPower += kErleAlpha * (mic - m_micPower);
            m_residualPower += kErleAlpha * (residual - m_residualPower);
            m_erleDb = 10.0 * std::log10(std::max(m_micPower, 1e-3) / std::max(m_residualPower, 1e-3));
        }
        std::copy(m_cancelled.begin(), m_cancelled.end(), capture.begin());
    }
    if (m_pre)
        speex_preprocess_run(m_pre, capture.data());
}

void AudioProcessor::process(Block capture)
{
    ++m_blocks;
    if (m_pre)
        speex_preprocess_run(m_pre, capture.data());
}

void AudioProcessor::reset()
{
    if (m_echo)
        speex_echo_state_reset(m_echo);
    if (m_pre) {
        // speex preprocess has no reset: make a fresh state (control thread, not per block).
        speex_preprocess_state_destroy(m_pre);
        m_pre = speex_preprocess_state_init(static_cast<int>(kBlockSamples), kSampleRate);
        configurePreprocess();
    }
    m_micPower = m_residualPower = 0;
    m_erleDb = 0;
    m_blocks = 0;
}

} // namespace crosstalk::voice
