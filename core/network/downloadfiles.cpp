// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/downloadfiles.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace crosstalk::downloads {

namespace {

constexpr int kMaxNameBytes = 200; // well under NAME_MAX (255), leaving room for " (n)" and ".part"

bool invisibleOrControl(char32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return true;
    // Bidi embeddings/overrides/isolates, marks, zero-width characters, BOM.
    return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
           || c == 0xfeff || c == 0x061c;
}

/// Where the extension starts (the dot), or -1; double extensions of archives stay whole.
qsizetype extensionStart(const QString &name)
{
    const qsizetype last = name.lastIndexOf(QLatin1Char('.'));
    if (last <= 0)
        return -1;
    const qsizetype before = name.lastIndexOf(QLatin1Char('.'), last - 1);
    if (before > 0 && name.mid(before, last - before).compare(QLatin1String(".tar"), Qt::CaseInsensitive) == 0)
        return before;
    return last;
}

QString truncateBytes(QString name)
{
    if (name.toUtf8().size() <= kMaxNameBytes)
        return name;
    qsizetype ext = extensionStart(name);
    QString suffix = ext > 0 ? name.mid(ext) : QString();
    if (suffix.toUtf8().size() > 32)
        suffix.clear();
    QString stem = ext > 0 ? name.left(ext) : name;
    while (!stem.isEmpty() && (stem + suffix).toUtf8().size() > kMaxNameBytes) {
        stem.chop(1);
        if (!stem.isEmpty() && stem.back().isHighSurrogate())
            stem.chop(1);
    }
    return stem + suffix;
}

} // namespace

QString safeFileName(const QString &offered)
{
    QString name = offered;
    const qsizetype slash = std::max(name.lastIndexOf(QLatin1Char('/')), name.lastIndexOf(QLatin1Char('\\')));
    if (slash >= 0)
        name = name.mid(slash + 1);
    QString clean;
    clean.reserve(name.size());
    for (char32_t c : name.toUcs4()) {
        if (!invisibleOrControl(c))
            clean.append(QString::fromUcs4(&c, 1));
    }
    clean = clean.trimmed();
    while (clean.startsWith(QLatin1Char('.')))
        clean.remove(0, 1);
    clean = truncateBytes(clean.trimmed());
    return clean.isEmpty() ? QStringLiteral("file") : clean;
}

QString numberedName(const QString &name, int n)
{
    if (n <= 0)
        return name;
    const qsizetype ext = extensionStart(name);
    const QString number = QStringLiteral(" (%1)").arg(n);
    return ext > 0 ? QString(name.left(ext) + number + name.mid(ext)) : QString(name + number);
}

QString createPartFile(const QString &directory, const QString &name, QString *error)
{
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = QStringLiteral("Cannot create the download folder %1").arg(directory);
        return {};
    }
    const QDir dir(directory);
    for (int attempt = 0; attempt < 100; ++attempt) {
        const QString tag = QString::number(QRandomGenerator::global()->generate() & 0xffffff, 36);
        const QString path = dir.filePath(QStringLiteral(".%1.%2.part").arg(name, tag));
        const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            ::close(fd);
            return path;
        }
        if (errno != EEXIST) {
            if (error)
                *error = QStringLiteral("Cannot write in %1: %2").arg(directory, QString::fromLocal8Bit(std::strerror(errno)));
            return {};
        }
    }
    if (error)
        *error = QStringLiteral("Cannot find a free name in %1").arg(directory);
    return {};
}

QString commitPartFile(const QString &partPath, const QString &directory, const QString &name, QString *error)
{
    const QDir dir(directory);
    const QByteArray from = QFile::encodeName(partPath);
    for (int n = 0; n < 10000; ++n) {
        const QString candidate = dir.filePath(numberedName(name, n));
        if (::link(from.constData(), QFile::encodeName(candidate).constData()) == 0) {
            ::unlink(from.constData());
            return candidate;
        }
        if (errno == EEXIST)
            continue;
        if (errno == EPERM || errno == EXDEV || errno == ENOTSUP) {
            // A filesystem without hard links: rename, after checking (a small race remains).
            if (QFileInfo::exists(candidate))
                continue;
            if (::rename(from.constData(), QFile::encodeName(candidate).constData()) == 0)
                return candidate;
        }
        if (error)
            *error = QStringLiteral("Cannot save %1: %2").arg(candidate, QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    if (error)
        *error = QStringLiteral("Cannot find a free name for %1 in %2").arg(name, directory);
    return {};
}

} // namespace crosstalk::downloads
