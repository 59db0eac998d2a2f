// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/audioprocessor.h"
#include "core/voice/filedevice.h"
#include "tests/support/audio/audioquality.h"
#include "tests/support/audio/testsignals.h"

#include <catch2/catch.hpp>

using namespace crosstalk;
using namespace crosstalk::voice;

namespace {

// A room: the direct path at `delayMs` and a few decaying reflections after it.
std::vector<EchoTap> room(int delayMs, float gain)
{
    const std::size_t d = static_cast<std::size_t>(delayMs) * 48;
    return {{d, gain}, {d + 91, -0.45f * gain}, {d + 487, 0.25f * gain}, {d + 1310, -0.12f * gain}};
}

struct CallResult
{
    std::vector<Sample> mic;       // what the microphone heard (echo + near end)
    std::vector<Sample> processed; // after the processor
};

// The engine's media tick on a virtual clock: queue the far end, let the device run one
// period, take the captured block and its aligned reference, process.
CallResult runCall(const std::vector<Sample> &far, const std::vector<Sample> &near, int delayMs,
                   const ProcessorConfig &config, AudioProcessor **processorOut = nullptr)
{
    FileDevice device({.inputSamples = near, .echoPath = room(delayMs, 0.6f)});
    std::string error;
    REQUIRE(device.start(error));
    static std::unique_ptr<AudioProcessor> processor;
    processor = std::make_unique<AudioProcessor>(config);
    if (processorOut)
        *processorOut = processor.get();
    CallResult r;
    std::array<Sample, kBlockSamples> block{};
    std::array<Sample, kBlockSamples> reference{};
    for (std::size_t n = 0; n + 1 <= far.size() / kBlockSamples; ++n) {
        device.writePlayback(ConstBlock(far.data() + n * kBlockSamples, kBlockSamples));
        device.advance();
        REQUIRE(device.readCapture(block));
        r.mic.insert(r.mic.end(), block.begin(), block.end());
        device.readEchoReference(reference);
        processor->process(block, reference);
        r.processed.insert(r.processed.end(), block.begin(), block.end());
    }
    return r;
}

std::span<const Sample> seconds(const std::vector<Sample> &s, double from, double to)
{
    const auto a = static_cast<std::size_t>(from * kSampleRate);
    const auto b = std::min(s.size(), static_cast<std::size_t>(to * kSampleRate));
    return std::span<const Sample>(s).subspan(a, b - a);
}

} // namespace

TEST_CASE("devices: echo canceller removes a 100 ms echo on the file device (far end alone)")
{
    const std::vector<Sample> far = test::speechLikeNoise(8.0, 21);
    const std::vector<Sample> near = test::silence(8.0);
    ProcessorConfig config;
    config.processingRate = 48000; // the full-band canceller itself (no resampling delay)
    config.noiseSuppression = false;
    config.agc = false;
    config.residualEchoSuppression = false; // measure the linear canceller alone
    AudioProcessor *processor = nullptr;
    const CallResult r = runCall(far, near, 100, config, &processor);
    const double erle = test::attenuationDb(seconds(r.mic, 4, 8), seconds(r.processed, 4, 8));
    INFO("ERLE after 4 s: " << erle << " dB; processor estimate " << processor->erleDb() << " dB");
    CHECK(erle >= 20.0);
    CHECK(processor->erleDb() == Approx(erle).margin(6));
}

TEST_CASE("devices: echo canceller keeps the near-end talker during double talk")
{
    // Far end all along; the near end talks from 4 s to 6 s, then is quiet again.
    const std::vector<Sample> far = test::speechLikeNoise(9.0, 31);
    std::vector<Sample> near = test::silence(4.0);
    const std::vector<Sample> talk = test::speechLikeNoise(2.0, 32, 0.1); // echo louder than the talker
    near.insert(near.end(), talk.begin(), talk.end());
    near.resize(9 * kSampleRate, 0);
    ProcessorConfig config;
    config.processingRate = 48000; // the full-band canceller itself (no resampling delay)
    config.noiseSuppression = false;
    config.agc = false;
    config.residualEchoSuppression = false;
    const CallResult r = runCall(far, near, 60, config);

    // During double talk the output is the near-end talker, not echo.
    const auto nearPart = seconds(near, 4.5, 6);
    const test::DelayEstimate kept = test::estimateDelay(nearPart, seconds(r.processed, 4.5, 6), 48);
    const test::DelayEstimate before = test::estimateDelay(nearPart, seconds(r.mic, 4.5, 6), 48);
    // Double talk must not make the filter diverge: the echo stays cancelled afterwards.
    const double erleAfter = test::attenuationDb(seconds(r.mic, 7, 9), seconds(r.processed, 7, 9));
    INFO("near-end correlation mic " << before.correlation << ", output " << kept.correlation
                                     << "; ERLE after double talk " << erleAfter << " dB");
    // (speex's DC notch reshapes the lowest frequencies a little, so not 1.0)
    CHECK(kept.correlation > 0.8);
    CHECK(kept.correlation > before.correlation + 0.05);
    CHECK(erleAfter > 20.0);
}

