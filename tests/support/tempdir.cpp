// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/tempdir.h"

#include <QDir>

namespace crosstalk::test {

TempDir::TempDir()
    : m_dir(QDir::tempPath() + QStringLiteral("/crosstalk-test-XXXXXX"))
{
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("CROSSTALK_KEEP_TEMP"));
}

QString artifactsDir()
{
    const QString dir = qEnvironmentVariable("CROSSTALK_TEST_ARTIFACTS",
                                             QStringLiteral(CROSSTALK_TEST_ARTIFACTS_DIR));
    QDir().mkpath(dir);
    return dir;
}

} // namespace crosstalk::test
