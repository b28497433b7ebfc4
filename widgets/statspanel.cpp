#include "statspanel.h"

#include "format.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

#include <algorithm>

namespace ql {

StatsPanel::StatsPanel(QWidget* parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
{
    m_form->setLabelAlignment(Qt::AlignRight);
    addRow("name", tr("Tensor"));
    addRow("shape", tr("Shape / type"));
    addRow("role", tr("Role / layer"));
    addRow("count", tr("Finite values"));
    addRow("min", tr("Minimum"));
    addRow("max", tr("Maximum"));
    addRow("mean", tr("Mean"));
    addRow("std", tr("Standard deviation"));
    addRow("kurtosis", tr("Excess kurtosis"));
    addRow("absmax", tr("max |x|"));
    addRow("ratio", tr("max |x| / std"));
    addRow("zeros", tr("Zero fraction"));
    addRow("nonfinite", tr("NaN / Inf"));
    addRow("percentiles", tr("Percentiles"));
    addRow("channels", tr("Output channels"));
}

void StatsPanel::addRow(const QString& key, const QString& label)
{
    auto* v = new QLabel(this);
    v->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->setObjectName(QStringLiteral("value_") + key);
    v->setWordWrap(true);
    m_form->addRow(label, v);
    m_values.insert(key, v);
}

void StatsPanel::set(const QString& key, const QString& text) { m_values.value(key)->setText(text); }

QString StatsPanel::value(const QString& key) const
{
    const QLabel* l = m_values.value(key);
    return l ? l->text() : QString();
}

void StatsPanel::clear()
{
    for (QLabel* l : std::as_const(m_values))
        l->clear();
}

void StatsPanel::setPending(const TensorInfo& t)
{
    clear();
    set("name", QString::fromStdString(t.name));
    set("shape", tr("%1 %2, %3").arg(formatShape(t.shape), QString::fromLatin1(dtypeName(t.dtype).data()), formatBytes(t.bytes)));
    set("role", tr("%1 / %2").arg(QString::fromLatin1(roleName(t.role).data()), t.layer >= 0 ? QString::number(t.layer) : tr("none")));
    set("count", tr("computing…"));
}

void StatsPanel::setStats(const TensorInfo& t, const TensorStats& s)
{
    setPending(t);
    const QLocale l;
    set("count", l.toString(qlonglong(s.count)));
    set("min", formatNumber(s.min));
    set("max", formatNumber(s.max));
    set("mean", formatNumber(s.mean));
    set("std", formatNumber(s.std));
    set("kurtosis", formatNumber(s.kurtosis));
    set("absmax", formatNumber(s.absmax));
    set("ratio", formatNumber(s.absmaxOverStd));
    set("zeros", l.toString(s.zeroFraction * 100, 'f', 2) + QStringLiteral(" %"));
    set("nonfinite", tr("%1 NaN, %2 Inf").arg(l.toString(qlonglong(s.nan)), l.toString(qlonglong(s.inf))));
    QStringList ps;
    for (const auto& [p, v] : s.percentiles) {
        ps << tr("p%1: %2").arg(l.toString(p), formatNumber(v));
    }
    set("percentiles", ps.join(QStringLiteral("\n")));
    if (!s.channelAbsmax.empty()) {
        const auto [lo, hi] = std::minmax_element(s.channelAbsmax.begin(), s.channelAbsmax.end());
        set("channels", tr("%1 (axis %2); max |x| per channel from %3 to %4")
                            .arg(l.toString(qlonglong(s.channelAbsmax.size())))
                            .arg(t.channelAxis())
                            .arg(formatNumber(*lo), formatNumber(*hi)));
    } else {
        set("channels", tr("—"));
    }
}

} // namespace ql
