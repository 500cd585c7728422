#include "TraceContext.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace idc;

namespace {

const QRegularExpression headerPattern(QStringLiteral("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"));

} // namespace

class TestTraceContext : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void roundTripsThroughHeader();
    void generateProducesValidUniqueIds();
    void childKeepsTraceAndChangesParent();
    void isValidRejectsMalformedIds_data();
    void isValidRejectsMalformedIds();
};

void TestTraceContext::parseValid_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("traceId");
    QTest::addColumn<QByteArray>("parentId");
    QTest::addColumn<int>("flags");

    // The examples of the specification, section "traceparent Header Field Values".
    QTest::newRow("spec sampled") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                                  << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736") << QByteArray("00f067aa0ba902b7")
                                  << 0x01;
    QTest::newRow("spec not sampled") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
                                      << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736")
                                      << QByteArray("00f067aa0ba902b7") << 0x00;
    QTest::newRow("unknown flag bits kept")
        << QByteArray("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff")
        << QByteArray("0af7651916cd43dd8448eb211c80319c") << QByteArray("b7ad6b7169203331") << 0xff;
    QTest::newRow("surrounding white space")
        << QByteArray(" \t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t ")
        << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736") << QByteArray("00f067aa0ba902b7") << 0x01;
    QTest::newRow("higher version, same length")
        << QByteArray("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736") << QByteArray("00f067aa0ba902b7") << 0x01;
    QTest::newRow("higher version, extra field")
        << QByteArray("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-what-the-future-will-be-like")
        << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736") << QByteArray("00f067aa0ba902b7") << 0x09;
    QTest::newRow("trace id zero but for one digit")
        << QByteArray("00-00000000000000000000000000000001-0000000000000001-01")
        << QByteArray("00000000000000000000000000000001") << QByteArray("0000000000000001") << 0x01;
}

void TestTraceContext::parseValid()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, traceId);
    QFETCH(QByteArray, parentId);
    QFETCH(int, flags);

    const std::optional<TraceContext> context = TraceContext::parse(header);
    QVERIFY(context.has_value());
    QCOMPARE(context->traceId, traceId);
    QCOMPARE(context->parentId, parentId);
    QCOMPARE(int(context->flags), flags);
    QVERIFY(context->isValid());
}

void TestTraceContext::parseInvalid_data()
{
    QTest::addColumn<QByteArray>("header");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank") << QByteArray("   ");
    QTest::newRow("version ff") << QByteArray("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    QTest::newRow("version upper case") << QByteArray("0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    QTest::newRow("version not hex") << QByteArray("0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    QTest::newRow("version one digit") << QByteArray("0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    QTest::newRow("version 00 too long") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-");
    QTest::newRow("version 00 extra field")
        << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra");
    QTest::newRow("version 00 too short") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1");
    QTest::newRow("higher version, no dash after flags")
        << QByteArray("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x");
    QTest::newRow("higher version too short") << QByteArray("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0");
    QTest::newRow("trace id all zero") << QByteArray("00-00000000000000000000000000000000-00f067aa0ba902b7-01");
    QTest::newRow("parent id all zero") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01");
    QTest::newRow("trace id upper case") << QByteArray("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01");
    QTest::newRow("parent id upper case") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01");
    QTest::newRow("flags upper case") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A");
    QTest::newRow("flags not hex") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x");
    QTest::newRow("trace id not hex") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01");
    QTest::newRow("trace id short") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-011");
    QTest::newRow("parent id long") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b70-1");
    QTest::newRow("wrong separator") << QByteArray("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01");
    QTest::newRow("white space inside") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736 00f067aa0ba902b7-01");
    QTest::newRow("new line around") << QByteArray("\n00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

void TestTraceContext::parseInvalid()
{
    QFETCH(QByteArray, header);
    QVERIFY2(!TraceContext::parse(header).has_value(), header.constData());
}

void TestTraceContext::roundTripsThroughHeader()
{
    const QByteArray header("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    const std::optional<TraceContext> context = TraceContext::parse(header);
    QVERIFY(context.has_value());
    QCOMPARE(context->toHeader(), header);

    // A later version is answered in the only version this parser knows, keeping the ids.
    const std::optional<TraceContext> future =
        TraceContext::parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0a-extra");
    QVERIFY(future.has_value());
    QCOMPARE(future->toHeader(), QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0a"));
}

void TestTraceContext::generateProducesValidUniqueIds()
{
    QSet<QByteArray> traceIds;
    QSet<QByteArray> parentIds;
    for (int i = 0; i < 1000; ++i) {
        const TraceContext context = TraceContext::generate();
        QVERIFY(context.isValid());
        QCOMPARE(context.flags, quint8(0x01));
        const QByteArray header = context.toHeader();
        QVERIFY2(headerPattern.match(QString::fromLatin1(header)).hasMatch(), header.constData());
        QCOMPARE(TraceContext::parse(header), context);
        traceIds.insert(context.traceId);
        parentIds.insert(context.parentId);
    }
    QCOMPARE(traceIds.size(), 1000);
    QCOMPARE(parentIds.size(), 1000);
}

void TestTraceContext::childKeepsTraceAndChangesParent()
{
    const TraceContext parent = *TraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    const TraceContext first = parent.child();
    const TraceContext second = parent.child();

    QVERIFY(first.isValid());
    QCOMPARE(first.traceId, parent.traceId);
    QCOMPARE(first.flags, parent.flags);
    QVERIFY(first.parentId != parent.parentId);
    QVERIFY(second.parentId != first.parentId);
    QCOMPARE(first.parentId.size(), 16);
}

void TestTraceContext::isValidRejectsMalformedIds_data()
{
    QTest::addColumn<QByteArray>("traceId");
    QTest::addColumn<QByteArray>("parentId");
    QTest::addColumn<bool>("valid");

    QTest::newRow("valid") << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736") << QByteArray("00f067aa0ba902b7") << true;
    QTest::newRow("default constructed") << QByteArray() << QByteArray() << false;
    QTest::newRow("zero trace") << QByteArray(32, '0') << QByteArray("00f067aa0ba902b7") << false;
    QTest::newRow("zero parent") << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736") << QByteArray(16, '0') << false;
    QTest::newRow("upper case") << QByteArray("4BF92F3577B34DA6A3CE929D0E0E4736") << QByteArray("00f067aa0ba902b7")
                                << false;
    QTest::newRow("short parent") << QByteArray("4bf92f3577b34da6a3ce929d0e0e4736") << QByteArray("00f067aa0ba902b")
                                  << false;
}

void TestTraceContext::isValidRejectsMalformedIds()
{
    QFETCH(QByteArray, traceId);
    QFETCH(QByteArray, parentId);
    QFETCH(bool, valid);
    QCOMPARE((TraceContext{traceId, parentId, 0x01}.isValid()), valid);
}

QTEST_GUILESS_MAIN(TestTraceContext)
#include "tst_trace_context.moc"