TEST_CASE("devices: full processing chain suppresses echo further and leaves silence quiet")
{
    const std::vector<Sample> far = test::speechLikeNoise(6.0, 41);
    const std::vector<Sample> near = test::whiteNoise(6.0, 42, 0.003); // a faint noise floor
    const CallResult r = runCall(far, near, 150, ProcessorConfig{});
    const double reduction = test::attenuationDb(seconds(r.mic, 4, 6), seconds(r.processed, 4, 6));
    INFO("echo + noise reduction of the full chain: " << reduction << " dB");
    CHECK(reduction >= 20.0);
}

TEST_CASE("devices: AGC raises a quiet talker and noise suppression lowers steady noise")
{
    AudioProcessor agcOnly({.echoCancellation = false, .noiseSuppression = false, .agc = true});
    const std::vector<Sample> quiet = test::speechLikeNoise(6.0, 51, 0.02);
    std::vector<Sample> out;
    std::array<Sample, kBlockSamples> block{};
    for (std::size_t n = 0; n < quiet.size() / kBlockSamples; ++n) {
        std::copy_n(quiet.begin() + static_cast<long>(n * kBlockSamples), kBlockSamples, block.begin());
        agcOnly.process(block);
        out.insert(out.end(), block.begin(), block.end());
    }
    CHECK(test::powerDbfs(seconds(out, 3, 6)) > test::powerDbfs(seconds(quiet, 3, 6)) + 6.0);

    AudioProcessor nsOnly({.echoCancellation = false, .noiseSuppression = true, .agc = false});
    const std::vector<Sample> noise = test::whiteNoise(4.0, 52, 0.02);
    out.clear();
    for (std::size_t n = 0; n < noise.size() / kBlockSamples; ++n) {
        std::copy_n(noise.begin() + static_cast<long>(n * kBlockSamples), kBlockSamples, block.begin());
        nsOnly.process(block);
        out.insert(out.end(), block.begin(), block.end());
    }
    CHECK(test::attenuationDb(seconds(noise, 2, 4), seconds(out, 2, 4)) > 10.0);
}

TEST_CASE("devices: processing at 16 kHz cancels echo and keeps the voice band")
{
    const std::vector<Sample> far = test::speechLikeNoise(8.0, 61);
    const std::vector<Sample> near = test::whiteNoise(8.0, 62, 0.0005);
    ProcessorConfig config;
    config.processingRate = 16000;
    config.agc = false;
    const CallResult r = runCall(far, near, 100, config);
    const double erle = test::attenuationDb(seconds(r.mic, 4, 8), seconds(r.processed, 4, 8));
    INFO("echo reduction at 16 kHz: " << erle << " dB");
    CHECK(erle >= 20.0);

    // Without echo, a 200-3000 Hz sweep passes (delayed by the resampling filters, about 4 ms)
    // and content above 8 kHz is gone.
    AudioProcessor plain({.processingRate = 16000, .echoCancellation = false, .noiseSuppression = false,
                          .agc = false, .bandSplit = false});
    const std::vector<Sample> low = test::chirp(200, 3000, 1.0, 0.3);
    const std::vector<Sample> high = test::tone(12000, 1.0, 0.3);
    for (const auto *signal : {&low, &high}) {
        std::vector<Sample> out;
        std::array<Sample, kBlockSamples> block{};
        for (std::size_t n = 0; n < signal->size() / kBlockSamples; ++n) {
            std::copy_n(signal->begin() + static_cast<long>(n * kBlockSamples), kBlockSamples, block.begin());
            plain.process(block);
            out.insert(out.end(), block.begin(), block.end());
        }
        const double loss = test::attenuationDb(seconds(*signal, 0.5, 1), seconds(out, 0.5, 1));
        if (signal == &low) {
            CHECK(std::abs(loss) < 1.0);
            const test::DelayEstimate d = test::estimateDelay(*signal, out, 480);
            CHECK(d.delayMs() <= 5.0); // two quality-4 resampling filters
        } else {
            CHECK(loss > 40.0);
        }
    }
}

