#include "format.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace ql {

QString formatCount(int64_t n)
{
    const QLocale l;
    const double v = double(n);
    if (std::fabs(v) >= 1e9)
        return QCoreApplication::translate("Format", "%1 B").arg(l.toString(v / 1e9, 'f', 2));
    if (std::fabs(v) >= 1e6)
        return QCoreApplication::translate("Format", "%1 M").arg(l.toString(v / 1e6, 'f', 2));
    if (std::fabs(v) >= 1e4)
        return QCoreApplication::translate("Format", "%1 k").arg(l.toString(v / 1e3, 'f', 1));
    return l.toString(qlonglong(n));
}

QString formatBytes(uint64_t n) { return QLocale().formattedDataSize(qint64(n), 1, QLocale::DataSizeIecFormat); }

QString formatShape(const std::vector<int64_t>& shape)
{
    QStringList parts;
    for (auto d : shape)
        parts << QString::number(d);
    return QStringLiteral("[%1]").arg(parts.join(QStringLiteral(", ")));
}

QString shortSpec(const std::string& spec)
{
    QString s = QString::fromStdString(spec);
    s.replace(QStringLiteral(":sym"), QString());
    s.replace(QStringLiteral(":minmax"), QString());
    return s;
}

QString formatNumber(double v)
{
    if (std::isnan(v))
        return QStringLiteral("—");
    return QLocale().toString(v, 'g', 6);
}

} // namespace ql
