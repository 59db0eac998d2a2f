// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/avatarcache.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>
#include <QPainterPath>
#include <QPointer>

namespace crosstalk::ui {

namespace {

// A hash names a file in one directory: anything that could climb out of it is not a hash.
bool isPlainFileName(const QString &hash)
{
    return !hash.isEmpty() && hash.size() <= 128 && !hash.contains(QLatin1Char('/'))
           && !hash.contains(QLatin1Char('\\')) && hash != QLatin1String(".") && hash != QLatin1String("..");
}

QImage decode(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile() || info.size() <= 0 || info.size() > AvatarCache::kMaxFileBytes)
        return {};
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    const QSize size = reader.size();
    // Refuse absurd dimensions before allocating (a decompression bomb in a 4 MB file).
    if (!size.isValid() || size.width() > 8192 || size.height() > 8192)
        return {};
    const int side = std::min(size.width(), size.height());
    reader.setClipRect(QRect((size.width() - side) / 2, (size.height() - side) / 2, side, side));
    if (side > AvatarCache::kMaxPixels)
        reader.setScaledSize(QSize(AvatarCache::kMaxPixels, AvatarCache::kMaxPixels));
    QImage image = reader.read();
    if (image.isNull())
        return {};
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace

AvatarCache::AvatarCache(QString directory, QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_alive(std::make_shared<bool>(true))
{
    // Not the global pool: Qt's raster engine splits large fills across the global pool and
    // waits for them, so a paint would queue behind avatar decodes there.
    m_decoders.setMaxThreadCount(1);
    m_decoders.setObjectName(QStringLiteral("avatar-decoder"));
}

AvatarCache::~AvatarCache()
{
    *m_alive = false;
    m_decoders.clear(); // decodes not started yet are dropped; a running one finishes
    m_decoders.waitForDone();
}

QPixmap AvatarCache::pixmap(const QString &hash, int size, qreal dpr)
{
    if (hash.isEmpty() || m_unusable.contains(hash))
        return {};
    const QString key = hash + QLatin1Char('@') + QString::number(size) + QLatin1Char('x') + QString::number(dpr);
    if (auto it = m_scaled.constFind(key); it != m_scaled.constEnd())
        return *it;
    const auto image = m_images.constFind(hash);
    if (image == m_images.constEnd()) {
        if (!isPlainFileName(hash) || m_directory.isEmpty()) {
            m_unusable.insert(hash);
            return {};
        }
        if (!m_pending.contains(hash)) {
            m_pending.insert(hash);
            const QString path = QDir(m_directory).filePath(hash);
            QPointer<AvatarCache> self(this);
            std::weak_ptr<bool> alive = m_alive;
            m_decoders.start([self, alive, hash, path] {
                QImage decoded = decode(path);
                if (alive.expired())
                    return;
                QMetaObject::invokeMethod(self, [self, hash, decoded = std::move(decoded)] {
                    if (self)
                        self->onDecoded(hash, decoded);
                }, Qt::QueuedConnection);
            });
        }
        return {};
    }
    // A round picture, drawn once per size: rows only blit it.
    const int px = qMax(1, qRound(size * dpr));
    QPixmap round(px, px);
    round.fill(Qt::transparent);
    {
        QPainter p(&round);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        QPainterPath circle;
        circle.addEllipse(QRectF(0, 0, px, px));
        p.setClipPath(circle);
        p.drawImage(QRect(0, 0, px, px), *image);
    }
    round.setDevicePixelRatio(dpr);
    m_scaled.insert(key, round);
    return round;
}

void AvatarCache::onDecoded(const QString &hash, const QImage &image)
{
    m_pending.remove(hash);
    if (image.isNull())
        m_unusable.insert(hash);
    else
        m_images.insert(hash, image);
    Q_EMIT ready(hash);
}

} // namespace crosstalk::ui