TEST_CASE("devices: band split at 16 kHz keeps the whole band and reconstructs it exactly")
{
    // With nothing to suppress, low band (processed at 16 kHz) + upper band (capture minus its
    // own low band) must give back the capture, only delayed by the filters.
    AudioProcessor split({.processingRate = 16000, .echoCancellation = false, .noiseSuppression = false,
                          .agc = false});
    const std::vector<Sample> noise = test::whiteNoise(1.0, 63, 0.2);
    const std::vector<Sample> high = test::tone(12000, 1.0, 0.3);
    long delay = 0;
    for (const auto *signal : {&noise, &high}) {
        std::vector<Sample> out;
        std::array<Sample, kBlockSamples> block{};
        for (std::size_t n = 0; n < signal->size() / kBlockSamples; ++n) {
            std::copy_n(signal->begin() + static_cast<long>(n * kBlockSamples), kBlockSamples, block.begin());
            split.process(block);
            out.insert(out.end(), block.begin(), block.end());
        }
        if (signal == &noise) { // a tone's correlation is periodic: take the delay from the noise
            const test::DelayEstimate d = test::estimateDelay(*signal, out, 960);
            delay = d.delaySamples;
            CHECK(d.delayMs() <= 5.0);
        }
        const double snr = test::segmentalSnrDb(seconds(*signal, 0.2, 0.9), seconds(out, 0.2, 1), delay);
        INFO("band split: delay " << delay << " samples, SNR " << snr << " dB");
        CHECK(snr > 30.0);
    }

    // Stationary white noise: the denoiser's gain on the low band reaches the upper band too
    // (two thirds of white noise's power is above 8 kHz).
    AudioProcessor denoise({.processingRate = 16000, .echoCancellation = false, .agc = false});
    const std::vector<Sample> hiss = test::whiteNoise(3.0, 67, 0.05);
    std::vector<Sample> quiet;
    std::array<Sample, kBlockSamples> block{};
    for (std::size_t n = 0; n < hiss.size() / kBlockSamples; ++n) {
        std::copy_n(hiss.begin() + static_cast<long>(n * kBlockSamples), kBlockSamples, block.begin());
        denoise.process(block);
        quiet.insert(quiet.end(), block.begin(), block.end());
    }
    const double reduction = test::attenuationDb(seconds(hiss, 2, 3), seconds(quiet, 2, 3));
    INFO("white noise reduced by " << reduction << " dB over the whole band");
    CHECK(reduction > 10.0);

    // The deployed chain with band split still cancels an echo whose energy is partly above 8 kHz.
    std::vector<Sample> far = test::speechLikeNoise(8.0, 64);
    const std::vector<Sample> farHiss = test::whiteNoise(8.0, 65, 0.05);
    for (std::size_t i = 0; i < far.size(); ++i)
        far[i] = Sample(std::clamp(int(far[i]) + int(farHiss[i]), -32768, 32767));
    ProcessorConfig config;
    config.agc = false;
    const CallResult r = runCall(far, test::whiteNoise(8.0, 66, 0.0005), 100, config);
    const double erle = test::attenuationDb(seconds(r.mic, 4, 8), seconds(r.processed, 4, 8));
    INFO("echo reduction with band split: " << erle << " dB");
    CHECK(erle >= 20.0);
}

TEST_CASE("devices: deployed chain lets the near-end talker through during double talk")
{
    // As the call runs it: residual echo suppression and NS on (AGC off so levels compare).
    const std::vector<Sample> far = test::speechLikeNoise(9.0, 71);
    std::vector<Sample> near = test::silence(4.0);
    const std::vector<Sample> talk = test::speechLikeNoise(3.0, 72, 0.15);
    near.insert(near.end(), talk.begin(), talk.end());
    near.resize(9 * kSampleRate, 0);
    ProcessorConfig config;
    config.agc = false;
    const CallResult r = runCall(far, near, 100, config);
    const auto window = [](const std::vector<Sample> &s) { return seconds(s, 4.5, 7); };
    // The near end loses at most a few dB while both talk; the echo is still well below it.
    const double nearLoss = test::powerDbfs(window(near)) - test::powerDbfs(window(r.processed));
    // (the device's block plus, at 16 kHz processing, the resampling filters)
    const test::DelayEstimate kept = test::estimateDelay(window(near), window(r.processed), 960);
    INFO("near-end level change during double talk " << -nearLoss << " dB, correlation " << kept.correlation);
    CHECK(nearLoss < 6.0);
    CHECK(kept.correlation > 0.8);
}
