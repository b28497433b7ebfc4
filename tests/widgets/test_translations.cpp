// Translations: every message of every .ts file is finished, and every tr() string in the sources
// is in the .ts files (lupdate is run on the sources into a scratch file and compared).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {
struct Message {
    QString context, source;
    bool finished = false;
};

QList<Message> readTs(const QString& path)
{
    QList<Message> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&f);
    QString context;
    Message current;
    bool inMessage = false;
    QStringList forms;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == u"name" && !inMessage) {
                context = xml.readElementText();
            } else if (xml.name() == u"message") {
                inMessage = true;
                current = Message { context, {}, false };
                forms.clear();
            } else if (xml.name() == u"source") {
                current.source = xml.readElementText();
            } else if (xml.name() == u"translation") {
                const auto type = xml.attributes().value(QStringLiteral("type"));
                const bool markedDone = type.isEmpty();
                // Plain translations have text; numerus ones have one or more non-empty forms.
                QString text;
                bool allFormsFilled = true;
                int nForms = 0;
                while (!(xml.isEndElement() && xml.name() == u"translation") && !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isCharacters())
                        text += xml.text().toString().trimmed();
                    if (xml.isStartElement() && xml.name() == u"numerusform") {
                        ++nForms;
                        if (xml.readElementText().trimmed().isEmpty())
                            allFormsFilled = false;
                    }
                }
                current.finished = markedDone && (nForms > 0 ? allFormsFilled : !text.isEmpty());
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            inMessage = false;
            out << current;
        }
    }
    return out;
}
} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

    const QStringList m_files { QStringLiteral(QL_SOURCE_DIR "/translations/quantlens_de.ts"),
        QStringLiteral(QL_SOURCE_DIR "/translations/quantlens_zh_CN.ts") };

private slots:
    void everyMessageFinished()
    {
        for (const QString& file : m_files) {
            const auto messages = readTs(file);
            QVERIFY2(messages.size() > 50, qPrintable(file));
            for (const auto& m : messages)
                QVERIFY2(m.finished, qPrintable(QStringLiteral("%1: unfinished '%2' (%3)").arg(file, m.source, m.context)));
        }
    }

    void everySourceStringIsTranslated()
    {
        QTemporaryDir dir;
        const QString scratch = dir.filePath(QStringLiteral("scan.ts"));
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(QL_SOURCE_DIR));
        lupdate.start(QStringLiteral(QL_LUPDATE), { QStringLiteral("-silent"), QStringLiteral("widgets"), QStringLiteral("app/gui"),
                                                      QStringLiteral("-ts"), scratch });
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);
        const auto scanned = readTs(scratch);
        QVERIFY(scanned.size() > 50);
        for (const QString& file : m_files) {
            QSet<QString> have;
            for (const auto& m : readTs(file))
                if (m.finished)
                    have.insert(m.context + QLatin1Char('\x1f') + m.source);
            for (const auto& m : scanned)
                QVERIFY2(have.contains(m.context + QLatin1Char('\x1f') + m.source),
                    qPrintable(QStringLiteral("%1 lacks a translation of '%2' (%3): run lupdate and translate it").arg(file, m.source, m.context)));
        }
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
