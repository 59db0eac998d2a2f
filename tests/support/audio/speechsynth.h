// SPDX-License-Identifier: GPL-3.0-or-later
// Real speech for voice tests, made at test time with espeak-ng and converted with sox
// (both installed by scripts/deps.txt). Tests skip gracefully when the tools are absent.
#pragma once

#include "core/voice/audioformat.h"

#include <QString>

#include <optional>
#include <vector>

namespace crosstalk::test {

/// True when espeak-ng and sox are on PATH; otherwise *why says which is missing.
bool speechToolsAvailable(QString *why = nullptr);

/// Speaks `text` into 48 kHz mono s16 samples, working in `workDir`. nullopt with *error
/// when a tool is missing or fails.
std::optional<std::vector<voice::Sample>> synthesizeSpeech(const QString &text, const QString &workDir,
                                                           QString *error = nullptr);

/// At least `seconds` of speech (sentences repeated as needed), trimmed to that length.
std::optional<std::vector<voice::Sample>> speechOfLength(double seconds, const QString &workDir,
                                                         QString *error = nullptr);

} // namespace crosstalk::test
