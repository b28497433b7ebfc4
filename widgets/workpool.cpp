#include "workpool.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace ql {

QThreadPool* workPool()
{
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool; // lives until exit: jobs may still hold it while statics unwind
        p->setMaxThreadCount(std::max(4, QThread::idealThreadCount()));
        p->setObjectName(QStringLiteral("QuantLens work"));
        return p;
    }();
    return pool;
}

} // namespace ql
