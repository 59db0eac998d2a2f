// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace crosstalk::test {

/// A temporary directory, removed at scope exit unless CROSSTALK_KEEP_TEMP is set
/// (handy when a server's log is needed after a failure).
class TempDir
{
public:
    TempDir();
    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

/// Where tests keep screenshots and recordings for a person to look at.
QString artifactsDir();

} // namespace crosstalk::test
