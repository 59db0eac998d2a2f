// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/net/losssimulation.h"

#include "core/voice/opuscodec.h"
#include "tests/support/audio/audioquality.h"

#include <random>

namespace crosstalk::test {

using namespace crosstalk::voice;

LossOutcome runLossExperiment(const std::vector<Sample> &signal, const LossExperiment &experiment)
{
    LossOutcome out;
    std::string error;
    OpusAudioEncoder encoder;
    EncoderConfig config;
    config.frameMs = experiment.frameMs;
    config.bitrate = experiment.bitrate;
    if (!encoder.init(config, error))
        return out;
    encoder.setExpectedLoss(experiment.expectedLossPercent);
    const int frame = encoder.frameSamples();
    const int frames = int(signal.size()) / frame;
    std::vector<std::vector<std::uint8_t>> packets(static_cast<std::size_t>(frames));
    for (int i = 0; i < frames; ++i) {
        std::vector<std::uint8_t> p(kMaxOpusPacket);
        const int n = encoder.encode(std::span(signal.data() + std::size_t(i) * frame, std::size_t(frame)), p);
        p.resize(std::size_t(std::max(n, 0)));
        packets[std::size_t(i)] = std::move(p);
    }
    std::mt19937_64 rng(experiment.seed);
    std::vector<bool> lost(std::size_t(frames), false);
    for (int i = 1; i < frames; ++i) // the first packet always arrives (the decoder needs a start)
        lost[std::size_t(i)] = double(rng() >> 11) * 0x1.0p-53 < experiment.lossRate;

    OpusAudioDecoder decoder;
    decoder.init(error);
    out.output.assign(std::size_t(frames) * frame, 0);
    for (int i = 0; i < frames; ++i) {
        std::span<Sample> dst(out.output.data() + std::size_t(i) * frame, std::size_t(frame));
        if (!lost[std::size_t(i)]) {
            decoder.decode(packets[std::size_t(i)], dst);
            continue;
        }
        ++out.lostFrames;
        const bool nextArrived = i + 1 < frames && !lost[std::size_t(i + 1)];
        if (experiment.useFec && nextArrived) {
            if (OpusAudioDecoder::hasFec(packets[std::size_t(i + 1)]))
                ++out.recoveredByFec;
            decoder.decodeFec(packets[std::size_t(i + 1)], frame, dst);
        } else {
            decoder.conceal(frame, dst);
        }
    }
    out.frames = frames;

    // The decoder's output lags the input by the codec delay; measure it rather than assume.
    out.delaySamples = kOpusLookahead;
    std::vector<Sample> in(signal.begin(), signal.begin() + std::ptrdiff_t(out.output.size()));
    const DelayEstimate d = estimateDelay(in, out.output, 2000);
    if (d.correlation > 0.3)
        out.delaySamples = d.delaySamples;
    out.overallSegSnrDb = segmentalSnrDb(in, out.output, out.delaySamples);

    // Concatenate the lost frames (output) with the input they should have reproduced.
    std::vector<Sample> inLost, outLost;
    for (int i = 0; i < frames; ++i) {
        if (!lost[std::size_t(i)])
            continue;
        for (int k = 0; k < frame; ++k) {
            const long src = long(i) * frame + k - out.delaySamples;
            inLost.push_back(src >= 0 && src < long(signal.size()) ? signal[std::size_t(src)] : Sample(0));
            outLost.push_back(out.output[std::size_t(i) * frame + std::size_t(k)]);
        }
    }
    out.lostSegSnrDb = inLost.empty() ? 0.0 : segmentalSnrDb(inLost, outLost, 0);
    return out;
}

} // namespace crosstalk::test
