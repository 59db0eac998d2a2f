// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/voice/audioformat.h"

#include <array>
#include <memory>

struct SpeexEchoState_;
struct SpeexPreprocessState_;

namespace crosstalk::voice {

class Resampler;

/// Per-stream capture processing settings, handed in when a call's stream opens (the media
/// thread never reads global settings).
struct ProcessorConfig
{
    /// Rate the DSP runs at: 16000 (default: capture and reference are downsampled to the
    /// 0-8 kHz band, processed and upsampled again, 4 ms later, for less than half the CPU of
    /// 48000) or 48000 (the whole band through the 48 kHz canceller and denoiser).
    int processingRate = 16000;
    bool echoCancellation = true;
    /// Length of the adaptive echo filter: the longest echo (room tail plus any latency the
    /// device did not compensate) it can cancel. Longer converges more slowly.
    int echoTailMs = 200;
    /// Residual echo suppression after the linear filter (speex preprocess, needs the canceller).
    bool residualEchoSuppression = true;
    int echoSuppressDb = -40;       ///< attenuation of residual echo, far end alone
    int echoSuppressActiveDb = -15; ///< ... while the near end talks too (double talk)
    bool noiseSuppression = true;
    int noiseSuppressDb = -25;
    bool agc = true;
    int agcTargetLevel = 8000; ///< speex AGC target, 16-bit sample scale
    int agcMaxGainDb = 30;
    /// With processingRate 16000: keep 8-24 kHz (as WebRTC's band split does) by adding the
    /// capture's upper band back, scaled by the gain the processing applied to the lower band
    /// (echo and noise suppression, AGC). Off: the output is band-limited to 8 kHz.
    bool bandSplit = true;
};

/// Capture-side DSP for one call: speexdsp echo cancellation against the reference the device
/// aligned (AudioDevice::readEchoReference), then noise suppression, residual echo suppression
/// and AGC (speex preprocess). Allocates only in the constructor; process() runs on the media
/// thread every 10 ms and never allocates, locks or makes system calls.
class AudioProcessor
{
public:
    explicit AudioProcessor(const ProcessorConfig &config = {});
    ~AudioProcessor();
    AudioProcessor(const AudioProcessor &) = delete;
    AudioProcessor &operator=(const AudioProcessor &) = delete;

    /// Processes one captured block in place. playedReference: what the speaker played at the
    /// time `capture` was recorded (silence when nothing played).
    void process(Block capture, ConstBlock playedReference);
    /// For capture without playback (no echo possible): noise suppression and AGC only.
    void process(Block capture);

    /// Echo return loss enhancement of the linear canceller: the microphone's echo power over
    /// the power left after cancellation, in dB, smoothed over ~0.5 s and updated only while
    /// the far end is active. Meaningful when the near end is quiet (no double talk).
    double erleDb() const { return m_erleDb; }
    /// Power over the last block (dBFS) before and after the linear canceller, for diagnostics.
    double lastCaptureDbfs() const { return m_lastInDbfs; }
    double lastCancelledDbfs() const { return m_lastOutDbfs; }
    std::uint64_t blocks() const { return m_blocks; }

    /// Forgets the echo path and the noise estimate (e.g. after switching devices).
    void reset();
    const ProcessorConfig &config() const { return m_config; }

private:
    void configurePreprocess();
    void processAtRate(std::span<Sample> capture, std::span<const Sample> reference);
    void processLowBand(Block capture, std::span<const Sample> playedReference);
    static int measureSplitDelay();

    ProcessorConfig m_config;
    int m_frame = static_cast<int>(kBlockSamples); // samples per 10 ms at the processing rate
    std::unique_ptr<Resampler> m_captureDown;
    std::unique_ptr<Resampler> m_referenceDown;
    std::unique_ptr<Resampler> m_up;
    // Band split: the unprocessed low band upsampled again, and the capture delayed by the
    // down+up filters, so capture - lowUp is the upper band, aligned with the processed low band.
    std::unique_ptr<Resampler> m_lowUp;
    std::array<Sample, kBlockSamples> m_lowCopy{};
    std::array<Sample, kBlockSamples> m_lowUpBlock{};
    std::array<Sample, 2 * kBlockSamples> m_delayLine{};
    int m_splitDelay = 0; // samples at 48 kHz
    double m_highGain = 1.0;
    double m_maxHighGain = 1.0;
    std::array<Sample, kBlockSamples> m_low{};
    std::array<Sample, kBlockSamples> m_lowReference{};
    SpeexEchoState_ *m_echo = nullptr;
    SpeexPreprocessState_ *m_pre = nullptr;
    std::array<Sample, kBlockSamples> m_cancelled{}; // sized for 48 kHz, used up to m_frame
    double m_micPower = 0;
    double m_residualPower = 0;
    double m_erleDb = 0;
    double m_lastInDbfs = -120;
    double m_lastOutDbfs = -120;
    std::uint64_t m_blocks = 0;
};

} // namespace crosstalk::voice
