// SPDX-License-Identifier: GPL-3.0-or-later
// Avatar pictures for the contact list and the chat and call windows, decoded off the UI thread.
#pragma once

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>
#include <QThreadPool>

namespace crosstalk::ui {

/// The protocol layer keeps each avatar as a file named by its content hash in one directory.
/// pixmap(hash) answers at once from memory; a first request starts decoding the file on the
/// thread pool and returns a null pixmap, and ready(hash) follows. A file that is missing, too
/// big or not an image is remembered as unusable, so the row keeps its initials and the file is
/// never read again in this run. Decoded images are scaled down to the largest size in use, so
/// 50,000 avatars cost a few MB, not their original sizes.
class AvatarCache : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;
    static constexpr int kMaxPixels = 96; ///< 32 px rows and the 48 px call toast at 2x

    explicit AvatarCache(QString directory, QObject *parent = nullptr);
    ~AvatarCache() override;

    QString directory() const { return m_directory; }
    /// A circle-ready square picture at `size` device-independent pixels, or null when none
    /// (yet). `dpr` is the painter's device pixel ratio, so HiDPI stays crisp.
    QPixmap pixmap(const QString &hash, int size, qreal dpr = 1.0);
    bool isUnusable(const QString &hash) const { return m_unusable.contains(hash); }

Q_SIGNALS:
    void ready(const QString &hash);

private:
    void onDecoded(const QString &hash, const QImage &image);

    QString m_directory;
    QHash<QString, QImage> m_images;
    QHash<QString, QPixmap> m_scaled; ///< key: hash + size + dpr
    QSet<QString> m_pending;
    QSet<QString> m_unusable;
    std::shared_ptr<bool> m_alive;
    QThreadPool m_decoders;
};

} // namespace crosstalk::ui
