// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/version.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("crosstalk"));
    QApplication::setApplicationVersion(QStringLiteral(CROSSTALK_VERSION));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
