#include "viewsettings.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>

namespace ql {

namespace {
    /// The controls that are settings: named by the view (Qt names its own inner widgets qt_…).
    QList<QWidget*> namedControls(const QWidget* view)
    {
        QList<QWidget*> out;
        for (QWidget* w : view->findChildren<QWidget*>()) {
            const QString name = w->objectName();
            if (name.isEmpty() || name.startsWith(QLatin1String("qt_")))
                continue;
            if (qobject_cast<QSpinBox*>(w) || qobject_cast<QDoubleSpinBox*>(w) || qobject_cast<QSlider*>(w) || qobject_cast<QComboBox*>(w)
                || qobject_cast<QLineEdit*>(w) || (qobject_cast<QAbstractButton*>(w) && static_cast<QAbstractButton*>(w)->isCheckable()))
                out << w;
        }
        return out;
    }
}

ViewSettings viewSettings(const QWidget* view)
{
    ViewSettings s;
    for (QWidget* w : namedControls(view)) {
        QString v;
        if (auto* b = qobject_cast<QSpinBox*>(w))
            v = QString::number(b->value());
        else if (auto* d = qobject_cast<QDoubleSpinBox*>(w))
            v = QString::number(d->value(), 'g', 17);
        else if (auto* sl = qobject_cast<QSlider*>(w))
            v = QString::number(sl->value());
        else if (auto* c = qobject_cast<QComboBox*>(w))
            v = QString::number(c->currentIndex());
        else if (auto* e = qobject_cast<QLineEdit*>(w)) {
            if (e->isReadOnly())
                continue;
            v = e->text();
        } else if (auto* ab = qobject_cast<QAbstractButton*>(w))
            v = ab->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
        s[w->objectName().toStdString()] = v.toStdString();
    }
    return s;
}

QStringList applyViewSettings(QWidget* view, const ViewSettings& settings)
{
    std::map<std::string, QWidget*> byName;
    for (QWidget* w : namedControls(view))
        byName.emplace(w->objectName().toStdString(), w);
    QStringList refused;
    for (const auto& [name, text] : settings) {
        const auto it = byName.find(name);
        const QString v = QString::fromStdString(text);
        bool ok = it != byName.end();
        if (!ok) {
            refused << QString::fromStdString(name);
            continue;
        }
        QWidget* w = it->second;
        if (auto* b = qobject_cast<QSpinBox*>(w)) {
            const int x = v.toInt(&ok);
            ok = ok && x >= b->minimum() && x <= b->maximum();
            if (ok)
                b->setValue(x);
        } else if (auto* d = qobject_cast<QDoubleSpinBox*>(w)) {
            const double x = v.toDouble(&ok);
            ok = ok && x >= d->minimum() && x <= d->maximum();
            if (ok)
                d->setValue(x);
        } else if (auto* sl = qobject_cast<QSlider*>(w)) {
            const int x = v.toInt(&ok);
            ok = ok && x >= sl->minimum() && x <= sl->maximum();
            if (ok)
                sl->setValue(x);
        } else if (auto* c = qobject_cast<QComboBox*>(w)) {
            const int x = v.toInt(&ok);
            ok = ok && x >= 0 && x < c->count();
            if (ok)
                c->setCurrentIndex(x);
        } else if (auto* e = qobject_cast<QLineEdit*>(w)) {
            ok = !e->isReadOnly();
            if (ok && e->text() != v) {
                e->setText(v);
                emit e->editingFinished(); // views act on a finished edit, as after the user's Enter
            }
        } else if (auto* ab = qobject_cast<QAbstractButton*>(w)) {
            ok = v == QLatin1String("true") || v == QLatin1String("false");
            if (ok)
                ab->setChecked(v == QLatin1String("true"));
        }
        if (!ok)
            refused << QString::fromStdString(name);
    }
    return refused;
}

} // namespace ql
