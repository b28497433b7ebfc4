#pragma once
// Runs checks once per instruction set the vector kernels were compiled for and this CPU supports
// (AVX-512, AVX2, SSE4, SSSE3, Highway's 128-bit emulation …), so that a machine without the best
// one is covered too.
#include <QTest>

#include <hwy/targets.h>

namespace fixtures {

/// Calls \p checks with the dispatch forced to each supported target in turn; on the first failure
/// the test fails naming that target. \returns how many targets ran.
template <typename Checks>
int onEverySimdTarget(Checks&& checks)
{
    int targets = 0;
    for (const int64_t target : hwy::SupportedAndGeneratedTargets()) {
        hwy::SetSupportedTargetsForTest(target);
        checks();
        hwy::SetSupportedTargetsForTest(0);
        if (QTest::currentTestFailed()) {
            QTest::qFail(qPrintable(QStringLiteral("on %1").arg(QLatin1String(hwy::TargetName(target)))), __FILE__, __LINE__);
            return targets;
        }
        ++targets;
    }
    return targets;
}

} // namespace fixtures
