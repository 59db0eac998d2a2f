// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace crosstalk::downloads {

/// A name a remote peer offered, made safe to create in a directory: no directory parts,
/// no control or bidi-override characters (which could disguise "txt.exe"), not hidden,
/// at most 200 bytes of UTF-8 (the extension kept), "file" if nothing is left.
QString safeFileName(const QString &offered);

/// "name.txt" for n == 0, else "name (n).txt"; "a.tar.gz" -> "a (n).tar.gz".
QString numberedName(const QString &name, int n);

/// Creates an empty, hidden partial file in directory for a download of name, with a name
/// no other file has (O_EXCL). Empty string and *error set on failure.
QString createPartFile(const QString &directory, const QString &name, QString *error = nullptr);

/// Gives the finished partial file its real name in directory: name, or "name (1)"... the
/// first that does not exist, without ever replacing a file (a hard link fails on an
/// existing name, so a file that appears meanwhile is not overwritten either). Returns the
/// final path, or an empty string with *error set.
QString commitPartFile(const QString &partPath, const QString &directory, const QString &name,
                       QString *error = nullptr);

} // namespace crosstalk::downloads
