// SPDX-License-Identifier: GPL-3.0-or-later
// Loss robustness: segmental SNR on the lost frames at 10 % random loss, FEC from the next
// packet against concealment only; then whole calls through the relay with FEC recovery on/off.
#include "core/voice/opuscodec.h"
#include "core/voice/ratecontroller.h"
#include "tests/support/net/losssimulation.h"
#include "tests/support/net/virtualcall.h"

#include <QCoreApplication>

#include <cstdio>

using namespace crosstalk::voice;
using namespace crosstalk::test;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The engine's operating point at 10 % loss: what its rate controller settles on after a
    // few receiver reports saying so (from the default 32 kb/s start, peer allows 64 kb/s).
    RateController rate(32000, 64000);
    for (int i = 0; i < 20; ++i)
        rate.onReport(0.10, 40.0);
    const int engineRate = rate.bitrate();
    std::printf("Loss robustness at 10 %% random loss (segmental SNR on lost frames); the engine runs at %d kb/s"
                " there (RateController), expected loss told to Opus %d %% (floor %d %% with FEC)\n",
                engineRate / 1000, rate.expectedLossPercent(), kFecLossFloor);
    for (int s = 0; s < 2; ++s) {
        const auto audio = s == 0 ? testSpeech(30.0) : voicedSignal(30.0);
        for (int bitrate : {32000, 48000, engineRate}) {
            LossExperiment e;
            e.lossRate = 0.10;
            e.bitrate = bitrate;
            e.expectedLossPercent = rate.expectedLossPercent();
            e.useFec = true;
            const LossOutcome fec = runLossExperiment(audio, e);
            e.useFec = false;
            const LossOutcome plc = runLossExperiment(audio, e);
            std::printf("  %-18s %2d kb/s: FEC %.1f dB vs concealment %.1f dB   (goal FEC >= 6 dB; reference 8 vs 1 dB)"
                        "; all frames %.1f dB (the codec's own ceiling is higher); %d lost, %d rebuilt from FEC\n",
                        s == 0 ? "espeak-ng speech," : "voiced synthetic,", bitrate / 1000, fec.lostSegSnrDb,
                        plc.lostSegSnrDb, fec.overallSegSnrDb, fec.lostFrames, fec.recoveredByFec);
        }
    }

    std::printf("Whole call, 10 %% random loss through the relay (20 s, no jitter)\n");
    const auto speech = testSpeech(20.0);
    for (bool recovery : {true, false}) {
        VirtualCallSetup setup;
        setup.inputA = speech;
        setup.aToB.lossRate = setup.bToA.lossRate = 0.10;
        setup.fecRecovery = recovery;
        VirtualCall call(setup);
        std::string error;
        if (!call.start(error)) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        call.runUntil(20.0);
        const CallStats b = call.b().stats();
        const CallStats a = call.a().stats();
        call.stop();
        std::printf("  FEC recovery %-3s: %llu frames rebuilt from FEC, %llu concealed; sender at %d b/s, FEC %s;"
                    " MOS %.2f\n",
                    recovery ? "on" : "off", static_cast<unsigned long long>(b.fecRecoveredFrames),
                    static_cast<unsigned long long>(b.concealedFrames), a.encoderBitrate, a.fecActive ? "on" : "off",
                    b.mos);
    }
    return 0;
}
