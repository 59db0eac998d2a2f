// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/audio/speechsynth.h"

#include "core/voice/wavfile.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

namespace crosstalk::test {
namespace {

bool run(const QString &program, const QStringList &args, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = program + QStringLiteral(" failed: ") + QString::fromUtf8(p.readAll()) + p.errorString();
        return false;
    }
    return true;
}

} // namespace

bool speechToolsAvailable(QString *why)
{
    for (const char *tool : {"espeak-ng", "sox"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty()) {
            if (why)
                *why = QString::fromLatin1(tool) + QStringLiteral(" is not installed (scripts/deps.txt)");
            return false;
        }
    }
    return true;
}

std::optional<std::vector<voice::Sample>> synthesizeSpeech(const QString &text, const QString &workDir,
                                                           QString *error)
{
    if (!speechToolsAvailable(error))
        return std::nullopt;
    static int serial = 0;
    const QDir dir(workDir);
    const QString raw = dir.filePath(QStringLiteral("speech-raw-%1.wav").arg(serial));
    const QString converted = dir.filePath(QStringLiteral("speech-48k-%1.wav").arg(serial++));
    // espeak-ng speaks at 22.05 kHz; sox converts to the engine format with a good filter.
    if (!run(QStringLiteral("espeak-ng"), {QStringLiteral("-w"), raw, text}, error))
        return std::nullopt;
    if (!run(QStringLiteral("sox"), {raw, QStringLiteral("-r"), QStringLiteral("48000"), QStringLiteral("-c"),
                                     QStringLiteral("1"), QStringLiteral("-b"), QStringLiteral("16"), converted},
             error))
        return std::nullopt;
    std::string why;
    auto samples = voice::readWavAsEngineFormat(converted.toStdString(), why);
    if (!samples && error)
        *error = QString::fromStdString(why);
    return samples;
}

std::optional<std::vector<voice::Sample>> speechOfLength(double seconds, const QString &workDir, QString *error)
{
    auto speech = synthesizeSpeech(
        QStringLiteral("The quick brown fox jumps over the lazy dog. Crosstalk calls should sound clear, "
                       "even when the network drops a packet or two. Testing one, two, three."),
        workDir, error);
    if (!speech || speech->empty())
        return std::nullopt;
    const auto wanted = static_cast<std::size_t>(seconds * voice::kSampleRate);
    std::vector<voice::Sample> out;
    out.reserve(wanted);
    while (out.size() < wanted)
        out.insert(out.end(), speech->begin(), speech->end());
    out.resize(wanted);
    return out;
}

} // namespace crosstalk::test
